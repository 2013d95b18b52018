"""Formulas against hand calculations, and published figures reproduced from the data."""

import datetime as dt

import pytest

from fastlege_calc import action_plan, basistilskudd, capacity, hours, income, register, tromso
from fastlege_calc.figures import value


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
    assert action_plan.patients_needed_to_match_nok(800_000) == pytest.approx(800_000 / 154)


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
