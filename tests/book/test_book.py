"""The book built end to end in a scratch copy (the session's `built_book`): HTML and PDF.

Read-only checks. Rebuilds are in tests/book/test_rebuild.py, failed builds in test_publish.py and
the browser in test_site.py.
"""

from __future__ import annotations

import re

from pypdf import PdfReader

from fastlege_calc import registry
from tests.helpers import ROOT

from .bookutil import (
    chapter_number,
    figure_in,
    page_text,
    pdf_text,
    shown_figures,
)

FINANCING_KEYS = sorted(
    set(re.findall(r"\{\{\s*(\w+)\s*\}\}", (ROOT / "book" / "finansiering.md").read_text(encoding="utf-8")))
)


# --- a clean build -------------------------------------------------------------------------------
def test_book_builds_without_sphinx_warnings(built_book):
    # make book runs jupyter-book with -W -n: any Sphinx warning fails the build.
    assert (built_book / "_build" / "html" / "book" / "finansiering.html").is_file()
    assert (built_book / "_build" / "fastlegeordningen.pdf").is_file()


def test_every_chapter_is_a_page(built_book):
    import yaml

    toc = yaml.safe_load((built_book / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert len(files) >= 11
    for file in files:
        page = built_book / "_build" / "html" / f"{file}.html"
        assert page.is_file(), file
        assert "<h1" in page.read_text(encoding="utf-8"), file


def test_financing_page_shows_the_package_numbers(built_book):
    text = page_text(built_book / "_build" / "html" / "book" / "finansiering.html")
    shown = registry.prose_figures()
    for key in shown_figures(FINANCING_KEYS):
        assert figure_in(text, shown[key]), key


def test_no_unresolved_substitution_or_english_number_on_any_page(built_book):
    for page in (built_book / "_build" / "html").rglob("*.html"):
        text = page_text(page)
        assert "{{" not in text, page.name
        assert not re.search(r"\b\d+\.\d+ ?(kr|%|timer)", text), page.name


def test_financing_page_has_four_numbered_charts(built_book):
    page = (built_book / "_build" / "html" / "book" / "finansiering.html").read_text(encoding="utf-8")
    assert page.count('class="fl-chart"') == 4
    for number in range(1, 5):
        assert f"Figur {chapter_number('finansiering')}.{number}" in page
    assert "cdn.jsdelivr" not in page and "unpkg.com/vega" not in page


def test_pdf_is_a4_with_the_financing_numbers(built_book):
    pdf = built_book / "_build" / "fastlegeordningen.pdf"
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = pdf_text(pdf)
    shown = registry.prose_figures()
    for key in shown_figures(FINANCING_KEYS):
        assert figure_in(text, shown[key]), key
    assert "{{" not in text and "??" not in text
    for number in range(1, 5):
        assert f"Figur {chapter_number('finansiering')}.{number}" in text


def test_pdf_charts_are_vector_images(built_book):
    # Each chart is a PDF from vl-convert included as a form XObject, with its text selectable.
    text = pdf_text(built_book / "_build" / "fastlegeordningen.pdf")
    assert "Millioner kroner (faste priser)" in text  # axis title of the income chart
    assert "Kroner per pasient per år" in text  # axis title of the rate history


def test_pdf_has_no_code(built_book):
    text = pdf_text(built_book / "_build" / "fastlegeordningen.pdf")
    assert "import fastlege_calc" not in text and "from fastlege_calc" not in text
    assert 'charts.show("fig-inntektskilder")' not in text
