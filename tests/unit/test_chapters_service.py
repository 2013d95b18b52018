"""Chapters 1–4 without a build (summary, why the scheme matters, the GP's tasks, the strain).

Formulas against hand calculations. The charts are checked for every entry of the chart registry in
tests/unit/test_charts.py, and against the chapters in tests/unit/test_chart_registry.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fastlege_calc import capacity, charts, consultations, hours, register, registry
from tests.helpers import ROOT, replace_in

Q4_2019, Q4_2022, Q4_2023 = dt.date(2019, 12, 31), dt.date(2022, 12, 31), dt.date(2023, 12, 31)


# --- formulas against hand calculations -----------------------------------------------------------
def test_referred_share_is_the_rest_of_the_contacts():
    assert consultations.referred_share(0.90) == pytest.approx(1 - 0.90)
    assert registry.prose_figures()["referred_share"].text == "10\u00a0%"
    with pytest.raises(ValueError, match="between 0 and 1"):
        consultations.referred_share(90)


def test_cost_per_inhabitant_growth_is_one_figure_that_both_chapters_and_the_chart_show():
    # Helsedirektoratet: 1 946 kr in 2019 and 2 765 kr in 2024, current prices: 2 765 / 1 946 − 1 = 0,42086,
    # written with one decimal as the real change beside it (the formula and its errors: test_calculations.py).
    figure = registry.prose_figures()["cost_growth_nominal"]
    assert figure.value == pytest.approx(2765 / 1946 - 1)
    assert figure.text == "42,1\u00a0%"
    # Chapter 2 (Hvorfor viktig, cpi_course) and chapter 3 (Ansvar og penger, cost_growth_sentence) show it,
    # and chapter 2's chart says the same number in its text alternative.
    said = registry.phrases()
    assert "cost_growth_nominal" in said["cpi_course"].figures and figure.text in said["cpi_course"].text
    assert "cost_growth_nominal" in said["cost_growth_sentence"].figures
    assert "cpi_course" in (ROOT / "book" / "hvorfor-viktig.md").read_text(encoding="utf-8")
    assert "cost_growth_sentence" in (ROOT / "book" / "ansvar-og-penger.md").read_text(encoding="utf-8")
    assert f"på {figure.text}" in charts.REGISTRY["fig-kostnad-per-innbygger"].build().alt_text


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
    assert figures["register_latest_period"].text == "1. mai 2024"  # a status date, not the end of a year
    assert figures["register_first_period"].text == "2019"  # 31 December 2019: written as its year
    assert "ssb_2018" not in figures["register_first_period"].sources  # that row has no register table
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
    assert figures["cost_growth_nominal"].value == pytest.approx(2919 / 1946 - 1)
    assert figures["register_text_gap"].value == 250000 - 200000
