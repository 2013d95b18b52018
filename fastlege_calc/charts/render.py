"""Chart output for the book: the Vega-Lite spec for the website, a vector PDF for LaTeX."""

from __future__ import annotations

import base64
import copy
import functools
import html
import json
from dataclasses import dataclass, field

import altair as alt
import vl_convert as vlc

from fastlege_calc import fmt
from fastlege_calc.charts import theme

VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])  # e.g. "6.4", as vl-convert names it


def embed_options() -> dict:
    """vega-embed options stored in each spec: Norwegian formats, SVG, no action menu."""
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

    def spec(self) -> dict:
        """The Vega-Lite spec with the theme, the text alternative and the embed options (a fresh copy)."""
        return copy.deepcopy(self._spec)

    @functools.cached_property
    def _spec(self) -> dict:
        """The spec, computed once (Altair validates it against the Vega-Lite schema, which is slow)."""
        theme.enable()
        spec = self.chart.to_dict()
        spec["description"] = self.alt_text
        spec.setdefault("usermeta", {})["embedOptions"] = embed_options()
        return spec

    def html(self) -> str:
        """A container the site's charts.js fills with the chart; the spec travels with it."""
        spec = json.dumps(self.spec(), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        return (
            '<div class="fl-chart">'
            f'<div class="fl-chart-view" role="img" aria-label="{html.escape(self.alt_text)}"></div>'
            f'<script type="application/json" class="fl-chart-spec">{spec}</script>'
            "</div>"
        )

    def pdf(self) -> bytes:
        """The chart as a vector PDF with Norwegian number formats."""
        spec = self.spec()
        if spec.get("width") == "container":
            spec["width"] = theme.WIDTH_PX
        return _pdf(json.dumps(spec, sort_keys=True))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """HTML for the website, PDF for LaTeX, the text alternative as plain text."""
        return {
            "text/html": self.html(),
            "application/pdf": base64.b64encode(self.pdf()).decode("ascii"),
            "text/plain": self.alt_text,
        }


@functools.lru_cache(maxsize=64)
def _pdf(spec_json: str) -> bytes:
    """vl-convert a spec to PDF (cached: the same spec gives the same bytes)."""
    return vlc.vegalite_to_pdf(
        spec_json,
        vl_version=VL_VERSION,
        format_locale=fmt.d3_format_locale(),
        time_format_locale=fmt.d3_time_format_locale(),
    )


def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one classic script that sets window.vegaEmbed (no CDN).

    The bundle's top-level names are wrapped in a function scope: as a plain script they would
    clash with the theme's own globals (for example `_`).
    """
    return "(function () {\n" + vlc.javascript_bundle(vl_version=VL_VERSION) + "\n})();\n"


def bundle_name() -> str:
    """File name of the bundle, versioned so browsers and the build cache stay correct."""
    return f"vega-bundle-v2-vl{VL_VERSION}-vega{vlc.get_vega_version()}-embed{vlc.get_vega_embed_version()}.js"
