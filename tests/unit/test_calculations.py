"""Formulas against hand calculations, and published figures reproduced from the data."""

import datetime as dt

import pytest

from fastlege_calc import (
    action_plan,
    basistilskudd,
    capacity,
    consultations,
    cost_growth,
    hours,
    income,
    register,
    tromso,
)
from fastlege_calc.data import DataError
from fastlege_calc.figures import figure_date, value
from fastlege_calc.growth import growth_share


# --- basistilskudd -----------------------------------------------------------------------------
def test_flat_rate_2019():
    assert basistilskudd.annual_basistilskudd_nok(1200, dt.date(2019, 12, 1)) == 1200 * 499


def test_kneepoint_2021_below_and_above():
    on = dt.date(2021, 8, 1)
    assert basistilskudd.annual_basistilskudd_nok(800, on) == 800 * 642
    assert basistilskudd.annual_basistilskudd_nok(1000, on) == 1000 * 642
    assert basistilskudd.annual_basistilskudd_nok(1200, on) == 1000 * 642 + 200 * 526


def test_kneepoint_2022_july():
    assert basistilskudd.annual_basistilskudd_nok(1500, dt.date(2022, 7, 1)) == 1000 * 675 + 500 * 544


def test_rate_in_force_changes_on_its_first_day():
    assert basistilskudd.rate_on(dt.date(2021, 6, 30)).rate_nok_per_patient == 577
    assert basistilskudd.rate_on(dt.date(2021, 7, 1)).rate_nok_per_patient == 642


def test_patient_adjusted_uses_the_national_average():
    assert basistilskudd.annual_basistilskudd_nok(1000, dt.date(2024, 1, 1)) == pytest.approx(1000 * 841.80)


def test_patient_adjusted_without_published_average_is_refused():
    with pytest.raises(ValueError, match="no published average"):
        basistilskudd.annual_basistilskudd_nok(1000, dt.date(2023, 6, 1))


def test_no_rate_before_the_data_starts():
    with pytest.raises(ValueError, match="no basistilskudd rate"):
        basistilskudd.rate_on(dt.date(2010, 1, 1))


def test_negative_list_is_refused():
    with pytest.raises(ValueError, match="0 or more"):
        basistilskudd.annual_basistilskudd_nok(-1, dt.date(2022, 1, 1))


def test_tromso_adds_sixty_percent_up_to_the_kneepoint():
    on = dt.date(2021, 7, 1)
    assert tromso.annual_basistilskudd_nok(800, on) == pytest.approx(800 * 642 * 1.6)
    expected = 1000 * 642 * 1.6 + 300 * 526  # supplement stops at the break point
    assert tromso.annual_basistilskudd_nok(1300, on) == pytest.approx(expected)


def test_tromso_model_is_refused_before_it_started():
    with pytest.raises(ValueError, match="Tromsø model starts"):
        tromso.annual_basistilskudd_nok(1000, dt.date(2021, 1, 1))


# --- action plan -------------------------------------------------------------------------------
def test_action_plan_rise_reproduces_the_texts_154_kr():
    expected = 653 - 499
    assert action_plan.rise_per_patient_nok() == expected
    assert action_plan.rise_per_patient_nok() == value("action_plan_rise_per_patient_text")


def test_action_plan_for_a_list_of_1000():
    assert action_plan.annual_rise_nok(1000) == 154 * 1000


def test_action_plan_against_a_salaried_gp():
    share_of_high, share_of_low = action_plan.rise_as_share_of_salaried_cost(1000)
    assert share_of_high == pytest.approx(154_000 / 1_000_000)
    assert share_of_low == pytest.approx(154_000 / 800_000)
    # Rates: 653 kr up to 1 000 patients and 526 kr above from 1 January 2022 (KS), flat 499 kr before
    # the plan: the rise is 154 kr per patient up to the break point and 27 kr above it.
    expected = 1000 + (800_000 - 154 * 1000) / (526 - 499)
    assert action_plan.patients_needed_to_match_nok(800_000) == pytest.approx(expected)
    assert action_plan.patients_needed_to_match_nok(100_000) == pytest.approx(100_000 / 154)
    with pytest.raises(ValueError):
        action_plan.patients_needed_to_match_nok(-1)


def test_legeforeningen_asks_for_nearly_three_times_the_plan():
    assert action_plan.plan_total_nok() == 1600 * 1_000_000
    assert action_plan.legeforeningen_need_nok() == 3 * 1.6e9
    assert action_plan.funding_gap_nok() == 3 * 1.6e9 - 1.6e9


# --- income mix --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("component", "published_key"),
    [
        ("basis_funding", "scheme_cost_2019_basis_published"),
        ("refunds", "scheme_cost_2019_refunds_published"),
        ("patient_payment", "scheme_cost_2019_patient_published"),
    ],
)
def test_2019_components_reproduce_the_published_totals(component, published_key):
    # Helsedirektoratet, Handlingsplan for allmennlegetjenesten, årsrapport 2020.
    assert income.cost_2019_million_nok()[component] == pytest.approx(value(published_key), abs=0.05)


def test_2019_total_matches_the_published_total_within_rounding():
    # The items sum to 10 368,6; the report prints 10 368,5 (its items are rounded to 0,1).
    assert income.cost_2019_total_million_nok() == pytest.approx(10368.5, abs=0.15)


def test_2019_activity_based_share_is_73_1_percent():
    expected = (5475.3 + 2101.0) / (2792.3 + 5475.3 + 2101.0)
    assert income.activity_based_share_2019() == pytest.approx(expected, abs=1e-4)
    assert round(income.activity_based_share_2019() * 100, 1) == 73.1


def test_activity_based_share_from_the_fixed_price_table():
    expected = (7291 + 2232) / (4516 + 7291 + 2232)
    assert income.activity_based_share(2023) == pytest.approx(expected)


def test_other_is_the_published_total_minus_the_three_sources():
    assert income.cost_fixed_prices().loc[2019, "other"] == 11966 - (3222 + 6319 + 2246)


def test_unknown_year_is_refused():
    with pytest.raises(ValueError, match="no cost data for 1990"):
        income.activity_based_share(1990)


# --- hours -------------------------------------------------------------------------------------
def test_hours_above_a_normal_week():
    assert hours.hours_per_week() == 55.6
    assert hours.hours_above_normal_week(55.6) == pytest.approx(55.6 - 37.5)
    assert hours.ratio_to_normal_week(55.6) == pytest.approx(55.6 / 37.5)
    assert hours.extra_working_days_per_week(55.6) == pytest.approx((55.6 - 37.5) / 7.5)


def test_official_figure_preferred_over_the_source_text():
    assert hours.hours_per_week(statistic="p75") == 62.2  # Rebnord et al. 2020
    assert hours.hours_per_week(statistic="p75", kind="source_text") == 62  # the note's rounding
    assert hours.row(statistic="p75", kind="source_text").source_id == "af_123"


# --- capacity ----------------------------------------------------------------------------------
def test_gps_needed_rounds_up():
    assert capacity.gps_needed(5_534_934, 1000) == 5535
    assert capacity.gps_needed(1001, 1000) == 2


def test_additional_gps_needed_at_a_list_length_of_1000():
    listed = 5_320_828 + 214_106  # Q4 2023: patients with and without a GP
    expected = -(-listed // 1000) - 5268
    assert capacity.additional_gps_needed(dt.date(2023, 12, 31), 1000) == expected


def test_patients_without_gp_2022():
    assert register.at(dt.date(2022, 12, 31)).patients_without_gp == 212_289


def test_salaried_share_of_lists():
    assert register.at(dt.date(2023, 12, 31)).salaried_share == pytest.approx(1233 / 5614)


def test_zero_list_length_is_refused():
    with pytest.raises(ValueError, match="positive"):
        capacity.gps_needed(100, 0)


# --- one rule, its numbers -----------------------------------------------------------------------
def test_every_rule_as_break_point_numbers():
    assert basistilskudd.rate_on(dt.date(2019, 7, 1)).break_point_numbers() == (499, 499, 0)  # flat: no break point
    assert basistilskudd.rate_on(dt.date(2022, 7, 1)).break_point_numbers() == (675, 544, 1000)
    assert basistilskudd.rate_on(dt.date(2023, 7, 1)).break_point_numbers() == (841.80, 841.80, 0)
    with pytest.raises(ValueError, match="no published average"):
        basistilskudd.rate_on(dt.date(2023, 5, 1)).break_point_numbers()


def test_rates_carry_their_confidence_and_line():
    first = basistilskudd.rates()[0]
    assert (first.valid_from, first.confidence, first.line) == (dt.date(2016, 7, 1), "H", 2)


# --- the Tromsø supplement, written once -----------------------------------------------------------
def test_tromso_supplement_for_a_rule():
    # 60 % of the rate up to the national break point, for the patients up to Tromsø's 1 000.
    assert tromso.supplement_nok_per_patient_for_rule(642) == pytest.approx(0.60 * 642)
    assert tromso.supplement_nok_for_rule(800, 642) == pytest.approx(0.60 * 642 * 800)
    assert tromso.supplement_nok_for_rule(1200, 642) == pytest.approx(0.60 * 642 * 1000)


def test_tromso_amount_for_a_rule_is_the_national_amount_plus_the_supplement():
    expected = (1000 * 642 + 200 * 526) + 0.60 * 642 * 1000
    assert tromso.annual_nok_for_rule(1200, 642, 526, 1000) == pytest.approx(expected)
    assert tromso.annual_nok_for_rule(1200, 499, 499, 0) == pytest.approx(1200 * 499 + 0.60 * 499 * 1000)


def test_tromso_on_a_date_uses_the_rule_in_force():
    start = tromso.start()
    assert start == dt.date(2021, 7, 1)  # the period of tromso_increase_share in data/figures.csv
    assert tromso.supplement_nok_per_patient(start) == pytest.approx(0.60 * 642)  # 385,20 kr
    assert tromso.supplement_nok(1500, dt.date(2022, 7, 1)) == pytest.approx(0.60 * 675 * 1000)
    with pytest.raises(ValueError, match="Tromsø model starts 2021-07-01"):
        tromso.supplement_nok(1000, dt.date(2021, 6, 30))


def test_tromso_cut_and_the_upper_bound_for_every_self_employed_list():
    assert tromso.list_after_cut_patients(1000) == 1000 - 0.20 * 1000
    # End of 2022: 4 342 self-employed lists, average 1 034 patients capped at Tromsø's 1 000; rates of July 2022.
    expected = 4342 * (0.60 * 675) * 1000
    upper = tromso.supplement_for_all_self_employed_nok(dt.date(2022, 12, 31), dt.date(2022, 7, 1))
    assert upper == pytest.approx(expected)


def test_tromso_budget_per_year():
    assert tromso.budget_years() == 2025 - 2021
    assert tromso.budget_per_year_million_nok() == pytest.approx(100 / 4)


# --- hours: the row of a kind ------------------------------------------------------------------------
def test_hours_rows_say_their_kind():
    official, text = hours.row("all", "total", "mean"), hours.row("all", "total", "mean", "source_text")
    assert (official.kind, official.source_id, official.official) == ("official", "morken_2019", True)
    assert (text.kind, text.source_id, text.official) == ("source_text", "af_123", False)
    with pytest.raises(ValueError, match=r"one row for all/total/p90/official in data/working_hours_2018\.csv"):
        hours.row("all", "total", "p90", "official")  # only the note gives the top tenth


def test_hours_distribution_official_first_in_the_order_of_the_statistics():
    table = hours.distribution()
    assert list(zip(table.statistic, table.official, strict=True)) == [
        ("median", True),
        ("mean", True),
        ("mean", False),
        ("p75", True),
        ("p75", False),
        ("p90", False),
    ]


def test_the_working_week_in_parts():
    # Morken et al. 2019: 55,6 hours in total, 49,0 in regular practice, 54,1 % of it face to face.
    parts = hours.working_week_parts().set_index("part").hours_per_week
    assert parts["face_to_face"] == pytest.approx(49.0 * 0.541)
    assert parts["other_regular_practice"] == pytest.approx(49.0 - 49.0 * 0.541)
    assert parts["other_work"] == pytest.approx(55.6 - 49.0)


# --- income: the cost tables -------------------------------------------------------------------------
def test_a_cost_year_by_hand():
    year = income.cost_year(2019)
    assert (year.basis_funding, year.refunds, year.patient_payment, year.scheme_total) == (3222, 6319, 2246, 11966)
    assert year.other == 11966 - (3222 + 6319 + 2246)
    assert year.source_ids == ("hdir_ar_2023",)
    assert [c.year for c in income.cost_years()] == [2019, 2020, 2021, 2022, 2023]


def test_basis_funding_as_half_of_income():
    # 2023, fixed prices: refunds 7 291 + patient payment 2 232 − basis 4 516 million kr.
    assert income.basis_increase_to_half_of_income_million_nok(2023) == pytest.approx(7291 + 2232 - 4516)
    assert income.basis_share_of_income(2023) == pytest.approx(4516 / (4516 + 7291 + 2232))


def test_the_2019_items():
    items = income.cost_2019_items()
    assert len(items) == 8 and items[0].item == "basistilskudd" and items[0].line == 2
    patient = [i.million_nok for i in items if i.component == "patient_payment"]
    assert sum(patient) == pytest.approx(1946.6 + 154.4)


def test_cost_per_inhabitant_growth():
    assert cost_growth.nominal_growth_share(2019, 2024) == pytest.approx(2765 / 1946 - 1)
    with pytest.raises(ValueError, match=r"no row for 1999 in data/cost_per_inhabitant\.csv"):
        cost_growth.nominal_growth_share(1999, 2024)
    with pytest.raises(ValueError, match=r"no row for 1999 in data/cost_per_inhabitant\.csv"):
        income.cost_per_inhabitant_nok(1999)


# --- capacity, growth, consultations, dated figures --------------------------------------------------
def test_gps_needed_at_shorter_lists():
    listed = 5_376_756 + 180_789  # 1 May 2024: listed patients with and without a GP
    row = capacity.gps_needed_by_list_length(dt.date(2024, 5, 1), [1000]).iloc[0]
    assert (row.gps_needed, row.gps_now, row.additional) == (-(-listed // 1000), 5391, -(-listed // 1000) - 5391)
    after_cut = -(-listed // (991 * (1 - 0.20))) - 5391
    assert capacity.additional_gps_after_cut(dt.date(2024, 5, 1), 0.20) == after_cut


def test_patients_without_a_gp():
    table = capacity.without_gp().set_index("period_end")
    assert table.loc[dt.date(2022, 12, 31), "share_without_gp"] == pytest.approx(212289 / (5259147 + 212289))
    assert capacity.without_gp_multiple(dt.date(2019, 12, 31), dt.date(2022, 12, 31)) == pytest.approx(212289 / 75542)


def test_growth_share():
    assert growth_share(726, 1270) == pytest.approx(1270 / 726 - 1)
    with pytest.raises(ValueError, match="cannot compute growth from 0"):
        growth_share(0, 5)


def test_consultations_and_referrals():
    table = consultations.consultations()
    assert list(table.year) == [2019, 2023]
    assert consultations.consultations_growth_share() == pytest.approx(16884831 / 14292722 - 1)
    assert consultations.referred_share(0.90) == pytest.approx(1 - 0.90)
    with pytest.raises(ValueError, match="between 0 and 1"):
        consultations.referred_share(90)


def test_a_figure_whose_period_is_a_day():
    assert figure_date("regulation_2023_share") == dt.date(2023, 7, 1)
    with pytest.raises(DataError, match=r"data/figures\.csv, line \d+, column 'period'.*'2021–2025'"):
        figure_date("tromso_budget")
