"""The book built end to end with `make book` in a scratch copy: HTML, PDF, rebuilds and bad data.

Read-only checks use the session's `built_book` (conftest). The rebuild tests at the end run in
file order on this module's own copy: a no-change rebuild, then bad data, then a data change.
"""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from fastlege_calc import registry
from tests.helpers import ROOT, replace_in

from .bookutil import (
    browser_page,
    build_copy,
    make_book,
    normalise,
    outside_changes_page,
    page_text,
    pdf_text,
    snapshot,
    wait_for_charts,
)

FINANCING_KEYS = sorted(
    set(re.findall(r"\{\{\s*(\w+)\s*\}\}", (ROOT / "book" / "finansiering.md").read_text(encoding="utf-8")))
)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """A built copy of its own for the tests below, which change data and rebuild."""
    return build_copy(tmp_path_factory.mktemp("book") / "repo")


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
    numbers = registry.substitutions()
    for key in FINANCING_KEYS:
        assert normalise(numbers[key]) in text, key


def test_no_unresolved_substitution_or_english_number_on_any_page(built_book):
    for page in (built_book / "_build" / "html").rglob("*.html"):
        text = page_text(page)
        assert "{{" not in text, page.name
        assert not re.search(r"\b\d+\.\d+ ?(kr|%|timer)", text), page.name


def test_financing_page_has_four_numbered_charts(built_book):
    page = (built_book / "_build" / "html" / "book" / "finansiering.html").read_text(encoding="utf-8")
    assert page.count('class="fl-chart"') == 4
    for number in range(1, 5):
        assert f"Figur 5.{number}" in page
    assert "cdn.jsdelivr" not in page and "unpkg.com/vega" not in page


def test_pdf_is_a4_with_the_financing_numbers(built_book):
    pdf = built_book / "_build" / "fastlegeordningen.pdf"
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = pdf_text(pdf)
    numbers = registry.substitutions()
    for key in FINANCING_KEYS:
        assert normalise(numbers[key]) in text, key
    assert "{{" not in text and "??" not in text
    for number in range(1, 5):
        assert f"Figur 5.{number}" in text


def test_pdf_charts_are_vector_images(built_book):
    # Each chart is a PDF from vl-convert included as a form XObject, with its text selectable.
    text = pdf_text(built_book / "_build" / "fastlegeordningen.pdf")
    assert "Millioner kroner (faste priser)" in text  # axis title of the income chart
    assert "Kroner per pasient per år" in text  # axis title of the rate history


def test_pdf_has_no_code(built_book):
    text = pdf_text(built_book / "_build" / "fastlegeordningen.pdf")
    assert "import fastlege_calc" not in text and "from fastlege_calc" not in text
    assert 'charts.show("fig-inntektskilder")' not in text


def test_charts_render_in_a_real_browser_without_leaving_the_machine(built_book):
    with browser_page() as (page, outside):
        page.goto((built_book / "_build" / "html" / "book" / "finansiering.html").as_uri())
        wait_for_charts(page, 4)
        labels = page.eval_on_selector_all(".fl-chart-view svg", "els => els.map(e => e.getAttribute('aria-label'))")
        axis_text = page.inner_text("body")
        svg_text = page.eval_on_selector_all(".fl-chart-view svg text", "els => els.map(e => e.textContent)")
    assert outside == []
    assert all(label and len(label) > 40 for label in labels)
    assert "1\u00a0000\u00a0000" in svg_text or "1\u00a0000\u00a0000\u00a0kr" in svg_text  # Norwegian axis/labels
    assert "Figur 5.1" in axis_text


# --- rebuilds ------------------------------------------------------------------------------------
def test_no_change_rebuild_rewrites_no_page(book):
    html_dir = book / "_build" / "html"
    before = snapshot(html_dir)
    result = make_book(book)
    assert result.returncode == 0, result.stderr[-3000:]
    after = snapshot(html_dir)
    rewritten = [name for name in before if name.endswith(".html") and after.get(name) != before[name]]
    assert rewritten == [] or rewritten == ["search.html"] or set(rewritten) <= {"search.html", "genindex.html"}


def test_bad_data_stops_the_build_before_build_is_touched(book):
    path = book / "data" / "gp_register.csv"
    original = path.read_text(encoding="utf-8")
    before = snapshot(book / "_build")
    replace_in(path, "2019-12-31,4858", "2019-12-31,about 4858")
    try:
        result = make_book(book)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "data/gp_register.csv, line 3, column 'gps': 'about 4858' is not a valid integer" in result.stderr
    assert snapshot(book / "_build") == before


def test_changing_a_csv_value_changes_every_place_it_appears(book):
    # The rate under the break point from 1 January 2022 feeds the action plan figures, a chart
    # and the analysts' notebook: 653 → 660 kr, so the rise becomes 660 − 499 = 161 kr.
    replace_in(book / "data" / "basistilskudd_rates.csv", "2022-01-01,kneepoint,653,", "2022-01-01,kneepoint,660,")
    result = make_book(book)
    assert result.returncode == 0, result.stderr[-3000:]
    old_rise, new_rise = 154 * 1000, (660 - 499) * 1000
    chapter = page_text(book / "_build" / "html" / "book" / "finansiering.html")
    notebook = page_text(book / "_build" / "html" / "notebooks" / "finansiering.html")
    pdf = outside_changes_page(pdf_text(book / "_build" / "fastlegeordningen.pdf"))  # it lists old values
    for where, text in [("chapter", chapter), ("notebook", notebook), ("pdf", pdf)]:
        assert f"{new_rise:,} kr".replace(",", " ") in text, where
        assert f"{old_rise:,} kr".replace(",", " ") not in text, where
        assert "653 kr" not in text and "653,00" not in text, where
    assert "660 kr" in chapter and "660,00" in notebook
    chart_data = (book / "_build" / "html" / "book" / "finansiering.html").read_text(encoding="utf-8")
    assert '"nok_per_patient":660' in chart_data and '"nok_per_patient":653' not in chart_data
