"""Every chart's files in the website: the picture (PNG, SVG) and its numbers (Excel, CSV), linked under it.

The files are named by the chart's number in the built book (fastlege_calc.charts.downloads.file_stem:
figur-5-1-inntektskilder.xlsx), which only Sphinx knows; so the build, not the chart, writes them:

- while a page is read, the charts its code draws (`charts.show`) are kept with their pictures and
  numbers (DrawnChart, in Sphinx's doctree folder, noted in the environment with the page);
- when the build has finished, every chart of the registry that the book shows has its files written
  into the website's folder FIGURE_FILES, with one workbook holding every chart's numbers
  (ALL_FIGURES_XLSX): from the chart its page drew when that page was last read (a page is read again
  whenever what it shows changes, fastlege_book.incremental), else drawn again; a rebuild whose charts
  are made from the same inputs (every byte of the data folder and of both packages, the libraries
  that draw and write them, the build date and each chart's number, caption and address) keeps the
  files the last build wrote (RECORD);
- when a page is written, the empty paragraph each chart leaves under itself (render.download_marker)
  becomes the links to its files;
- the role {figurtall}`link text` links the workbook with every chart's numbers (on *Om tallene*).

The files are links, never inlined: a chart page weighs what it did without them.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib.metadata
import json
import os
import pickle
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from fastlege_book import incremental
from fastlege_book.buildinfo import build_date
from fastlege_book.layout import FIGURE_FILES
from fastlege_book.pdf import charts as print_charts
from fastlege_calc import data
from fastlege_calc.charts import REGISTRY
from fastlege_calc.charts import registry as chart_registry
from fastlege_calc.charts.downloads import ALL_FIGURES_XLSX, FORMATS, NumberedChart, chart_files, file_stem, workbook
from fastlege_calc.charts.registry import ChartEntry
from fastlege_calc.charts.render import ChartFigure, ChartTable

MARKER = re.compile(r'<p class="fl-chart-download" data-fl-chart="([^"]+)"></p>')
WORKBOOK_TITLE = "Fastlegeordningen – tallene bak figurene"
#: What the last build wrote into FIGURE_FILES and from which inputs (JSON in Sphinx's doctree folder, so
#: the work folder keeps it between builds and a clean build has none).
RECORD = "fastlege-chart-files.json"
#: The folder in Sphinx's doctree folder that keeps the charts each page drew when it was last read.
DRAWN_FOLDER = "fastlege-charts"
#: The libraries whose versions change a chart's files: the chart spec, its pictures, its workbook, its numbers.
DRAWING_LIBRARIES = ("altair", "vl-convert-python", "openpyxl", "pandas", "numpy")


def chart_number(env, docname: str, name: str) -> str:
    """The chart's number in the built book ('5.1'), or '' where the book does not number it."""
    number = env.toc_fignumbers.get(docname, {}).get("figure", {}).get(name)
    return ".".join(str(n) for n in number) if number else ""


def _caption(env, docname: str, name: str) -> str:
    """The caption the chapter gives the chart (its figure named `name`), as plain text."""
    doctree = env.get_doctree(docname)
    for figure in doctree.findall(nodes.figure):
        if name in figure["ids"]:
            caption = figure.next_node(nodes.caption)
            return caption.astext() if caption is not None else ""
    return ""


def shown_charts(app: Sphinx) -> list[tuple[ChartEntry, str, str, str]]:
    """Every chart of the registry that the book shows, in the book's order: (entry, number, caption, address).

    Nothing is drawn: the number and caption come from the built book, the address from the site's.
    """
    env = app.env
    # The site's address comes from sphinxext-opengraph's setting; a book without it links relatively.
    site = (getattr(app.config, "ogp_site_url", "") or "").rstrip("/")
    found = []
    for entry in REGISTRY.values():
        if entry.chapter not in env.found_docs:
            continue
        url = f"{site}/{entry.chapter}.html#{entry.name}" if site else f"{entry.chapter}.html#{entry.name}"
        number = chart_number(env, entry.chapter, entry.name)
        found.append((entry, number, _caption(env, entry.chapter, entry.name), url))
    return sorted(found, key=lambda shown: [int(n) for n in shown[1].split(".") if n.isdigit()])


@dataclass
class DrawnChart:
    """A chart as its page drew it while being read: its pictures and numbers, ready for its download files.

    Stands in for the ChartFigure in fastlege_calc.charts.downloads (the same attributes and methods that
    chart_files and workbook use), so the files are written without drawing the chart again.
    """

    name: str
    alt_text: str
    source_ids: list[str]
    data_table: ChartTable
    png_bytes: bytes
    svg_text: str
    csv_text: str
    #: The versions of DRAWING_LIBRARIES it was drawn with (a page is not read again when only they change).
    made_with: dict[str, str]

    @classmethod
    def of(cls, figure: ChartFigure) -> DrawnChart:
        """What the download files need of a drawn chart (its PNG at the default scale, SVG and CSV)."""
        return cls(
            figure.name,
            figure.alt_text,
            list(figure.source_ids),
            figure.data_table,
            figure.png(),
            figure.svg(),
            figure.csv(),
            library_versions(),
        )

    def png(self) -> bytes:
        """The PNG as ChartFigure.png() gave it."""
        return self.png_bytes

    def svg(self) -> str:
        """The SVG as ChartFigure.svg() gave it."""
        return self.svg_text

    def csv(self) -> str:
        """The CSV as ChartFigure.csv() gave it."""
        return self.csv_text


def _drawn_path(app: Sphinx, docname: str, name: str) -> Path:
    return Path(app.doctreedir) / DRAWN_FOLDER / f"{docname.replace('/', '__')}__{name}.pickle"


def _drawn(env) -> dict[str, dict[str, str]]:
    """Page → {chart name: SHA-256 of the kept DrawnChart} for the charts each page drew when last read."""
    return incremental.page_store(env, "fastlege_drawn")


def _start_reading(app: Sphinx, docname: str, source: list[str]) -> None:
    """A page is being read: collect the charts its code draws."""
    chart_registry.DRAWN = []


def _keep_drawn(app: Sphinx, doctree) -> None:
    """The page was read: keep each of its own charts that its code drew (the last drawing of a name).

    When the build makes the PDFs too, every chart the page drew is drawn for print as well, here in
    the page's reader process (fastlege_book.pdf.charts.draw_ahead).
    """
    docname = app.env.docname
    figures, chart_registry.DRAWN = chart_registry.DRAWN or [], None
    if os.environ.get(print_charts.DRAW_AHEAD_ENV):
        for figure in figures:
            print_charts.draw_ahead(figure.vega_spec())
    kept = {}
    for figure in figures:
        entry = REGISTRY.get(figure.name)
        if entry is None or entry.chapter != docname:
            continue  # a chart of another page: its own page keeps it
        content = pickle.dumps(DrawnChart.of(figure), protocol=pickle.HIGHEST_PROTOCOL)
        path = _drawn_path(app, docname, figure.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        kept[figure.name] = _digest(content)
    _drawn(app.env)[docname] = kept


def drawn_chart(app: Sphinx, entry: ChartEntry) -> DrawnChart | None:
    """The chart as its page drew it when it was last read, or None (not drawn then, or its file is not that one)."""
    digest = _drawn(app.env).get(entry.chapter, {}).get(entry.name)
    path = _drawn_path(app, entry.chapter, entry.name)
    if digest is None or not path.is_file():
        return None
    content = path.read_bytes()
    if _digest(content) != digest:
        return None
    try:
        chart = pickle.loads(content)
    except (pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError, EOFError):
        return None  # kept by an older build whose DrawnChart differed
    if not isinstance(chart, DrawnChart) or getattr(chart, "made_with", None) != library_versions():
        return None
    return chart


def numbered_charts(app: Sphinx, shown: list[tuple[ChartEntry, str, str, str]] | None = None) -> list[NumberedChart]:
    """Every chart of the registry that the book shows (`shown_charts`), in the book's order, ready for its files.

    Each as its page drew it when last read (`drawn_chart`), else drawn now.
    """
    return [
        NumberedChart(number, caption, url, drawn_chart(app, entry) or entry.build())
        for entry, number, caption, url in (shown_charts(app) if shown is None else shown)
    ]


@functools.cache
def library_versions() -> dict[str, str]:
    """The installed version of each of DRAWING_LIBRARIES and of Python."""
    versions = {name: importlib.metadata.version(name) for name in DRAWING_LIBRARIES}
    return versions | {"python": ".".join(map(str, sys.version_info[:2]))}


def files_inputs(shown: list[tuple[ChartEntry, str, str, str]], built) -> str:
    """A digest of everything the chart files are made from (SHA-256, hex).

    Every byte of the data folder (its tables, the map's geometry), every file of both packages (the
    charts, how they are drawn and written), the versions of DRAWING_LIBRARIES and of Python, the
    build date (printed in the workbooks) and each shown chart's name, number, caption and address.
    """
    facts = {
        "data": incremental.file_hash(data.data_dir()),
        "code": incremental.writer_hash(),
        "libraries": library_versions(),
        "built": built.isoformat(),
        "charts": [[entry.name, entry.chapter, number, caption, url] for entry, number, caption, url in shown],
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _kept(folder: Path, record: Path, inputs: str) -> bool:
    """The folder holds exactly the files the last build recorded, unchanged, and they were made from `inputs`."""
    try:
        last = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(last, dict) or last.get("inputs") != inputs or not folder.is_dir():
        return False
    files = last.get("files") or {}
    present = {path.name for path in folder.iterdir()}
    return present == set(files) and all(_digest((folder / name).read_bytes()) == files[name] for name in files)


def _write(path: Path, content: bytes) -> None:
    """Write a file only when its content changed (a rebuild leaves unchanged files alone)."""
    if not path.is_file() or path.read_bytes() != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _write_files(app: Sphinx, exception: Exception | None) -> None:
    """After an HTML build: every chart's files and the workbook of all charts into the site's FIGURE_FILES.

    When the files in the folder are those the last build wrote (RECORD, checked file by file) from the
    same inputs (`files_inputs`), nothing is drawn or written.
    """
    if exception is not None or app.builder.format != "html":
        return
    shown = shown_charts(app)
    if not shown:
        return
    folder = Path(app.outdir) / FIGURE_FILES
    record = Path(app.doctreedir) / RECORD
    built = build_date()
    inputs = files_inputs(shown, built)
    if _kept(folder, record, inputs):
        return
    record.unlink(missing_ok=True)
    charts = numbered_charts(app, shown)
    written = {}
    for chart in charts:
        for name, content in chart_files(chart, built).items():
            _write(folder / name, content)
            written[name] = _digest(content)
    content = workbook(charts, built, title=WORKBOOK_TITLE)
    _write(folder / ALL_FIGURES_XLSX, content)
    written[ALL_FIGURES_XLSX] = _digest(content)
    for stale in folder.iterdir():  # a renumbered chart leaves no file under its old number
        if stale.name not in written:
            stale.unlink()
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"inputs": inputs, "files": written}, indent=1, sort_keys=True), encoding="utf-8")


def links_html(stem: str, number: str, pathto) -> str:
    """The download links under one chart: 'Last ned figur 5.1: bilde (PNG) · … · tallene som CSV …'."""
    links = " · ".join(
        f'<a href="{html.escape(pathto(f"{FIGURE_FILES}/{stem}.{ext}", 1))}" download>{label}</a>'
        for ext, label in FORMATS.items()
    )
    what = f"figur {number}" if number else "figuren"
    return f'<p class="fl-chart-download">Last ned {what}: {links}</p>'


def _fill_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Each chart's empty download paragraph on the page becomes the links to its files."""
    body = context.get("body", "")
    if "fl-chart-download" not in body:
        return

    def links(match: re.Match) -> str:
        name = html.unescape(match.group(1))
        number = chart_number(app.env, pagename, name)
        return links_html(file_stem(name, number), number, context["pathto"])

    context["body"] = MARKER.sub(links, body)


def figurtall_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """{figurtall}`Tallene bak alle figurene (Excel)`: a link to the workbook with every chart's numbers."""
    env = inliner.document.settings.env
    uri = "../" * env.docname.count("/") + f"{FIGURE_FILES}/{ALL_FIGURES_XLSX}"
    return [nodes.reference(rawtext, text, refuri=uri, classes=["fl-figure-workbook"])], []


def setup(app: Sphinx) -> None:
    """Register the writer of the chart files, the links under the charts and the role {figurtall}."""
    app.connect("source-read", _start_reading)
    app.connect("doctree-read", _keep_drawn)
    incremental.keep_per_page(app, "fastlege_drawn")
    app.connect("build-finished", _write_files)
    app.connect("html-page-context", _fill_links)
    app.add_role("figurtall", figurtall_role)
