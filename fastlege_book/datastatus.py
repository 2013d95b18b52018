"""Old data marked where it is used: a short note at the top of every chapter that shows a figure of an old series.

While a page is read, fastlege_book.incremental records the figures it shows ({{ key }}, a phrase
counting with the figures inside it) and the tables its code loaded. Each figure's traced data rows
(fastlege_calc.registry.Shown.rows), and every row of a loaded table, are matched to the series of
data/series.csv (fastlege_calc.datastatus); a statistic older than the age rule at the build date
(fastlege_book.buildinfo.build_date: SOURCE_DATE_EPOCH, the last commit's date) is named in a note
after the page's title, with a link to the table *Datastatus* in *Om tallene*.

A chapter depends on the tables of every series it uses (and on data/series.csv): the note names each
old series' latest period, so a new row of a series re-reads the chapters that use it.

Limit: a page is re-read when its data, figures or code change; a series that crosses the age limit
while nothing else changes is marked on the next build that re-reads the page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from fastlege_book import buildinfo, incremental
from fastlege_book.layout import Layout
from fastlege_book.pdf.assemble import toc_order
from fastlege_calc import datastatus, fmt, registry

#: The label of the Datastatus section in book/om-tallene.md that each note links to.
TARGET = "om-tallene-datastatus"
NOTE_CLASS = "fl-datastatus"


def page_rows(keys: list[str], tables: list[str]) -> set[tuple[str, int]]:
    """The data rows (file, line) behind the figures a page shows and the tables it loaded.

    `keys` are figure or phrase keys ({{ key }}); `tables` resource names (data.load). figures.csv is
    counted through the figures only (every page's registry reads it), and so are the reference tables.
    """
    figures, said = registry.prose_figures(), registry.phrases()
    shown = {k for key in keys for k in (key, *(said[key].figures if key in said else ()))}
    rows = {(r.file, r.line) for key in shown if key in figures for r in figures[key].rows if not r.selects}
    loaded = {f"{name}.csv" for name in tables} - {datastatus.FIGURES} - datastatus.REFERENCE_TABLES
    for series in datastatus.series():
        rows |= {(file, line) for file, lines in series.files.items() if file in loaded for line in lines}
    return rows


def series_of_page(keys: list[str], tables: list[str]) -> list[datastatus.Series]:
    """The series a page uses: those holding a row behind its figures or of a table it loaded (`page_rows`)."""
    return datastatus.series_of_rows(page_rows(keys, tables))


def old_series_of_page(keys: list[str], tables: list[str], build_date) -> list[datastatus.Series]:
    """The old statistics (datastatus.Series.is_old on build_date) among those a page uses."""
    return [s for s in series_of_page(keys, tables) if s.is_old(build_date)]


def series_tables(used: list[datastatus.Series]) -> list[str]:
    """The tables (resource names) the series are read from, with data/series.csv that defines them."""
    files = {file for series in used for file in series.files}
    return ["series", *sorted(file.removesuffix(".csv") for file in files)]


def note_text(old: list[datastatus.Series]) -> str:
    """The note's sentence before the link: each old series with its latest period, in words."""
    named = "; ".join(f"{s.title} ({fmt.period(s.latest)})" for s in old)
    age = datastatus.MAX_AGE_WORDS
    return f"De nyeste tallene vi har i disse seriene, er mer enn {age} eldre enn denne utgaven: {named}. "


def note_node(old: list[datastatus.Series]) -> nodes.admonition:
    """An admonition 'Eldre tall' with the note and a link to Datastatus."""
    box = nodes.admonition(classes=[NOTE_CLASS])
    box += nodes.title(text="Eldre tall")
    para = nodes.paragraph(text=note_text(old))
    link = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=TARGET, refexplicit=True, refwarn=True)
    link += nodes.inline(text="Datastatus")
    para += nodes.Text("Se ")
    para += link
    para += nodes.Text(" i vedlegget Om tallene.")
    box += para
    return box


def chapters(toc_file) -> set[str]:
    """The chapters of the report: the pages of _toc.yml's numbered parts (not the front page, not appendices).

    A table of contents without parts (a small book, like the tests' fixture book) has no numbered
    chapters, so no page gets the note.
    """
    try:
        return {docname for docname, label in toc_order(toc_file)[1] if label.isdigit()}
    except ValueError:
        return set()


def _doctree_read(app: Sphinx, doctree) -> None:
    """Insert the note after the title of a chapter that uses an old series (after incremental recorded its use)."""
    if app.env.docname not in chapters(Layout.here(app.confdir).toc):
        return
    entry = getattr(app.env, "fastlege_deps", {}).get(app.env.docname, {})
    used = series_of_page(list(entry.get("keys", {})), list(entry.get("tables", {})))
    incremental.note_tables(app.env, series_tables(used))  # after reading what the page itself loaded
    old = [s for s in used if s.is_old(buildinfo.build_date())]
    if not old:
        return
    section = doctree.next_node(nodes.section)
    if section is None:
        return
    title = section.next_node(nodes.title)
    index = section.index(title) + 1 if title is not None and title.parent is section else 0
    section.insert(index, note_node(old))


def setup(app: Sphinx) -> None:
    """Register the hook (called from fastlege_book.sphinx_ext.setup), after incremental's doctree-read."""
    app.connect("doctree-read", _doctree_read, priority=600)
