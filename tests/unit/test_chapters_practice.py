"""Chapters 5–8 without a build: the cost table, practice models, the Tromsø model and the four measures.

Formulas are checked against hand calculations written out from the data rows they use. The charts
are checked for every entry of the chart registry in tests/unit/test_charts.py, and against the
chapters in tests/unit/test_chart_registry.py.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from fastlege_calc import basistilskudd, capacity, cost_tables, register, registry, tromso
from fastlege_calc.growth import growth_share
from fastlege_calc.tables import markdown_table, numbered_table

TROMSO_START = dt.date(2021, 7, 1)  # data/figures.csv: period of tromso_increase_share
MAY_2024 = dt.date(2024, 5, 1)
END_2019, END_2022 = dt.date(2019, 12, 31), dt.date(2022, 12, 31)


# --- formulas against hand calculations ----------------------------------------------------------
def test_tromso_supplement_for_a_list_of_800():
    # 60 % of the national rate under the break point on 1 July 2021 (642 kr), for all 800 patients.
    expected_supplement = 0.60 * 642 * 800
    assert tromso.supplement_nok(800, TROMSO_START) == pytest.approx(expected_supplement)
    assert expected_supplement == pytest.approx(308_160)
    expected_total = 800 * 642 + 0.60 * 642 * 800
    assert tromso.annual_basistilskudd_nok(800, TROMSO_START) == pytest.approx(expected_total)


def test_tromso_supplement_stops_at_the_break_point():
    # 1 200 patients: national 1 000 × 642 + 200 × 526; the supplement only for the first 1 000.
    national = 1000 * 642 + 200 * 526
    supplement = 0.60 * 642 * 1000
    assert basistilskudd.annual_basistilskudd_nok(1200, TROMSO_START) == pytest.approx(national)
    assert tromso.supplement_nok(1200, TROMSO_START) == pytest.approx(supplement)
    assert tromso.annual_basistilskudd_nok(1200, TROMSO_START) == pytest.approx(national + supplement)


def test_a_twenty_percent_cut_pays_more_in_tromso_than_the_full_list_nationally():
    example = tromso.cut_example(1000, TROMSO_START).set_index("case")
    assert example.loc["after_national", "list_length_patients"] == 1000 - 0.20 * 1000
    assert example.loc["before_national", "nok_per_year"] == pytest.approx(1000 * 642)
    assert example.loc["after_national", "nok_per_year"] == pytest.approx(800 * 642)
    assert example.loc["after_tromso", "nok_per_year"] == pytest.approx(800 * 642 * (1 + 0.60))
    assert example.loc["after_tromso", "nok_per_year"] > example.loc["before_national", "nok_per_year"]


def test_tromso_background_and_budget():
    assert tromso.seeking_other_job_share() == pytest.approx(63 / 80)
    assert tromso.budget_years() == 2025 - 2021
    assert tromso.budget_per_year_million_nok() == pytest.approx(100 / 4)


def test_salaried_share_of_lists_from_the_register():
    shares = register.lists_by_model().set_index(["period_end", "model"]).share
    assert shares[(END_2019, "salaried")] == pytest.approx(726 / 5010)
    assert shares[(MAY_2024, "salaried")] == pytest.approx(1270 / 5704)
    assert shares[(MAY_2024, "self_employed")] == pytest.approx(4434 / 5704)
    assert growth_share(726, 1270) == pytest.approx(1270 / 726 - 1)
    figures = registry.prose_figures()
    assert figures["models_salaried_share_first"].text == "14,5\u00a0%"
    assert figures["models_salaried_lists_last"].text == "1\u00a0270"


def test_gps_needed_if_lists_fall_to_1000():
    listed = 5_376_756 + 180_789  # listed patients with and without a GP, 1 May 2024
    expected = math.ceil(listed / 1000) - 5391
    row = capacity.gps_needed_by_list_length(MAY_2024, [1000]).iloc[0]
    assert row.additional == expected == 167
    after_cut = math.ceil(listed / (991 * (1 - 0.20))) - 5391
    assert capacity.additional_gps_after_cut(MAY_2024, 0.20) == after_cut


def test_tromso_supplement_for_every_self_employed_list_is_an_upper_bound():
    # End of 2022: 4 342 self-employed lists, average 1 034 patients (capped at the break point of 1 000);
    # 60 % of the rate under the break point from 1 July 2022 (675 kr).
    expected = 4342 * (0.60 * 675) * 1000
    assert tromso.supplement_for_all_self_employed_nok(END_2022, dt.date(2022, 7, 1)) == pytest.approx(expected)
    assert registry.prose_figures()["measures_all_cost"].text == "1,8\u00a0mrd.\u00a0kr"


def test_cost_table_subtotals_match_the_published_figures():
    rows = cost_tables.cost_2019_rows().set_index("label")
    assert rows.loc["Sum basisfinansiering", "million_nok"] == pytest.approx(2633.1 + 159.2)
    assert rows.loc["Sum refusjoner fra folketrygden", "million_nok"] == pytest.approx(3947.4 + 816.8 + 412.5 + 298.6)
    assert rows.loc["Sum pasientbetaling", "million_nok"] == pytest.approx(1946.6 + 154.4)
    assert rows.loc["Fastlegeordningen i alt", "million_nok"] == pytest.approx(10368.5, abs=0.15)
    assert rows.loc["Fastlegeordningen i alt", "share"] == pytest.approx(1)


def test_cost_table_is_a_numbered_table_with_norwegian_numbers():
    text = cost_tables.cost_2019_table().data
    assert text.startswith(":::{table} ") and ":name: tab-kostnader-2019" in text
    assert "| Basistilskudd | 2\u00a0633,1 | 25,4\u00a0% |" in text


def test_a_cost_item_without_a_norwegian_label_is_refused(data_copy):
    from tests.helpers import replace_in

    replace_in(data_copy / "scheme_cost_2019.csv", "l_tariffs,refunds", "lab_tariffs,refunds")
    with pytest.raises(ValueError, match="lab_tariffs"):
        cost_tables.cost_2019_rows()


def test_bad_arguments_get_clear_errors():
    with pytest.raises(ValueError, match="unknown practice model 'municipal'"):
        register.at(MAY_2024).lists_of_model("municipal")
    with pytest.raises(ValueError, match="no row for 2020-06-30"):
        register.at(dt.date(2020, 6, 30)).lists_of_model("salaried")
    with pytest.raises(ValueError, match="must start with 'tab-'"):
        numbered_table(markdown_table(cost_tables.cost_2019_rows(), {"label": ("Post", str)}), "x", "kostnader")
