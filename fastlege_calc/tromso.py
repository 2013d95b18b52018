"""The Tromsø model: a municipal supplement to basistilskudd, in return for shorter lists.

From its start the municipality pays a share (60 %) on top of the national rate up to the national
break point, for the patients up to the model's own break point (1 000). The supplement is written
once, on a rule's numbers (`supplement_nok_for_rule`); the amounts on a date take the national rule
in force that day. Units are in the names: `_nok` kroner per year, `_patients` listed patients,
`share` a fraction 0–1. The model's figures are rows of data/figures.csv. The figures the prose
shows about the model, and about its supplement for every self-employed GP, are declared here.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from fastlege_calc import basistilskudd, phrases, register, trace
from fastlege_calc.figures import figure_date, figure_years, value
from fastlege_calc.registry import said, shown


@shown("tromso_start_date", unit="date", about="Tromsø-modellen gjelder fra")
def start() -> dt.date:
    """The date the Tromsø model took effect (the period of its increase in data/figures.csv: 1 July 2021)."""
    return figure_date("tromso_increase_share")


def kneepoint_patients() -> int:
    """The model's own break point: the supplement is paid for the patients up to it (1 000)."""
    return int(value("tromso_kneepoint_patients"))


def supplement_nok_per_patient_for_rule(rate_up_to_kneepoint_nok: float) -> float:
    """Kr per patient per year the model adds to a national rate up to the break point (0,60 × 642 = 385,20)."""
    return value("tromso_increase_share") * rate_up_to_kneepoint_nok


def supplement_nok_for_rule(list_length_patients: float, rate_up_to_kneepoint_nok: float) -> float:
    """Kr per year the model adds for a list: the supplement per patient × patients up to the model's break point.

    0,60 × 642 kr × min(800, 1 000) = 308 160 kr for a list of 800 with the rates from 1 July 2021.
    """
    return supplement_nok_per_patient_for_rule(rate_up_to_kneepoint_nok) * min(
        list_length_patients, kneepoint_patients()
    )


def annual_nok_for_rule(
    list_length_patients: float,
    rate_up_to_kneepoint_nok: float,
    rate_above_kneepoint_nok: float,
    kneepoint_patients: float,
) -> float:
    """Kr per year under the Tromsø model on top of a national rule given by its numbers.

    The national amount (`basistilskudd.annual_nok_for_rule`; `kneepoint_patients` is the national break
    point) plus the supplement up to the model's own break point. The Regn selv page computes the same in
    the browser.
    """
    national = basistilskudd.annual_nok_for_rule(
        list_length_patients, rate_up_to_kneepoint_nok, rate_above_kneepoint_nok, kneepoint_patients
    )
    return national + supplement_nok_for_rule(list_length_patients, rate_up_to_kneepoint_nok)


def _rule_on(on: dt.date) -> basistilskudd.Rate:
    """The national rule in force on a date the model was in force; ValueError before its start."""
    with trace.selecting():  # the start only checks the date
        model_start = start()
    if on < model_start:
        raise ValueError(f"the Tromsø model starts {model_start}; no supplement on {on}")
    return basistilskudd.rate_on(on)


def supplement_nok_per_patient(on: dt.date) -> float:
    """Kr per patient per year the model adds on a date, up to its break point (60 % of the national rate).

    ValueError before the model's start, or on a date whose national rule has no published rate.
    """
    return supplement_nok_per_patient_for_rule(_rule_on(on).rate_up_to_kneepoint_nok())


@shown(
    "tromso_supplement_per_patient",
    unit="nok_per_patient",
    about="Tromsøs tillegg per pasient per år (beregnet: andel × nasjonal sats)",
)
def _supplement_per_patient_at_start() -> float:
    return supplement_nok_per_patient(start())


def supplement_nok(list_length_patients: int, on: dt.date) -> float:
    """Kr per year the model adds for a list on a date (the supplement up to its break point); ValueError as above."""
    return supplement_nok_for_rule(list_length_patients, _rule_on(on).rate_up_to_kneepoint_nok())


@shown("tromso_supplement_at_kneepoint", unit="nok", about="Tromsøs tillegg per år for en liste ved knekkpunktet")
def _supplement_at_kneepoint() -> float:
    return supplement_nok(kneepoint_patients(), start())


def annual_basistilskudd_nok(list_length_patients: int, on: dt.date) -> float:
    """Kr per year for a list under the model on a date: the national amount plus the supplement.

    ValueError before the model's start, or on a date whose national rule has no published rate.
    """
    return annual_nok_for_rule(list_length_patients, *_rule_on(on).break_point_numbers())


def income_by_list_length(on: dt.date, list_lengths: range = range(0, 2501, 50)) -> pd.DataFrame:
    """Annual basistilskudd by list length under the national rules and the model.

    Columns: list_length_patients, model ('national' | 'tromso'), nok_per_year.
    """
    rows = []
    for n in list_lengths:
        rows.append(
            {
                "list_length_patients": n,
                "model": "national",
                "nok_per_year": basistilskudd.annual_basistilskudd_nok(n, on),
            }
        )
        rows.append({"list_length_patients": n, "model": "tromso", "nok_per_year": annual_basistilskudd_nok(n, on)})
    return pd.DataFrame(rows)


# --- the list cut the model pays for ------------------------------------------------------------
def list_after_cut_patients(list_before_patients: int) -> int:
    """List length after the largest cut the model pays for (20 %: 1 000 → 800 patients)."""
    return round(list_before_patients * (1 - value("tromso_list_cut_max_share")))


def cut_example(list_before_patients: int, on: dt.date) -> pd.DataFrame:
    """A GP who cuts the list by the most the model pays for: basistilskudd before, after, and after in Tromsø.

    Columns: case ('before_national' | 'after_national' | 'after_tromso'), list_length_patients,
    nok_per_year (kr per year).
    """
    after = list_after_cut_patients(list_before_patients)
    return pd.DataFrame(
        [
            {
                "case": "before_national",
                "list_length_patients": list_before_patients,
                "nok_per_year": basistilskudd.annual_basistilskudd_nok(list_before_patients, on),
            },
            {
                "case": "after_national",
                "list_length_patients": after,
                "nok_per_year": basistilskudd.annual_basistilskudd_nok(after, on),
            },
            {
                "case": "after_tromso",
                "list_length_patients": after,
                "nok_per_year": annual_basistilskudd_nok(after, on),
            },
        ]
    )


def _cut(case: str, column: str = "nok_per_year") -> float:
    """One number of the cut example for a list at the model's break point on its first day (`cut_example`)."""
    return cut_example(kneepoint_patients(), start()).set_index("case").loc[case, column]


@shown("tromso_cut_list_before", unit="patients", about="Liste før kutt i regneeksempelet")
def _cut_list_before() -> int:
    return kneepoint_patients()


@shown("tromso_cut_list_after", unit="patients", about="Liste etter største kutt Tromsø-modellen betaler for")
def _cut_list_after() -> float:
    return _cut("after_national", "list_length_patients")


@shown("tromso_cut_before_national", unit="nok", about="Basistilskudd per år før kuttet, nasjonale satser")
def _cut_before_national() -> float:
    return _cut("before_national")


@shown("tromso_cut_after_national", unit="nok", about="Basistilskudd per år etter kuttet, nasjonale satser")
def _cut_after_national() -> float:
    return _cut("after_national")


@shown("tromso_cut_after_tromso", unit="nok", about="Basistilskudd per år etter kuttet, Tromsø-modellen")
def _cut_after_tromso() -> float:
    return _cut("after_tromso")


@shown("tromso_cut_loss_national", unit="nok", about="Tap i basistilskudd ved kuttet, nasjonale satser")
def _cut_loss_national() -> float:
    return _cut("before_national") - _cut("after_national")


@shown(
    "tromso_cut_gain_tromso",
    unit="nok",
    about="Mer i basistilskudd etter kuttet i Tromsø enn før kuttet med nasjonale satser",
)
def _cut_gain_tromso() -> float:
    return _cut("after_tromso") - _cut("before_national")


def supplement_for_all_self_employed_nok(period_end: dt.date, on: dt.date) -> float:
    """Upper bound, kr per year: the supplement on every self-employed list at the average list length.

    Lists from the register row at `period_end`, rates in force on `on`. Each list is paid up to the
    break point; using the average list length (capped at the break point) for every list overstates
    the cost when some lists are longer than the break point.
    """
    row = register.at(period_end)
    return row.lists_self_employed * supplement_nok(math.floor(row.avg_list_length_patients), on)


# --- the supplement for every self-employed GP, with the last national rule that had a break point ------------
def _year_end_of_last_kneepoint_rule() -> register.RegisterRow:
    """The register at the end of the year the last national rule with a break point came (2022)."""
    with trace.selecting():  # the rule's date only chooses the register's year
        year = basistilskudd.last_kneepoint_rule().valid_from.year
    return register.year_end(year)


@shown("measures_all_year", unit="year", about="År for regneeksempelet med Tromsøs tillegg for alle")
def _all_year() -> int:
    return _year_end_of_last_kneepoint_rule().period_end.year


@shown("measures_all_lists", unit="count", about="Lister med næringsdrivende lege i regneeksempelet")
def _all_lists() -> int:
    return _year_end_of_last_kneepoint_rule().lists_self_employed


@said("measures_all_lists_sentence", about="Lister med næringsdrivende lege i regneeksempelets år")
def _all_lists_sentence() -> str:
    row = _year_end_of_last_kneepoint_rule()
    when = phrases.at_period_end(row.period_end, "{{ measures_all_year }}")
    return phrases.capitalised(f"{when} hadde næringsdrivende leger {{{{ measures_all_lists }}}} lister")


@shown(
    "measures_all_supplement_per_patient",
    unit="nok_per_patient",
    about="Tromsøs tillegg per pasient med de siste satsene med knekkpunkt",
)
def _all_supplement_per_patient() -> float:
    return supplement_nok_per_patient(basistilskudd.last_kneepoint_rule().valid_from)


@shown(
    "measures_all_cost",
    unit="nok",
    about="Øvre anslag: Tromsøs tillegg for alle næringsdrivende, kr per år",
)
def _all_cost() -> float:
    on = basistilskudd.last_kneepoint_rule().valid_from
    return supplement_for_all_self_employed_nok(_year_end_of_last_kneepoint_rule().period_end, on)


@said("measures_all_cost_against_plan", about="Tromsøs tillegg for alle mot hele handlingsplanen")
def _all_cost_against_plan() -> str:
    """Whether the supplement for all costs more or less a year than the whole action plan, from the figures."""
    from fastlege_calc.action_plan import plan_total_nok

    cost = _all_cost()
    more = phrases.more_or_less(cost - plan_total_nok(), "mer enn", "mindre enn", "like mye som")
    return f"Det er {more} hele økningen på {{{{ action_plan_total }}}} som handlingsplanen tok sikte på"


# --- background -------------------------------------------------------------------------------
@shown("tromso_seeking_share", unit="share", about="Andel av Tromsøs fastleger som søkte annen jobb")
def seeking_other_job_share() -> float:
    """Share (0–1) of Tromsø's GPs who looked for another job in autumn 2020 (63 / 80)."""
    return value("tromso_gps_seeking_other_job") / value("tromso_gps_total_2020")


@shown("tromso_budget_years", unit="years", about="Årene Tromsø-modellens budsjett gjelder")
def budget_years() -> int:
    """Years the model's budget covers, from the period of its row in data/figures.csv ('2021–2025' → 4).

    DataError naming the row when the period is not a span of years.
    """
    first, last = figure_years("tromso_budget")
    return last - first


@shown("tromso_budget_per_year", unit="million_nok", about="Tromsø-modellens budsjett per år", rounded=True)
def budget_per_year_million_nok() -> float:
    """The model's budget per year, million kr (about 100 million over 2021–2025: four years)."""
    return value("tromso_budget") / budget_years()
