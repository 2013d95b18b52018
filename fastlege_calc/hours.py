"""GPs' working hours from the 2018 time-use survey against a normal working week."""

from __future__ import annotations

import pandas as pd

from fastlege_calc.data import load
from fastlege_calc.figures import value

HOURS_PER_WORKING_DAY = 7.5  # a normal 37.5-hour week over five days


def hours_per_week(
    group: str = "all", measure: str = "total", statistic: str = "mean", source_id: str | None = None
) -> float:
    """Hours per week for a group, measure and statistic; the official source unless one is named."""
    table = load("working_hours_2018")
    rows = table[(table.group == group) & (table.measure == measure) & (table.statistic == statistic)]
    if source_id:
        rows = rows[rows.source_id == source_id]
    else:
        official = rows[rows.confidence.notna()]
        rows = official if len(official) else rows
    if len(rows) != 1:
        raise ValueError(
            f"expected one row for {group}/{measure}/{statistic} in working_hours_2018.csv, found {len(rows)}"
        )
    return float(rows.hours_per_week.iloc[0])


def normal_week_hours() -> float:
    """A normal full-time working week in Norway, hours."""
    return value("normal_week_hours")


def hours_above_normal_week(hours: float) -> float:
    """Hours per week above a normal week (55,6 − 37,5 = 18,1)."""
    return hours - normal_week_hours()


def ratio_to_normal_week(hours: float) -> float:
    """Hours per week as a multiple of a normal week (55,6 / 37,5 ≈ 1,48)."""
    return hours / normal_week_hours()


def extra_working_days_per_week(hours: float) -> float:
    """Hours above a normal week, in normal 7,5-hour working days."""
    return hours_above_normal_week(hours) / HOURS_PER_WORKING_DAY


def distribution() -> pd.DataFrame:
    """Total weekly hours of all GPs by statistic and source, for charts."""
    table = load("working_hours_2018")
    return table[(table.group == "all") & (table.measure == "total")].reset_index(drop=True)
