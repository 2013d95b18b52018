"""The action plan for GPs (handlingsplanen) against the cost of a salaried GP and what Legeforeningen asks for."""

from __future__ import annotations

import datetime as dt

from fastlege_calc.basistilskudd import rate_up_to_kneepoint_nok_per_patient
from fastlege_calc.figures import value

#: The flat rate before the plan and the rate under the break point on the date the source text names.
BEFORE_PLAN = dt.date(2019, 7, 1)
TEXT_DATE = dt.date(2022, 1, 1)


def rise_per_patient_nok(before: dt.date = BEFORE_PLAN, after: dt.date = TEXT_DATE) -> float:
    """Kr per patient per year the rate under the break point rose between two dates (653 − 499 = 154)."""
    return rate_up_to_kneepoint_nok_per_patient(after) - rate_up_to_kneepoint_nok_per_patient(before)


def annual_rise_nok(list_length_patients: int) -> float:
    """Kr per year the rise gives a GP with a list of the given length (154 × 1 000 = 154 000)."""
    return rise_per_patient_nok() * list_length_patients


def salaried_gp_net_cost_nok() -> tuple[float, float]:
    """Net cost of one salaried GP year to a municipality, low and high estimate (kr per year)."""
    return value("salaried_gp_net_cost_low"), value("salaried_gp_net_cost_high")


def rise_as_share_of_salaried_cost(list_length_patients: int) -> tuple[float, float]:
    """The annual rise for a list as a share of the high and low salaried-GP cost (0–1)."""
    low, high = salaried_gp_net_cost_nok()
    rise = annual_rise_nok(list_length_patients)
    return rise / high, rise / low


def patients_needed_to_match_nok(cost_nok: float) -> float:
    """Listed patients whose rise together equals a cost in kr (800 000 / 154 ≈ 5 195)."""
    return cost_nok / rise_per_patient_nok()


def plan_total_nok() -> float:
    """The action plan's added funding over four years, kr (1,6 mrd. kr)."""
    return value("action_plan_total") * 1_000_000


def legeforeningen_need_nok() -> float:
    """What Legeforeningen says is needed, kr: nearly three times the plan."""
    return value("legeforeningen_need_multiple") * plan_total_nok()


def funding_gap_nok() -> float:
    """Kr between what Legeforeningen asks for and the plan."""
    return legeforeningen_need_nok() - plan_total_nok()


def annual_effect_nok_for_rule(
    list_length_patients: float,
    rate_up_to_kneepoint_nok: float,
    rate_above_kneepoint_nok: float,
    kneepoint_patients: float,
) -> float:
    """Kr per year a list gets under a break-point rule compared with the flat rate before the action plan."""
    from fastlege_calc.basistilskudd import annual_basistilskudd_nok, annual_nok_for_rule

    after = annual_nok_for_rule(
        list_length_patients, rate_up_to_kneepoint_nok, rate_above_kneepoint_nok, kneepoint_patients
    )
    return after - annual_basistilskudd_nok(list_length_patients, BEFORE_PLAN)
