"""Basistilskudd (capitation) under the national rules: the rule in force on a date and the annual amount for a list.

The rules are the rows of data/basistilskudd_rates.csv, read only through `rates()` and `rate_on()`.
Every rule is computed by one formula, `annual_nok_for_rule`, on the rule's numbers: a flat rate is a
break-point rule with the same rate on both sides. The Tromsø model's supplement is in `tromso`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from fastlege_calc.data import load


@dataclass(frozen=True)
class Rate:
    """The basistilskudd rule in force from valid_from (kr per listed patient per year)."""

    valid_from: dt.date
    scheme: str  # flat | kneepoint | patient_adjusted
    rate_nok_per_patient: float | None  # flat rate, rate up to the break point, or national average
    rate_above_kneepoint_nok_per_patient: float | None
    kneepoint_patients: int | None
    source_id: str
    confidence: str | None
    line: int  # line in data/basistilskudd_rates.csv (the header is line 1)

    def rate_up_to_kneepoint_nok(self) -> float:
        """Kr per patient per year up to the break point (or the flat rate, or the patient-adjusted average).

        ValueError for a patient-adjusted rule whose national average is not published.
        """
        if self.rate_nok_per_patient is None:
            raise ValueError(
                f"the basistilskudd rule from {self.valid_from} is patient-adjusted with no published average"
            )
        return self.rate_nok_per_patient

    def break_point_numbers(self) -> tuple[float, float, float]:
        """The rule as (rate up to the break point, rate above it, break point in patients), kr and patients.

        A flat or patient-adjusted rule is the same rate on both sides of a break point at 0 patients.
        """
        below = self.rate_up_to_kneepoint_nok()
        if self.scheme != "kneepoint":
            return below, below, 0
        return below, self.rate_above_kneepoint_nok_per_patient, self.kneepoint_patients


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
            confidence=_optional(row.confidence),
            line=line,
        )
        for line, row in enumerate(frame.itertuples(index=False), start=2)
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
    return rate_on(on).rate_up_to_kneepoint_nok()


def annual_basistilskudd_nok(list_length_patients: int, on: dt.date) -> float:
    """Kr per year for a list of the given length under the national rules in force on a date.

    Kneepoint rules pay the higher rate for the first `kneepoint_patients` and the lower rate
    for the rest; patient-adjusted rules are approximated by the national average rate.
    """
    return annual_nok_for_rule(list_length_patients, *rate_on(on).break_point_numbers())


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
