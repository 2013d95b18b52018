"""Basistilskudd (capitation): the rate on a date and the annual amount for a list, national and Tromsø."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from fastlege_calc.data import load
from fastlege_calc.figures import figure, value

#: Norwegian names of the rate schemes in data/basistilskudd_rates.csv.
SCHEME_LABELS = {"flat": "flat sats", "kneepoint": "knekkpunkt", "patient_adjusted": "pasienttilpasset"}


@dataclass(frozen=True)
class Rate:
    """The basistilskudd rule in force from valid_from (kr per listed patient per year)."""

    valid_from: dt.date
    scheme: str  # flat | kneepoint | patient_adjusted
    rate_nok_per_patient: float | None  # flat rate, rate up to the break point, or national average
    rate_above_kneepoint_nok_per_patient: float | None
    kneepoint_patients: int | None
    source_id: str


def _optional(x):
    """Pandas NA → None."""
    return None if pd.isna(x) else x


def rates() -> list[Rate]:
    """Every basistilskudd rule in data/basistilskudd_rates.csv, oldest first."""
    frame = load("basistilskudd_rates")
    return [
        Rate(
            valid_from=row.valid_from,
            scheme=row.scheme,
            rate_nok_per_patient=_optional(row.rate_nok_per_patient),
            rate_above_kneepoint_nok_per_patient=_optional(row.rate_above_kneepoint_nok_per_patient),
            kneepoint_patients=None if pd.isna(row.kneepoint_patients) else int(row.kneepoint_patients),
            source_id=row.source_id,
        )
        for row in frame.itertuples(index=False)
    ]


def rate_on(on: dt.date) -> Rate:
    """The rule in force on a date; ValueError before the first rate in the data."""
    in_force = [r for r in rates() if r.valid_from <= on]
    if not in_force:
        raise ValueError(f"no basistilskudd rate in data/basistilskudd_rates.csv on or before {on}")
    return in_force[-1]


def last_kneepoint_rule() -> Rate:
    """The newest rule with a break point (before the patient-adjusted reform)."""
    kneepoint_rules = [r for r in rates() if r.scheme == "kneepoint"]
    if not kneepoint_rules:
        raise ValueError("data/basistilskudd_rates.csv has no rule with a break point")
    return kneepoint_rules[-1]


def rate_up_to_kneepoint_nok_per_patient(on: dt.date) -> float:
    """Kr per patient per year for patients up to the break point (or the flat rate) on a date."""
    rate = rate_on(on)
    if rate.rate_nok_per_patient is None:
        raise ValueError(f"the basistilskudd rule from {rate.valid_from} is patient-adjusted with no published average")
    return rate.rate_nok_per_patient


def annual_basistilskudd_nok(list_length_patients: int, on: dt.date) -> float:
    """Kr per year for a list of the given length under the national rules in force on a date.

    Kneepoint rules pay the higher rate for the first `kneepoint_patients` and the lower rate
    for the rest; patient-adjusted rules are approximated by the national average rate.
    """
    rate = rate_on(on)
    below = rate_up_to_kneepoint_nok_per_patient(on)
    if rate.scheme != "kneepoint":
        return annual_nok_for_rule(list_length_patients, below, below, 0)
    return annual_nok_for_rule(
        list_length_patients, below, rate.rate_above_kneepoint_nok_per_patient, rate.kneepoint_patients
    )


def annual_nok_for_rule(
    list_length_patients: float,
    rate_up_to_kneepoint_nok: float,
    rate_above_kneepoint_nok: float,
    kneepoint_patients: float,
) -> float:
    """Kr per year for a list under a break-point rule given by its numbers (the one formula for every rule).

    The first `kneepoint_patients` pay `rate_up_to_kneepoint_nok` each, the rest `rate_above_kneepoint_nok`
    (a flat rate is the same rate on both sides). The Regn selv page computes the same in the browser.
    """
    if list_length_patients < 0:
        raise ValueError(f"list length must be 0 or more, got {list_length_patients}")
    if kneepoint_patients < 0:
        raise ValueError(f"break point must be 0 or more patients, got {kneepoint_patients}")
    up_to_kneepoint = min(list_length_patients, kneepoint_patients)
    above_kneepoint = max(list_length_patients - kneepoint_patients, 0)
    return up_to_kneepoint * rate_up_to_kneepoint_nok + above_kneepoint * rate_above_kneepoint_nok


def tromso_annual_nok_for_rule(
    list_length_patients: float,
    rate_up_to_kneepoint_nok: float,
    rate_above_kneepoint_nok: float,
    kneepoint_patients: float,
) -> float:
    """Kr per year under the Tromsø model on top of a national rule given by its numbers.

    The national amount plus the Tromsø supplement (a share of the rate up to the national break point)
    for the patients up to the Tromsø model's own break point.
    """
    national = annual_nok_for_rule(
        list_length_patients, rate_up_to_kneepoint_nok, rate_above_kneepoint_nok, kneepoint_patients
    )
    tromso_kneepoint = value("tromso_kneepoint_patients")
    supplement = value("tromso_increase_share") * rate_up_to_kneepoint_nok
    return national + supplement * min(list_length_patients, tromso_kneepoint)


def tromso_start() -> dt.date:
    """The date the Tromsø model took effect (the period of its increase in data/figures.csv)."""
    return dt.date.fromisoformat(figure("tromso_increase_share").period)


def tromso_supplement_nok_per_patient(on: dt.date) -> float:
    """Kr per patient per year the Tromsø model adds up to its break point (60 % of the national rate)."""
    if on < tromso_start():
        raise ValueError(f"the Tromsø model starts {tromso_start()}; no supplement on {on}")
    return value("tromso_increase_share") * rate_up_to_kneepoint_nok_per_patient(on)


def tromso_annual_basistilskudd_nok(list_length_patients: int, on: dt.date) -> float:
    """Kr per year under the Tromsø model: the national amount plus the supplement up to the break point."""
    tromso_supplement_nok_per_patient(on)  # refuses dates before the model started
    rate = rate_on(on)
    below = rate_up_to_kneepoint_nok_per_patient(on)
    if rate.scheme != "kneepoint":
        return tromso_annual_nok_for_rule(list_length_patients, below, below, 0)
    return tromso_annual_nok_for_rule(
        list_length_patients, below, rate.rate_above_kneepoint_nok_per_patient, rate.kneepoint_patients
    )


def income_by_list_length(on: dt.date, list_lengths: range = range(0, 2501, 50)) -> pd.DataFrame:
    """Annual basistilskudd (kr) by list length under the national rules and the Tromsø model."""
    rows = []
    for n in list_lengths:
        rows.append({"list_length_patients": n, "model": "national", "nok_per_year": annual_basistilskudd_nok(n, on)})
        rows.append(
            {"list_length_patients": n, "model": "tromso", "nok_per_year": tromso_annual_basistilskudd_nok(n, on)}
        )
    return pd.DataFrame(rows)


def rate_history() -> pd.DataFrame:
    """The rates as a table for charts: one row per rule and tier (up to / above the break point)."""
    rows = []
    for r in rates():
        if r.rate_nok_per_patient is None:
            continue
        tier = "average" if r.scheme == "patient_adjusted" else "up_to_kneepoint"
        rows.append({"valid_from": r.valid_from, "tier": tier, "nok_per_patient": r.rate_nok_per_patient})
        above = r.rate_above_kneepoint_nok_per_patient if r.scheme == "kneepoint" else r.rate_nok_per_patient
        if r.scheme != "patient_adjusted":
            rows.append({"valid_from": r.valid_from, "tier": "above_kneepoint", "nok_per_patient": above})
    return pd.DataFrame(rows)
