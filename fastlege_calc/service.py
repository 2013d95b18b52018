"""The service the scheme gives and the strain on it: consultations, cost per inhabitant, hours, GP register."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from fastlege_calc import capacity, hours
from fastlege_calc.data import load
from fastlege_calc.figures import figure

#: Stored figures for consultations a year: (key, how the figure was counted).
CONSULTATION_KEYS = (
    ("consultations_2019", "Helsedirektoratet, takstbruk"),
    ("consultations_2023_ssb", "SSB, konsultasjoner hos allmennlege"),
)


# --- consultations and cost --------------------------------------------------------------------
def consultations() -> pd.DataFrame:
    """Official counts of GP consultations a year: year, consultations, counted_as, source_id."""
    rows = []
    for key, counted_as in CONSULTATION_KEYS:
        f = figure(key)
        rows.append(
            {"year": int(f.period), "consultations": f.value, "counted_as": counted_as, "source_id": f.source_id}
        )
    return pd.DataFrame(rows).sort_values("year").reset_index(drop=True)


def consultations_growth_share() -> float:
    """Relative change (0–1) from the first to the last official count (16 884 831 / 14 292 722 − 1)."""
    table = consultations()
    return float(table.consultations.iloc[-1] / table.consultations.iloc[0] - 1)


def cost_per_inhabitant() -> pd.DataFrame:
    """The scheme's cost per inhabitant by year, kr in current prices."""
    return load("cost_per_inhabitant").sort_values("year").reset_index(drop=True)


def cost_per_inhabitant_nok(year: int) -> float:
    """Cost per inhabitant in one year, kr in current prices."""
    table = cost_per_inhabitant()
    rows = table[table.year == year]
    if rows.empty:
        raise ValueError(f"no row for {year} in data/cost_per_inhabitant.csv")
    return float(rows.nok_per_inhabitant.iloc[0])


def cost_per_inhabitant_growth_share(first: int, last: int) -> float:
    """Relative change (0–1) in cost per inhabitant between two years, current prices (2 765 / 1 946 − 1)."""
    return cost_per_inhabitant_nok(last) / cost_per_inhabitant_nok(first) - 1


def referred_share(handled_without_referral_share: float) -> float:
    """Share (0–1) of contacts the GP refers on: the rest of those handled without referral (1 − 0,9)."""
    if not 0 <= handled_without_referral_share <= 1:
        raise ValueError(f"a share must be between 0 and 1, got {handled_without_referral_share}")
    return 1 - handled_without_referral_share


# --- working hours 2018 ------------------------------------------------------------------------
def hours_distribution() -> pd.DataFrame:
    """Total weekly hours of all GPs (2018) by statistic, official figures and the source text's, for charts.

    Columns: statistic, hours_per_week, source_id, official (True where the row has a confidence grade).
    """
    table = hours.distribution().copy()
    table["official"] = table.confidence.notna()
    order = {"median": 0, "mean": 1, "p75": 2, "p90": 3}
    table["order"] = table.statistic.map(order)
    return table.sort_values(["order", "official"], ascending=[True, False]).reset_index(drop=True)[
        ["statistic", "hours_per_week", "source_id", "official"]
    ]


def other_work_hours_per_week() -> float:
    """Mean hours a week outside regular practice (out-of-hours, other municipal work): 55,6 − 49,0."""
    return hours.hours_per_week("all", "total", "mean") - hours.hours_per_week("all", "regular_practice", "mean")


def face_to_face_hours_per_week() -> float:
    """Mean regular-practice hours face to face with patients: 49,0 × 54,1 % (a product of two means)."""
    return hours.hours_per_week("all", "regular_practice", "mean") * figure("face_to_face_share").value


def working_week_parts() -> pd.DataFrame:
    """The mean 2018 week in three parts (hours): with patients, other regular practice, other work."""
    regular = hours.hours_per_week("all", "regular_practice", "mean")
    with_patients = face_to_face_hours_per_week()
    return pd.DataFrame(
        [
            {"part": "face_to_face", "hours_per_week": with_patients},
            {"part": "other_regular_practice", "hours_per_week": regular - with_patients},
            {"part": "other_work", "hours_per_week": other_work_hours_per_week()},
        ]
    )


# --- the GP register ----------------------------------------------------------------------------
def without_gp() -> pd.DataFrame:
    """Lists and listed patients without a GP by period end, with the share of all listed patients."""
    table = capacity.register()[
        ["period_end", "lists_without_gp", "patients_without_gp", "patients_with_gp", "source_id"]
    ].copy()
    table["share_without_gp"] = table.patients_without_gp / (table.patients_with_gp + table.patients_without_gp)
    return table.reset_index(drop=True)


def first_period() -> dt.date:
    """The oldest period end with the full register table."""
    return capacity.register().period_end.min()


def peak_period() -> dt.date:
    """The period end in the register with the most listed patients without a GP."""
    table = without_gp()
    return table.loc[table.patients_without_gp.idxmax(), "period_end"]


def share_without_gp(period_end: dt.date) -> float:
    """Share (0–1) of listed patients who were on a list without a GP at a period end."""
    table = without_gp()
    rows = table[table.period_end == period_end]
    if rows.empty:
        raise ValueError(f"no row for {period_end} in data/gp_register.csv")
    return float(rows.share_without_gp.iloc[0])


def without_gp_multiple(first: dt.date, last: dt.date) -> float:
    """How many times as many listed patients were without a GP at `last` as at `first` (212 289 / 75 542)."""
    return capacity.patients_without_gp(last) / capacity.patients_without_gp(first)
