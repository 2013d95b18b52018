"""The practice chapters (modeller, tromso, tiltak) and the cost table in the built book (`built_book`).

Numbers, numbered charts (chapter numbers read from _toc.yml) and the cost table.

HTML and PDF. The formulas are checked in tests/unit/test_chapters_practice.py, the charts in a browser
by the sweep in tests/book/test_site.py.
"""

from __future__ import annotations

import re

import pytest

from fastlege_calc import charts, registry
from tests.helpers import ROOT

from .bookutil import chapter_number, figure_in, page_text, pdf_text, phrase_words, shown_figures

CHAPTER_NUMBERS = {page: chapter_number(page) for page in ("modeller", "tromso", "tiltak")}
#: Page → number of charts it shows (the registry; tests/unit/test_chart_registry.py: as the pages do).
CHAPTERS = {page: len(charts.in_chapter(f"book/{page}")) for page in CHAPTER_NUMBERS}


def _keys(page: str) -> list[str]:
    text = (ROOT / "book" / f"{page}.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"\{\{\s*(\w+)\s*\}\}", text)))


# --- the built book ------------------------------------------------------------------------------
@pytest.mark.parametrize("page", sorted(CHAPTERS))
def test_chapter_shows_the_package_numbers_and_numbered_charts(built_book, page):
    html_path = built_book / "_build" / "html" / "book" / f"{page}.html"
    text = page_text(html_path)
    shown = registry.prose_figures()
    for key in shown_figures(_keys(page)):
        assert figure_in(text, shown[key]), key
    for words in (w for key in _keys(page) for w in phrase_words(key)):
        assert words in text, words
    raw = html_path.read_text(encoding="utf-8")
    assert raw.count('class="fl-chart"') == CHAPTERS[page]
    for n in range(1, CHAPTERS[page] + 1):
        assert f"Figur {CHAPTER_NUMBERS[page]}.{n}" in text
    assert "Kapitlet er under arbeid" not in text


def test_financing_page_has_the_numbered_cost_table(built_book):
    text = page_text(built_book / "_build" / "html" / "book" / "finansiering.html")
    assert f"Tabell {chapter_number('finansiering')}.1" in text
    assert "2 633,1" in text and "10 368,6" in text
    assert "normaltarifforhandlingene mellom avtalepartene" in text


def test_pdf_shows_the_chapters_numbers_charts_and_table(built_book):
    text = pdf_text(built_book / "_build" / "fastlegeordningen.pdf")
    shown = registry.prose_figures()
    for page in CHAPTERS:
        for key in shown_figures(_keys(page)):
            assert figure_in(text, shown[key]), (page, key)
        for n in range(1, CHAPTERS[page] + 1):
            assert f"Figur {CHAPTER_NUMBERS[page]}.{n}" in text
    assert f"Tabell {chapter_number('finansiering')}.1" in text and "Fastlegeordningen i alt" in text
    assert "Fastleger som trengs" in text  # axis title of a chart in tiltak (vector text)


def test_analyst_notebook_is_in_the_book(built_book):
    text = page_text(built_book / "_build" / "html" / "notebooks" / "praksis.html")
    assert "Tillegg per pasient" in text and "385,20 kr" in text
    assert "Fastleger som trengs" in text
