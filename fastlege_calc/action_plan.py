"""The action plan for GPs (handlingsplanen) against the cost of a salaried GP and what Legeforeningen asks for.

The figures the prose shows about the plan (and about ALIS, one of its measures) are declared here.
"""

from __future__ import annotations

import datetime as dt

from fastlege_calc import units
from fastlege_calc.basistilskudd import rate_up_to_kneepoint_nok_per_patient
from fastlege_calc.figures import value, when
from fastlege_calc.registry import said, shown

#: The flat rate before the plan and the rate under the break point on the date the source text names.
BEFORE_PLAN = dt.date(2019, 7, 1)
TEXT_DATE = dt.date(2022, 1, 1)


@shown(
    "ap_rise_per_patient",
    unit="nok_per_patient",
    about=f"Økning i basistilskudd per pasient (sats under knekkpunktet {units.text(TEXT_DATE, 'date')} mot flat sats "
    f"{units.text(BEFORE_PLAN, 'date')})",
)
def rise_per_patient_nok(before: dt.date = BEFORE_PLAN, after: dt.date = TEXT_DATE) -> float:
    """Kr per patient per year the rate under the break point rose between two dates (653 − 499 = 154)."""
    return rate_up_to_kneepoint_nok_per_patient(after) - rate_up_to_kneepoint_nok_per_patient(before)


def annual_rise_nok(list_length_patients: int) -> float:
    """Kr per year the rise gives a GP with a list of the given length (154 × 1 000 = 154 000)."""
    return rise_per_patient_nok() * list_length_patients


def example_list_length_patients() -> int:
    """The list length of the source text's worked example (1 000 patients; data/figures.csv)."""
    return int(value("action_plan_example_list_length"))


@shown("ap_annual_rise", unit="nok", about="Økning per år for notatets eksempelliste")
def _annual_rise_for_example_list() -> float:
    return annual_rise_nok(example_list_length_patients())


def salaried_gp_net_cost_nok() -> tuple[float, float]:
    """Net cost of one salaried GP year to a municipality, low and high estimate (kr per year)."""
    return value("salaried_gp_net_cost_low"), value("salaried_gp_net_cost_high")


def rise_as_share_of_salaried_cost(list_length_patients: int) -> tuple[float, float]:
    """The annual rise for a list as a share of the high and low salaried-GP cost (0–1)."""
    low, high = salaried_gp_net_cost_nok()
    rise = annual_rise_nok(list_length_patients)
    return rise / high, rise / low


@shown("ap_share_of_cost_high", unit="share", about="Økningen som andel av høyt kostnadsanslag")
def _share_of_cost_high() -> float:
    return rise_as_share_of_salaried_cost(example_list_length_patients())[0]


@shown("ap_share_of_cost_low", unit="share", about="Økningen som andel av lavt kostnadsanslag")
def _share_of_cost_low() -> float:
    return rise_as_share_of_salaried_cost(example_list_length_patients())[1]


def patients_needed_to_match_nok(cost_nok: float) -> float:
    """Listed patients whose rise together equals a cost in kr (800 000 / 154 ≈ 5 195)."""
    return cost_nok / rise_per_patient_nok()


@shown(
    "ap_patients_to_match_low",
    unit="patients",
    about="Pasienter som trengs for at økningen skal dekke lavt kostnadsanslag",
)
def _patients_to_match_low() -> float:
    return patients_needed_to_match_nok(salaried_gp_net_cost_nok()[0])


@shown(
    "ap_patients_to_match_high",
    unit="patients",
    about="Pasienter som trengs for at økningen skal dekke høyt kostnadsanslag",
)
def _patients_to_match_high() -> float:
    return patients_needed_to_match_nok(salaried_gp_net_cost_nok()[1])


def plan_total_nok() -> float:
    """The action plan's added funding over four years, kr (1,6 mrd. kr)."""
    return value("action_plan_total") * 1_000_000


@shown("ap_need", unit="nok", about="Legeforeningens anslag på behov (et multiplum av planen)", rounded=True)
def legeforeningen_need_nok() -> float:
    """What Legeforeningen says is needed, kr: nearly three times the plan."""
    return value("legeforeningen_need_multiple") * plan_total_nok()


@shown("ap_gap", unit="nok", about="Differanse mellom behov og handlingsplan", rounded=True)
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


# --- ALIS, one of the plan's measures -------------------------------------------------------------------
@shown("measures_alis_ratio", unit="ratio", about="ALIS-avtaler det andre året som multiplum av det første", decimals=1)
def _alis_ratio() -> float:
    return value("alis_agreements_2021") / value("alis_agreements_2020")


@said("measures_alis_sentence", about="ALIS-avtaler med tilskudd, to år sammenlignet")
def _alis_sentence() -> str:
    """The two years' ALIS agreements compared: 'ganger så mange' when more, 'færre' when fewer (never typed)."""
    before, after = value("alis_agreements_2020"), value("alis_agreements_2021")
    counts = (
        f"Det ble gitt tilskudd til {{{{ alis_agreements_2020 }}}} ALIS-avtaler {when('alis_agreements_2020')} og "
        f"{{{{ alis_agreements_2021 }}}} {when('alis_agreements_2021')}"
    )
    if after > before:
        lead = "Ordningen med statlige tilskudd til ALIS har vokst raskt. " if after >= 2 * before else ""
        return f"{lead}{counts}, det vil si {{{{ measures_alis_ratio }}}} ganger så mange"
    if after < before:
        return f"{counts}, altså færre"
    return f"{counts}, altså like mange"
