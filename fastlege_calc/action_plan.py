"""The action plan for GPs (handlingsplanen) against the cost of a salaried GP and what Legeforeningen asks for.

The figures the prose shows about the plan (and about ALIS, one of its measures) are declared here.

What the plan is worth: KS states that the 1,6 mrd. kr is the annual increase by the plan's last year
(2024) measured against its first (2020), not a sum over four years (data/figures.csv,
action_plan_total_official); the note read it as a sum over the period (action_plan_total). The book
uses KS's reading.

The rise in basistilskudd for a list is computed once, by `annual_effect_nok_for_rule` with the rule in
force on REFERENCE_DATE: the summary's, chapter 5.4's and Regn selv's start values all come from it, and
it counts the break point (patients above it got a smaller rise).
"""

from __future__ import annotations

import datetime as dt

from fastlege_calc import basistilskudd, fmt, phrases
from fastlege_calc.basistilskudd import rate_up_to_kneepoint_nok_per_patient
from fastlege_calc.figures import value, when
from fastlege_calc.registry import said, shown

#: The flat rate before the plan and the rate under the break point on the date the source text names.
BEFORE_PLAN = dt.date(2019, 7, 1)
TEXT_DATE = dt.date(2022, 1, 1)
#: The one date the book measures "the rise in basistilskudd" at: the date the note names (1 January 2022).
REFERENCE_DATE = TEXT_DATE
#: The two rates the rises compare, in words: "1. januar 2022 mot flat sats 1. juli 2019".
# Written with fmt, not the unit table: a module reads no data when it is imported (a page's notebook
# records the tables it reads, fastlege_book.execute; tests/unit/test_execute.py).
_COMPARED = f"{fmt.date_long(TEXT_DATE)} mot flat sats {fmt.date_long(BEFORE_PLAN)}"


@shown(
    "ap_rise_per_patient",
    unit="nok_per_patient",
    about=f"Økning i basistilskudd per pasient (sats under knekkpunktet {_COMPARED})",
)
def rise_per_patient_nok(before: dt.date = BEFORE_PLAN, after: dt.date = TEXT_DATE) -> float:
    """Kr per patient per year the rate under the break point rose between two dates (653 − 499 = 154)."""
    return rate_up_to_kneepoint_nok_per_patient(after) - rate_up_to_kneepoint_nok_per_patient(before)


@shown(
    "ap_rise_above_kneepoint",
    unit="nok_per_patient",
    about=f"Økning i basistilskudd per pasient over knekkpunktet (sats {_COMPARED})",
)
def rise_above_kneepoint_nok_per_patient(before: dt.date = BEFORE_PLAN, after: dt.date = TEXT_DATE) -> float:
    """Kr per patient per year the rate above the break point rose between two dates (526 − 499 = 27).

    The flat rate before the plan pays the same on both sides of the break point.
    """
    rule_after, rule_before = basistilskudd.rate_on(after), basistilskudd.rate_on(before)
    return rule_after.break_point_numbers()[1] - rule_before.break_point_numbers()[1]


@shown("ap_step_2022", unit="nok_per_patient", about="Økning i satsen under knekkpunktet ved nyttår")
def step_at_text_date_nok_per_patient() -> float:
    """Kr per patient the rate under the break point rose on the note's date alone (653 − 642 = 11).

    The rule in force the day before TEXT_DATE against the one from TEXT_DATE (data/basistilskudd_rates.csv).
    """
    return rate_up_to_kneepoint_nok_per_patient(TEXT_DATE) - rate_up_to_kneepoint_nok_per_patient(
        TEXT_DATE - dt.timedelta(days=1)
    )


def reference_rule() -> basistilskudd.Rate:
    """The break-point rule in force on REFERENCE_DATE (653 kr up to 1 000 patients, 526 kr above)."""
    return basistilskudd.rate_on(REFERENCE_DATE)


def annual_rise_nok(list_length_patients: int) -> float:
    """Kr per year the rise since the flat rate gives a list of the given length, break point counted.

    The rule of REFERENCE_DATE against the flat rate of BEFORE_PLAN, by `annual_effect_nok_for_rule`
    (the formula Regn selv uses): 1 000 patients → 653 × 1 000 − 499 × 1 000 = 154 000 kr;
    1 200 patients → 154 000 + 200 × (526 − 499) = 159 400 kr. ValueError for a negative list length.
    """
    return annual_effect_nok_for_rule(list_length_patients, *reference_rule().break_point_numbers())


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
    """Listed patients whose rise in basistilskudd together equals a cost in kr, break point counted.

    Up to the break point each patient brings the rise under it (653 − 499 = 154 kr), above it the rise
    above it (526 − 499 = 27 kr), with the rule of REFERENCE_DATE against the flat rate of BEFORE_PLAN:
    800 000 kr → 1 000 + (800 000 − 154 000) / 27 ≈ 24 926 patients. Returns patients (float).
    ValueError when the cost is negative, or lies above the break point and the rise above it is not
    positive (no list length would do).
    """
    if cost_nok < 0:
        raise ValueError(f"cost must be 0 kr or more, got {cost_nok}")
    rise_up_to = rise_per_patient_nok()
    rise_above = rise_above_kneepoint_nok_per_patient()
    kneepoint = reference_rule().kneepoint_patients
    at_kneepoint = rise_up_to * kneepoint
    if cost_nok <= at_kneepoint:
        return cost_nok / rise_up_to
    if rise_above <= 0:
        raise ValueError(
            f"the rise above the break point is {rise_above} kr per patient, so no list covers {cost_nok} kr"
        )
    return kneepoint + (cost_nok - at_kneepoint) / rise_above


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
    """The action plan's annual increase by its last year against its first, kr (1,6 mrd. kr; KS).

    Read from action_plan_total_official (KS): an increase per year by 2024 measured against 2020, not a
    sum over four years as the note read it.
    """
    return value("action_plan_total_official") * 1_000_000


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
    """Kr per year a list gets under a break-point rule compared with the flat rate before the action plan.

    The one formula for "the rise in basistilskudd" (summary, chapter 5.4 and Regn selv): the rule's
    annual basistilskudd minus the flat rate of BEFORE_PLAN for the same list, 653 × 1 000 − 499 × 1 000
    = 154 000 kr for the rule of 1 January 2022. ValueError for a negative list length or break point.
    """
    from fastlege_calc.basistilskudd import annual_basistilskudd_nok, annual_nok_for_rule

    after = annual_nok_for_rule(
        list_length_patients, rate_up_to_kneepoint_nok, rate_above_kneepoint_nok, kneepoint_patients
    )
    return after - annual_basistilskudd_nok(list_length_patients, BEFORE_PLAN)


# --- ALIS, one of the plan's measures -------------------------------------------------------------------
def alis_ratio() -> float:
    """ALIS agreements with a grant in the second year as a multiple of the first (564 / 71 = 7,94)."""
    return value("alis_agreements_2021") / value("alis_agreements_2020")


@shown(
    "measures_alis_ratio",
    unit="ratio",
    about="ALIS-avtaler det andre året som multiplum av det første, rundet til hele ganger",
)
def _alis_ratio_whole() -> int:
    """The multiple rounded half up to a whole number, as running text writes it ('nesten åtte ganger')."""
    return int(fmt.rounded(alis_ratio()))


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
        nearly = phrases.nearly_or_just_over(alis_ratio(), _alis_ratio_whole())
        times = f"{nearly} {{{{ measures_alis_ratio }}}}".strip()
        return f"{lead}{counts}, det vil si {times} ganger så mange"
    if after < before:
        return f"{counts}, altså færre"
    return f"{counts}, altså like mange"
