"""GPs' working hours from the 2018 time-use survey, against a normal working week.

data/working_hours_2018.csv holds each statistic as published (kind 'official') and, where a source
text states it, as the text gives it (kind 'source_text'). The rows are read only through `rows()`
and `row()`; a row keeps its source, its kind and the decimals its source gives.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from fastlege_calc.data import load
from fastlege_calc.figures import value
from fastlege_calc.labels import labels_nb

FILE = "working_hours_2018.csv"
HOURS_PER_WORKING_DAY = 7.5  # a normal 37.5-hour week over five days


@dataclass(frozen=True)
class HoursRow:
    """Hours per week of one group, measure (total | regular_practice) and statistic (mean | median | p75 | p90)."""

    group: str
    measure: str
    statistic: str
    hours_per_week: float
    source_id: str
    confidence: str | None
    kind: str  # official | source_text
    decimals: int | None  # decimals the source gives, where they differ from the unit's
    line: int  # line in data/working_hours_2018.csv (the header is line 1)

    @property
    def official(self) -> bool:
        """True for published statistics, False for a source text's figure."""
        return self.kind == "official"


def rows() -> tuple[HoursRow, ...]:
    """Every row of data/working_hours_2018.csv, in file order."""
    return tuple(
        HoursRow(
            group=row.group,
            measure=row.measure,
            statistic=row.statistic,
            hours_per_week=float(row.hours_per_week),
            source_id=row.source_id,
            confidence=None if pd.isna(row.confidence) else str(row.confidence),
            kind=row.kind,
            decimals=None if pd.isna(row.decimals) else int(row.decimals),
            line=line,
        )
        for line, row in enumerate(load("working_hours_2018").itertuples(index=False), start=2)
    )


def row(group: str = "all", measure: str = "total", statistic: str = "mean", kind: str | None = None) -> HoursRow:
    """The row of a group, measure and statistic: of the given kind, or the official one where there is one.

    ValueError naming the file unless exactly one row matches.
    """
    found = [r for r in rows() if (r.group, r.measure, r.statistic) == (group, measure, statistic)]
    if kind:
        found = [r for r in found if r.kind == kind]
    else:
        found = [r for r in found if r.official] or found
    if len(found) != 1:
        what = "/".join([group, measure, statistic] + ([kind] if kind else []))
        raise ValueError(f"expected one row for {what} in data/{FILE}, found {len(found)}")
    return found[0]


def hours_per_week(
    group: str = "all", measure: str = "total", statistic: str = "mean", kind: str | None = None
) -> float:
    """Hours per week for a group, measure and statistic; the official figure unless a kind is named."""
    return row(group, measure, statistic, kind).hours_per_week


def normal_week_hours() -> float:
    """A normal full-time working week in Norway, hours (37,5; data/figures.csv)."""
    return value("normal_week_hours")


def hours_above_normal_week(hours: float) -> float:
    """Hours per week above a normal week (55,6 − 37,5 = 18,1)."""
    return hours - normal_week_hours()


def ratio_to_normal_week(hours: float) -> float:
    """Hours per week as a multiple of a normal week (55,6 / 37,5 ≈ 1,48)."""
    return hours / normal_week_hours()


def extra_working_days_per_week(hours: float) -> float:
    """Hours above a normal week, in normal 7,5-hour working days ((55,6 − 37,5) / 7,5 ≈ 2,41)."""
    return hours_above_normal_week(hours) / HOURS_PER_WORKING_DAY


def distribution() -> pd.DataFrame:
    """Total weekly hours of all GPs by statistic, the official figures and the source text's, for charts.

    Rows in the order of the statistics' labels (median, mean, p75, p90), the official row first.
    Columns: statistic, hours_per_week, source_id, kind, official (bool), decimals (None: the unit's).
    """
    order = list(labels_nb("hours_statistic"))
    chosen = [r for r in rows() if r.group == "all" and r.measure == "total"]
    chosen.sort(key=lambda r: (order.index(r.statistic), not r.official))
    columns = ("statistic", "hours_per_week", "source_id", "kind", "official", "decimals")
    return pd.DataFrame([{c: getattr(r, c) for c in columns} for r in chosen], columns=list(columns))


# --- the mean week in parts ----------------------------------------------------------------------
def other_work_hours_per_week() -> float:
    """Mean hours a week outside regular practice (out-of-hours, other municipal work): 55,6 − 49,0."""
    return hours_per_week("all", "total", "mean") - hours_per_week("all", "regular_practice", "mean")


def face_to_face_hours_per_week() -> float:
    """Mean regular-practice hours face to face with patients: 49,0 × 54,1 % (a product of two means)."""
    return hours_per_week("all", "regular_practice", "mean") * value("face_to_face_share")


def working_week_parts() -> pd.DataFrame:
    """The mean 2018 week in three parts: part (face_to_face | other_regular_practice | other_work), hours_per_week."""
    regular = hours_per_week("all", "regular_practice", "mean")
    with_patients = face_to_face_hours_per_week()
    return pd.DataFrame(
        [
            {"part": "face_to_face", "hours_per_week": with_patients},
            {"part": "other_regular_practice", "hours_per_week": regular - with_patients},
            {"part": "other_work", "hours_per_week": other_work_hours_per_week()},
        ]
    )
