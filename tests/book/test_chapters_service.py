"""Chapters 1–4 (summary, why the scheme matters, the GP's tasks, the strain): formulas, pages, PDF, charts."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fastlege_calc import capacity, charts, consultations, hours, income, register, registry
from tests.helpers import ROOT, replace_in

from .bookutil import browser_page, normalise, page_text, pdf_text, wait_for_charts

CHAPTERS = ("sammendrag", "hvorfor-viktig", "oppgaver", "under-press")
CHAPTER_NUMBERS = {"sammendrag": 1, "hvorfor-viktig": 2, "oppgaver": 3, "under-press": 4}
#: The figure names of the charts each chapter shows, in order (tests/unit/test_chart_registry.py: as the pages do).
CHART_PAGES = {
    chapter: [entry.name for entry in charts.in_chapter(f"book/{chapter}")]
    for chapter in CHAPTERS
    if charts.in_chapter(f"book/{chapter}")
}
Q4_2019, Q4_2022, Q4_2023 = dt.date(2019, 12, 31), dt.date(2022, 12, 31), dt.date(2023, 12, 31)


def _keys(chapter: str) -> list[str]:
    text = (ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"\{\{\s*(\w+)\s*\}\}", text)))


# --- formulas against hand calculations -----------------------------------------------------------
def test_referred_share_is_the_rest_of_the_contacts():
    assert consultations.referred_share(0.90) == pytest.approx(1 - 0.90)
    assert registry.prose_figures()["referred_share"].text == "10\u00a0%"
    with pytest.raises(ValueError, match="between 0 and 1"):
        consultations.referred_share(90)


def test_cost_per_inhabitant_growth():
    # Helsedirektoratet: 1 946 kr in 2019 and 2 765 kr in 2024, current prices.
    expected = 2765 / 1946 - 1
    assert income.cost_per_inhabitant_growth_share(2019, 2024) == pytest.approx(expected)
    assert registry.prose_figures()["cpi_growth"].text == "42\u00a0%"
    with pytest.raises(ValueError, match=r"data/cost_per_inhabitant\.csv"):
        income.cost_per_inhabitant_nok(1999)


def test_the_working_week_splits_into_its_parts():
    # Morken et al. 2019: 55,6 hours in total, 49,0 in regular practice, 54,1 % of it face to face.
    assert hours.other_work_hours_per_week() == pytest.approx(55.6 - 49.0)
    assert hours.face_to_face_hours_per_week() == pytest.approx(49.0 * 0.541)
    parts = hours.working_week_parts().set_index("part").hours_per_week
    assert parts.sum() == pytest.approx(55.6)
    assert parts["other_regular_practice"] == pytest.approx(49.0 - 49.0 * 0.541)


def test_hours_against_a_normal_week():
    figures = registry.prose_figures()
    assert figures["hours_above_normal"].value == pytest.approx(55.6 - 37.5)
    assert figures["hours_above_normal"].text == "18,1\u00a0timer"
    assert figures["hours_extra_days"].value == pytest.approx((55.6 - 37.5) / 7.5)
    assert figures["hours_extra_days"].text == "2,4"
    assert figures["hours_p90_text_ratio"].value == pytest.approx(75 / 37.5)
    # The source text's whole hours stay whole; published figures keep one decimal.
    assert figures["hours_p75_text"].text == "62\u00a0timer"
    assert figures["hours_p75_2018"].text == "62,2\u00a0timer"
    assert figures["hours_mean_2018"].sources == ("morken_2019",)


def test_patients_without_a_gp_in_the_register():
    assert capacity.without_gp_multiple(Q4_2019, Q4_2022) == pytest.approx(212289 / 75542)
    assert register.at(Q4_2022).share_without_gp == pytest.approx(212289 / (5259147 + 212289))
    assert register.peak("patients_without_gp").period_end == Q4_2023  # 214 106 at the end of 2023, the most
    figures = registry.prose_figures()
    assert figures["register_text_gap"].value == 250000 - 212289
    assert figures["register_text_gap"].text == "37\u00a0711"
    assert figures["register_share_without_gp_text_year"].text == "3,9\u00a0%"
    assert figures["register_latest_date"].text == "1. mai 2024"
    assert "ssb_2018" not in figures["register_first_year"].sources  # that row has no register table
    with pytest.raises(ValueError, match=r"data/gp_register\.csv"):
        register.at(dt.date(2018, 12, 31))


def test_consultations_come_from_the_stored_figures():
    table = consultations.consultations()
    assert list(table.year) == [2019, 2023]
    assert list(table.consultations) == [14292722, 16884831]
    assert consultations.consultations_growth_share() == pytest.approx(16884831 / 14292722 - 1)


def test_a_changed_csv_value_changes_the_computed_figures(data_copy):
    replace_in(data_copy / "cost_per_inhabitant.csv", "2024,2765,", "2024,2919,")
    replace_in(
        data_copy / "gp_register.csv",
        "2022-12-31,5057,5395,4342,1053,310,212289,",
        "2022-12-31,5057,5395,4342,1053,310,200000,",
    )
    figures = registry.prose_figures()
    assert figures["cpi_last"].text == "2\u00a0919\u00a0kr"
    assert figures["cpi_growth"].value == pytest.approx(2919 / 1946 - 1)
    assert figures["register_text_gap"].value == 250000 - 200000


# --- the built book ----------------------------------------------------------------------------------
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_shows_the_package_numbers_on_the_website(built_book, chapter):
    text = page_text(built_book / "_build" / "html" / "book" / f"{chapter}.html")
    numbers = registry.substitutions()
    keys = _keys(chapter)
    assert len(keys) >= 5, chapter  # no stub: every chapter shows figures from the package
    assert len(text.split()) > 250, chapter
    for key in keys:
        assert normalise(numbers[key]) in text, (chapter, key)


def test_chapters_show_the_package_numbers_in_the_pdf(built_book):
    text = pdf_text(built_book / "_build" / "fastlegeordningen.pdf")
    numbers = registry.substitutions()
    for chapter in CHAPTERS:
        for key in _keys(chapter):
            assert normalise(numbers[key]) in text, (chapter, key)
    for title in ("Sammendrag – hva trengs?", "Hvorfor fastlegeordningen er viktig", "Fastlegens oppgaver"):
        assert title in text


def test_summary_links_each_headline_to_its_chapter(built_book):
    page = (built_book / "_build" / "html" / "book" / "sammendrag.html").read_text(encoding="utf-8")
    for target in ("under-press.html", "finansiering.html", "tromso.html", "tiltak.html", "modeller.html"):
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


def test_service_charts_render_in_a_real_browser(built_book):
    rendered = {}
    with browser_page() as (page, outside):
        for chapter, names in CHART_PAGES.items():
            page.goto((built_book / "_build" / "html" / "book" / f"{chapter}.html").as_uri())
            wait_for_charts(page, len(names))
            rendered[chapter] = {
                "labels": page.eval_on_selector_all(
                    ".fl-chart-view svg", "els => els.map(e => e.getAttribute('aria-label'))"
                ),
                "marks": page.eval_on_selector_all(
                    ".fl-chart-view svg path, .fl-chart-view svg rect", "els => els.length"
                ),
                "text": page.eval_on_selector_all(".fl-chart-view svg text", "els => els.map(e => e.textContent)"),
            }
    assert outside == []
    for chapter, seen in rendered.items():
        assert all(label and len(label) > 40 for label in seen["labels"]), chapter
        assert seen["marks"] > 10, chapter
    assert "Normal arbeidsuke: 37,5\u00a0timer" in rendered["under-press"]["text"]
    assert "250\u00a0000" in rendered["under-press"]["text"]  # the axis of patients without a GP
    assert any("Tidsskriftet: flere enn 250\u00a0000" == t for t in rendered["under-press"]["text"])
