"""Every chart's files in the website: the picture (PNG, SVG) and its numbers (Excel, CSV), linked under it.

The files are named by the chart's number in the built book (fastlege_calc.charts.downloads.file_stem:
figur-5-1-inntektskilder.xlsx), which only Sphinx knows; so the build, not the chart, writes them:

- when the build has finished, every chart of the registry that the book shows is drawn again and
  its files written into the website's folder FIGURE_FILES, with one workbook holding every chart's
  numbers (ALL_FIGURES_XLSX); a rebuild whose charts are made from the same inputs (every byte of
  the data folder and of both packages, the libraries that draw and write them, the build date and
  each chart's number, caption and address) keeps the files the last build wrote (RECORD);
- when a page is written, the empty paragraph each chart leaves under itself (render.download_marker)
  becomes the links to its files;
- the role {figurtall}`link text` links the workbook with every chart's numbers (on *Om tallene*).

The files are links, never inlined: a chart page weighs what it did without them.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import re
import sys
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from fastlege_book import incremental
from fastlege_book.buildinfo import build_date
from fastlege_book.layout import FIGURE_FILES
from fastlege_calc import data
from fastlege_calc.charts import REGISTRY
from fastlege_calc.charts.downloads import ALL_FIGURES_XLSX, FORMATS, NumberedChart, chart_files, file_stem, workbook
from fastlege_calc.charts.registry import ChartEntry

MARKER = re.compile(r'<p class="fl-chart-download" data-fl-chart="([^"]+)"></p>')
WORKBOOK_TITLE = "Fastlegeordningen – tallene bak figurene"
#: What the last build wrote into FIGURE_FILES and from which inputs (JSON in Sphinx's doctree folder, so
#: the work folder keeps it between builds and a clean build has none).
RECORD = "fastlege-chart-files.json"
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


def numbered_charts(app: Sphinx) -> list[NumberedChart]:
    """Every chart of the registry that the book shows, in the book's order, with number, caption and address."""
    return [NumberedChart(number, caption, url, entry.build()) for entry, number, caption, url in shown_charts(app)]


def files_inputs(shown: list[tuple[ChartEntry, str, str, str]], built) -> str:
    """A digest of everything the chart files are made from (SHA-256, hex).

    Every byte of the data folder (its tables, the map's geometry), every file of both packages (the
    charts, how they are drawn and written), the versions of DRAWING_LIBRARIES and of Python, the
    build date (printed in the workbooks) and each shown chart's name, number, caption and address.
    """
    facts = {
        "data": incremental.file_hash(data.data_dir()),
        "code": incremental.writer_hash(),
        "libraries": {name: importlib.metadata.version(name) for name in DRAWING_LIBRARIES},
        "python": list(sys.version_info[:2]),
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
    charts = [NumberedChart(number, caption, url, entry.build()) for entry, number, caption, url in shown]
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
    app.connect("build-finished", _write_files)
    app.connect("html-page-context", _fill_links)
    app.add_role("figurtall", figurtall_role)
