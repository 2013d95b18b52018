"""Chart output for the book: a Vega spec (compiled from Vega-Lite) for the website, a vector PDF for PDF front ends."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import functools
import html
import io
import json
import numbers
import re
import subprocess
import sys
from dataclasses import dataclass, field

import altair as alt
import numpy as np
import pandas as pd
import vl_convert as vlc

from fastlege_calc import fmt
from fastlege_calc.charts import theme, vlcache
from fastlege_calc.sources import source_line

VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])  # e.g. "6.4", as vl-convert names it


def embed_options() -> dict:
    """Options stored in each spec's usermeta for the site's charts.js: Norwegian formats, SVG, no action menu."""
    return {
        "renderer": "svg",
        "actions": False,
        "formatLocale": fmt.d3_format_locale(),
        "timeFormatLocale": fmt.d3_time_format_locale(),
    }


@dataclass
class ChartFigure:
    """A chart with its text alternative, shown as an interactive chart in HTML and a vector image in PDF."""

    chart: alt.TopLevelMixin
    alt_text: str
    source_ids: list[str] = field(default_factory=list)
    #: The numbers behind the chart as readers should see them (column titles as headers). By default they
    #: are read from the chart itself: the fields its tooltips (or axes and legends) show, from its data.
    table: pd.DataFrame | None = None
    #: The chart's figure name in the registry ("fig-kostnader"); ChartEntry.build sets it. The book's build
    #: names the chart's download files by it and by the chart's number (fastlege_calc.charts.downloads).
    name: str = ""
    #: d3 formats of the given table's numeric columns by header (".1%" for a share 0–1); others as they are.
    table_formats: dict[str, str] = field(default_factory=dict)
    #: The table's caption; by default the text alternative.
    caption: str = ""
    #: Readers can sort the table by any column (fastlege-charts.js; Norwegian collation for names).
    sortable: bool = False
    #: Named datasets (name → rows or a TopoJSON object) put into the spec after Altair has checked it; the
    #: chart refers to them by alt.NamedData. For large data only: Altair checks a dataset given to the chart
    #: value by value against the Vega-Lite schema, which took about 2 s for the municipal map's boundaries
    #: and rows, in every process that drew it.
    datasets: dict[str, object] = field(default_factory=dict)

    def spec(self) -> dict:
        """The Vega-Lite spec with the theme, the text alternative and the embed options (a fresh copy)."""
        return copy.deepcopy(self._spec)

    @functools.cached_property
    def _spec(self) -> dict:
        """The spec, computed once (Altair validates it against the Vega-Lite schema, which is slow)."""
        theme.enable()
        spec = self.chart.to_dict()
        if self.datasets:
            spec["datasets"] = {**spec.get("datasets", {}), **self.datasets}
        spec["description"] = self.alt_text
        spec.setdefault("usermeta", {})["embedOptions"] = embed_options()
        if not _encodings_with(spec, "tooltip"):
            # Tooltips on every chart: without tooltip channels, show the encoded fields (formatted as encoded).
            spec.setdefault("config", {}).setdefault("mark", {})["tooltip"] = {"content": "encoding"}
        return spec

    @functools.cached_property
    def data_table(self) -> ChartTable:
        """The numbers behind the chart: typed columns with titles and the formats the chart uses."""
        if self.table is not None:
            return ChartTable.from_frame(self.table, self.table_formats, sortable=self.sortable)
        return ChartTable.from_spec(self._spec)

    def csv(self) -> str:
        """The numbers behind the chart as CSV for programs: comma-separated, decimal point, ISO dates, UTF-8.

        Numbers are rounded to the decimals the chart shows (a share shown as 26,9 % is 0.269).
        """
        return self.data_table.csv()

    def details_html(self) -> str:
        """The numbers as an accessible table, collapsed under the chart, with the source.

        After it, a place for the download links (PNG, SVG, Excel, CSV): the book's build fills it, since
        the files are named by the chart's number in the book (fastlege_book.downloads).
        """
        source = html.escape(source_line(self.source_ids)) if self.source_ids else ""
        return (
            '<details class="fl-chart-data"><summary>Tallene bak figuren</summary>'
            + self.data_table.html(caption=self.caption or self.alt_text)
            + (f'<p class="fl-chart-source">{source}</p>' if source else "")
            + "</details>"
            + (download_marker(self.name) if self.name else "")
        )

    def static_spec(self) -> dict:
        """The spec for a picture of fixed size: the container width replaced by the theme's width."""
        spec = self.spec()
        if spec.get("width") == "container":
            spec["width"] = theme.WIDTH_PX
        return spec

    def png(self, scale: float = 2) -> bytes:
        """The chart as a PNG picture, `scale` times the theme's size (sharp on slides and high-density screens)."""
        return _png(json.dumps(self.static_spec(), sort_keys=True), scale)

    def svg(self) -> str:
        """The chart as SVG vector graphics with Norwegian numbers (text stays text)."""
        return _svg(json.dumps(self.static_spec(), sort_keys=True))

    def vega_spec(self) -> dict:
        """The spec compiled to Vega at build time, so the site loads plain Vega, not Vega-Lite (a fresh copy)."""
        return json.loads(_vega_json(json.dumps(self._spec, sort_keys=True)))

    def html(self) -> str:
        """A container the site's charts.js fills with the chart; the compiled Vega spec travels with it."""
        spec = json.dumps(self.vega_spec(), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        return (
            '<div class="fl-chart">'
            f'<div class="fl-chart-view" role="img" aria-label="{html.escape(self.alt_text)}"></div>'
            f'<script type="application/json" class="fl-chart-spec">{spec}</script>'
            f"{self.details_html()}"
            "</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """HTML for the website and the text alternative as plain text.

        No vector PDF: the PDFs draw each chart as SVG from the website's HTML (fastlege_book.pdf.charts),
        and rendering one per chart in every notebook run cost about 1 s of each build.
        """
        return {"text/html": self.html(), "text/plain": self.alt_text}


def _locales() -> dict:
    """Norwegian number and date formats for vl-convert."""
    return {"format_locale": fmt.d3_format_locale(), "time_format_locale": fmt.d3_time_format_locale()}


@functools.lru_cache(maxsize=64)
def _png(spec_json: str, scale: float) -> bytes:
    """vl-convert a spec to PNG (cached)."""
    return vlcache.convert("vegalite_to_png", spec_json, vl_version=VL_VERSION, scale=scale, **_locales())


@functools.lru_cache(maxsize=64)
def _svg(spec_json: str) -> str:
    """vl-convert a spec to SVG (cached)."""
    return vlcache.convert("vegalite_to_svg", spec_json, vl_version=VL_VERSION, **_locales())


#: The empty paragraph under a chart that the book's build fills with the chart's download links.
DOWNLOAD_MARKER = '<p class="fl-chart-download" data-fl-chart="{name}"></p>'


def download_marker(name: str) -> str:
    """The place for a chart's download links, by its figure name (fastlege_book.downloads fills it)."""
    return DOWNLOAD_MARKER.format(name=html.escape(name))


@functools.lru_cache(maxsize=64)
def _vega_json(spec_json: str) -> str:
    """vl-convert a Vega-Lite spec to Vega (cached: the same spec compiles to the same Vega)."""
    return json.dumps(vlcache.convert("vegalite_to_vega", spec_json, vl_version=VL_VERSION), ensure_ascii=False)


def javascript_bundle() -> str:
    """Vega alone as one classic script that sets window.vega (no CDN; specs are compiled at build time).

    The bundle's top-level names are wrapped in a function scope: as a plain script they would
    clash with the theme's own globals (for example `_`).
    """
    # The snippet's own name `vega` is bound to null (vl-convert 1.9): import Vega's module by the path
    # vl-convert's bundler resolves it under, and the bundle holds Vega and its dependencies only.
    snippet = f'import * as vegaModule from "/npm/vega@{vlc.get_vega_version()}/+esm"; window.vega = vegaModule;'
    # It depends on vl-convert's version alone: made once per environment (vlcache.environment_cache).
    bundle = vlcache.cached(
        vlcache.environment_cache(), f"vl-convert-{vlc.__version__}-{bundle_name()}", lambda: _bundle_in_child(snippet)
    )
    return "(function () {\n" + bundle.decode("utf-8") + "\n})();\n"


#: vl-convert's bundler run in a process of its own: the book's build asks for the bundle in Sphinx's
#: main process, which then forks the page readers, and vl-convert started in a process that forks
#: hangs in the children (where the notebooks draw their charts).
_BUNDLE_IN_CHILD = "import sys, vl_convert as vlc; sys.stdout.buffer.write(vlc.javascript_bundle(sys.argv[1]).encode())"


def _bundle_in_child(snippet: str) -> bytes:
    """vl_convert.javascript_bundle(snippet) as UTF-8, computed in a child process (see _BUNDLE_IN_CHILD)."""
    return subprocess.run([sys.executable, "-c", _BUNDLE_IN_CHILD, snippet], capture_output=True, check=True).stdout


def bundle_name() -> str:
    """File name of the bundle, versioned so browsers and the build cache stay correct."""
    return f"vega-bundle-v4-vega{vlc.get_vega_version()}.js"


# --- The numbers behind a chart ---------------------------------------------------------------------------------

CHANNELS = ("x", "y", "x2", "y2", "color", "theta", "size", "shape", "text", "detail")


def _encodings_with(spec: dict, channel: str) -> list[tuple[dict, dict]]:
    """Every (view, encoding) pair in a spec (including layers and concatenations) that uses a channel."""
    found = []

    def walk(view: dict) -> None:
        encoding = view.get("encoding") or {}
        if channel in encoding:
            found.append((view, encoding))
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for child in view.get(key) or []:
                walk(child)
        if isinstance(view.get("spec"), dict):
            walk(view["spec"])

    walk(spec)
    return found


#: What a table shows for a number the data lack (the CSV leaves the cell empty).
NO_FIGURE = "ingen tall"


@dataclass(frozen=True)
class Column:
    """A column of a chart's table: field, reader's title, Vega-Lite type and d3 format."""

    field: str
    title: str
    type: str = "nominal"
    format: str | None = None


@dataclass
class ChartTable:
    """Rows and typed columns, rendered as an HTML table with Norwegian numbers and as CSV."""

    frame: pd.DataFrame
    columns: list[Column]
    #: Rendered with sort buttons in the headers and each number's value in data-sort (fastlege-charts.js).
    sortable: bool = False

    @classmethod
    def from_frame(
        cls, frame: pd.DataFrame, formats: dict[str, str] | None = None, sortable: bool = False
    ) -> ChartTable:
        """A table given by the chart's author: headers as they are, numbers by their type.

        `formats` gives a column's d3 format by its header (".1%" for a share 0–1, ",.0f" for a count).
        """
        formats = formats or {}
        columns = [
            Column(
                str(c),
                str(c),
                "quantitative" if pd.api.types.is_numeric_dtype(frame[c]) else "nominal",
                formats.get(str(c)),
            )
            for c in frame.columns
        ]
        return cls(frame.rename(columns=str).reset_index(drop=True), columns, sortable)

    @classmethod
    def from_spec(cls, spec: dict) -> ChartTable:
        """The fields a chart's tooltips show (else its axes and legends), from the data the chart embeds."""
        datasets = spec.get("datasets") or {}
        views = _encodings_with(spec, "tooltip")
        columns: list[Column] = []
        view = spec
        if views:
            view = views[0][0]
            for _view, encoding in views:
                tips = encoding["tooltip"]
                for tip in tips if isinstance(tips, list) else [tips]:
                    columns.append(_column(tip, spec))
        else:
            for channel in CHANNELS:
                for view_, encoding in _encodings_with(spec, channel):
                    view = view if columns else view_
                    defn = encoding[channel]
                    if isinstance(defn, dict) and defn.get("field"):
                        columns.append(_column(defn, spec))
        columns = [c for c in columns if c.field]
        columns = list({c.field: c for c in reversed(columns)}.values())[::-1]  # unique fields, first title wins
        name = (view.get("data") or spec.get("data") or {}).get("name")
        values = datasets.get(name) if name else (spec.get("data") or {}).get("values")
        if values is None and datasets:
            values = next(iter(datasets.values()))
        frame = pd.DataFrame(values or [])
        for transform in view.get("transform") or []:
            match = re.fullmatch(r"datum\.(\w+)", str(transform.get("filter", "")))
            if match and match.group(1) in frame:
                frame = frame[frame[match.group(1)].astype(bool)]
        missing = [c.field for c in columns if c.field not in frame]
        if missing:
            raise ValueError(f"chart table: fields {missing} are not in the chart's data; pass ChartFigure(table=...)")
        frame = frame[[c.field for c in columns]].drop_duplicates().reset_index(drop=True)
        return cls(frame, columns)

    def text(self, column: Column, value) -> str:
        """A cell as a reader sees it: Norwegian numbers and dates; a missing number is NO_FIGURE, never 0."""
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return NO_FIGURE if column.type == "quantitative" else ""
        if column.type == "temporal":
            return fmt.date_long(pd.Timestamp(value).date())
        if column.type == "quantitative" and isinstance(value, numbers.Real) and not isinstance(value, bool):
            return _d3_number(float(value), column.format)  # also numpy's integers (rows of an Int64 column)
        return str(value)

    def html(self, caption: str = "") -> str:
        """An HTML table with a caption and column headers."""
        head = "".join(f'<th scope="col">{html.escape(c.title)}</th>' for c in self.columns)
        body = "".join(
            "<tr>" + "".join(self._cell(c, row[i]) for i, c in enumerate(self.columns)) + "</tr>"
            for row in self.frame.itertuples(index=False)
        )
        cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
        label = "Tabell: " + (caption[:80] if caption else "tallene bak figuren")  # scrolls sideways on phones
        sort = " data-fl-sortable" if self.sortable else ""
        return (
            f'<div class="fl-table-wrap" tabindex="0" role="region" aria-label="{html.escape(label)}">'
            f'<table class="fl-chart-table"{sort}>{cap}'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        )

    def _cell(self, column: Column, value) -> str:
        """One <td>: numbers right-aligned (class fl-num), with their raw value in data-sort when sortable."""
        text = html.escape(self.text(column, value))
        if column.type != "quantitative":
            return f"<td>{text}</td>"
        raw = _csv_value(column, value)
        sort = f' data-sort="{raw}"' if self.sortable and raw != "" else ""
        return f'<td class="fl-num"{sort}>{text}</td>'

    def csv(self) -> str:
        """Machine-readable CSV: headers as titles, numbers rounded as the chart shows them, dates as ISO dates."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.title for c in self.columns])
        for row in self.frame.itertuples(index=False):
            writer.writerow([_csv_value(c, v) for c, v in zip(self.columns, row, strict=True)])
        return out.getvalue()


def _column(defn: dict, spec: dict) -> Column:
    """A table column from an encoding or tooltip definition (title falls back to the field name)."""
    field_ = defn.get("field", "")
    if isinstance(field_, dict):
        field_ = field_.get("repeat", "")
    title = defn.get("title")
    title = " ".join(title) if isinstance(title, list) else (title or "")
    return Column(field_, title.strip() or "Kategori", defn.get("type", "nominal"), defn.get("format"))


def cell_value(column: Column, value):
    """A cell's value for files (CSV, Excel): None when missing, a date, text, or a number rounded as shown.

    A whole number comes as an int (1270, not 1270.0); a share shown as 26,9 % as 0.269.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()  # a NumPy number from a table column (int64 780384) as Python's int or float
    if column.type == "temporal":
        return pd.Timestamp(value).date()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    rounded = round(float(value), shown_decimals(value, column.format))
    return int(rounded) if rounded.is_integer() else rounded


def _csv_value(column: Column, value):
    """A CSV cell: ISO dates, plain numbers rounded as the chart shows them (integers without a decimal point)."""
    found = cell_value(column, value)
    if found is None:
        return ""
    return found.isoformat() if isinstance(found, dt.date) else found


D3_FORMAT = re.compile(r"[^\d.]*?(?:\.(\d+))?(~)?([f%])?")


def _d3_decimals(d3_format: str | None) -> tuple[int | None, bool, str | None]:
    """(decimals, trim trailing zeros, kind "f" or "%") of a d3 format string (",.0f", ".1%", ",.2~f")."""
    match = D3_FORMAT.fullmatch(d3_format or "")
    if not match:
        return None, False, None
    return (int(match.group(1)) if match.group(1) else None), bool(match.group(2)), match.group(3)


def shown_decimals(value: float, d3_format: str | None) -> int:
    """Decimals of the number as the chart shows it: a share shown as 26,9 % has three (0.269)."""
    decimals, _trim, kind = _d3_decimals(d3_format)
    if kind == "%":
        return (decimals or 0) + 2
    if decimals is None:
        return 0 if float(value).is_integer() else 2
    return decimals


def _d3_number(value: float, d3_format: str | None) -> str:
    """A number formatted in Norwegian the way a d3 format string asks (",.0f", ".1%", ",.2~f")."""
    decimals, trim, kind = _d3_decimals(d3_format)
    if kind == "%":
        return fmt.percent(value, decimals or 0)
    text = fmt.number(value, shown_decimals(value, d3_format))
    if trim and "," in text:  # "~": trim insignificant trailing zeros
        text = text.rstrip("0").rstrip(",")
    return text
