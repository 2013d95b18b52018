"""Chapters 1–4 in the built book: pages and PDF.

The formulas are checked in tests/unit/test_chapters_service.py, the charts in a browser by the sweep
in tests/book/test_site.py.
"""

from __future__ import annotations

import re

import pytest

from fastlege_book.pdf.assemble import toc_order
from fastlege_calc import charts, registry
from tests.helpers import ROOT

from .bookutil import figure_in, page_text, pdf_text, phrase_words, shown_figures

CHAPTERS = ("sammendrag", "hvorfor-viktig", "oppgaver", "under-press")
#: Each chapter's number as _toc.yml gives it (chapters are numbered in order; a new chapter moves the rest).
CHAPTER_NUMBERS = {
    docname.removeprefix("book/"): int(label) for docname, label in toc_order(ROOT / "_toc.yml")[1] if label.isdigit()
}
#: The figure names of the charts each chapter shows, in order (tests/unit/test_chart_registry.py: as the pages do).
CHART_PAGES = {
    chapter: [entry.name for entry in charts.in_chapter(f"book/{chapter}")]
    for chapter in CHAPTERS
    if charts.in_chapter(f"book/{chapter}")
}


def _keys(chapter: str) -> list[str]:
    text = (ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"\{\{\s*(\w+)\s*\}\}", text)))


# --- the built book ----------------------------------------------------------------------------------
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_shows_the_package_numbers_on_the_website(built_book, chapter):
    text = page_text(built_book / "_build" / "html" / "book" / f"{chapter}.html")
    shown = registry.prose_figures()
    keys = _keys(chapter)
    assert len(keys) >= 5, chapter  # no stub: every chapter shows figures from the package
    assert len(text.split()) > 250, chapter
    for key in shown_figures(keys):
        assert figure_in(text, shown[key]), (chapter, key)
    for words in (w for key in keys for w in phrase_words(key)):
        assert words in text, (chapter, words)


def test_chapters_show_the_package_numbers_in_the_pdf(built_book):
    text = pdf_text(built_book / "_build" / "fastlegeordningen.pdf")
    shown = registry.prose_figures()
    for chapter in CHAPTERS:
        for key in shown_figures(_keys(chapter)):
            assert figure_in(text, shown[key]), (chapter, key)
    for title in ("Sammendrag", "Fastlegeordningen i helsetjenesten", "Fastlegens oppgaver"):
        assert title in text


def test_summary_links_each_headline_to_its_chapter(built_book):
    page = (built_book / "_build" / "html" / "book" / "sammendrag.html").read_text(encoding="utf-8")
    targets = ("under-press.html", "finansiering.html", "tromso.html", "tiltak.html", "kommunene.html")
    for target in (*targets, "etter-2022.html", "ansvar-og-penger.html"):
        assert f'href="{target}' in page, target


def test_charts_are_numbered_with_captions_on_the_website_and_in_the_pdf(built_book):
    pdf = pdf_text(built_book / "_build" / "fastlegeordningen.pdf")
    for chapter, names in CHART_PAGES.items():
        number = CHAPTER_NUMBERS[chapter]
        page = (built_book / "_build" / "html" / "book" / f"{chapter}.html").read_text(encoding="utf-8")
        assert page.count('class="fl-chart"') == len(names), chapter
        for i, name in enumerate(names, start=1):
            assert f'id="{name}"' in page, name
            assert f"Figur {number}.{i}" in page, name
            assert f"Figur {number}.{i}" in pdf, name
        assert "Figur" in page_text(built_book / "_build" / "html" / "book" / f"{chapter}.html")
    # Each chart's source line and axis title are vector text in the PDF.
    for text in (
        "Konsultasjoner i året, millioner",
        "Listeinnbyggere uten fastlege",
        "Kilde: Helsedirektoratet (2025)",
    ):
        assert text in pdf, text


def test_the_analysts_notebook_shows_the_tables(built_book):
    text = page_text(built_book / "_build" / "html" / "notebooks" / "tjenesten.html")
    assert "14 292 722" in text and "2 765 kr" in text and "212 289" in text
    assert "Listeinnbyggere uten fastlege" in text
