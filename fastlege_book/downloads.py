"""Every chart's files in the website: the picture (PNG, SVG) and its numbers (Excel, CSV), linked under it.

The files are named by the chart's number in the built book (fastlege_calc.charts.downloads.file_stem:
figur-5-1-inntektskilder.xlsx), which only Sphinx knows; so the build, not the chart, writes them:

- when the build has finished, every chart of the registry that the book shows is drawn again and
  its files written into the website's folder FIGURE_FILES, with one workbook holding every chart's
  numbers (ALL_FIGURES_XLSX);
- when a page is written, the empty paragraph each chart leaves under itself (render.download_marker)
  becomes the links to its files;
- the role {figurtall}`link text` links the workbook with every chart's numbers (on *Om tallene*).

The files are links, never inlined: a chart page weighs what it did without them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from fastlege_book.buildinfo import build_date
from fastlege_book.layout import FIGURE_FILES
from fastlege_calc.charts import REGISTRY
from fastlege_calc.charts.downloads import ALL_FIGURES_XLSX, FORMATS, NumberedChart, chart_files, file_stem, workbook

MARKER = re.compile(r'<p class="fl-chart-download" data-fl-chart="([^"]+)"></p>')
WORKBOOK_TITLE = "Fastlegeordningen – tallene bak figurene"


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


def numbered_charts(app: Sphinx) -> list[NumberedChart]:
    """Every chart of the registry that the book shows, in the book's order, with number, caption and address."""
    env = app.env
    # The site's address comes from sphinxext-opengraph's setting; a book without it links relatively.
    site = (getattr(app.config, "ogp_site_url", "") or "").rstrip("/")
    found = []
    for entry in REGISTRY.values():
        if entry.chapter not in env.found_docs:
            continue
        url = f"{site}/{entry.chapter}.html#{entry.name}" if site else f"{entry.chapter}.html#{entry.name}"
        figure = entry.build()
        number = chart_number(env, entry.chapter, entry.name)
        found.append(NumberedChart(number, _caption(env, entry.chapter, entry.name), url, figure))
    return sorted(found, key=lambda c: [int(n) for n in c.number.split(".") if n.isdigit()])


def _write(path: Path, content: bytes) -> None:
    """Write a file only when its content changed (a rebuild leaves unchanged files alone)."""
    if not path.is_file() or path.read_bytes() != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _write_files(app: Sphinx, exception: Exception | None) -> None:
    """After an HTML build: every chart's files and the workbook of all charts into the site's FIGURE_FILES."""
    if exception is not None or app.builder.format != "html":
        return
    charts = numbered_charts(app)
    if not charts:
        return
    folder = Path(app.outdir) / FIGURE_FILES
    built = build_date()
    wanted = {ALL_FIGURES_XLSX}
    for chart in charts:
        for name, content in chart_files(chart, built).items():
            _write(folder / name, content)
            wanted.add(name)
    _write(folder / ALL_FIGURES_XLSX, workbook(charts, built, title=WORKBOOK_TITLE))
    for stale in folder.iterdir():  # a renumbered chart leaves no file under its old number
        if stale.name not in wanted:
            stale.unlink()


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
    app.connect("build-finished", _write_files)
    app.connect("html-page-context", _fill_links)
    app.add_role("figurtall", figurtall_role)
