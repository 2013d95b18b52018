"""GPs' working hours from the 2018 time-use survey, against a normal working week.

data/working_hours_2018.csv holds each statistic as published (kind 'official') and, where a source
text states it, as the text gives it (kind 'source_text'). The rows are read only through `rows()`
and `row()`, which note the rows they hand out in the open trace; a row keeps its source, its kind
and the decimals its source gives. The hours the prose shows are declared here with `@shown`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from fastlege_calc import trace, units
from fastlege_calc.data import load_unnoted, per_data_version, with_lines
from fastlege_calc.figures import value
from fastlege_calc.labels import labels_nb
from fastlege_calc.registry import Declaration, Given, given, shown, shown_each

FILE = "working_hours_2018.csv"
#: The period of every row of FILE: the survey of 2018 (the figures' tooltips and the appendix write it).
SURVEY_PERIOD = "2018"
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


@per_data_version("working_hours_2018")
def _rows() -> tuple[HoursRow, ...]:
    """Every row, in file order, noting none (the accessors note what they hand out)."""
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
        for line, row in with_lines(load_unnoted("working_hours_2018"))
    )


def rows() -> tuple[HoursRow, ...]:
    """Every row of data/working_hours_2018.csv, in file order (a whole-table read)."""
    found = _rows()
    trace.note_all(FILE, found)
    return found


def row(group: str = "all", measure: str = "total", statistic: str = "mean", kind: str | None = None) -> HoursRow:
    """The row of a group, measure and statistic: of the given kind, or the official one where there is one.

    ValueError naming the file unless exactly one row matches.
    """
    found = [r for r in _rows() if (r.group, r.measure, r.statistic) == (group, measure, statistic)]
    if kind:
        found = [r for r in found if r.kind == kind]
    else:
        found = [r for r in found if r.official] or found
    if len(found) != 1:
        what = "/".join([group, measure, statistic] + ([kind] if kind else []))
        raise ValueError(f"expected one row for {what} in data/{FILE}, found {len(found)}")
    trace.note(FILE, found[0].line, found[0].source_id, found[0].confidence)
    return found[0]


def hours_per_week(
    group: str = "all", measure: str = "total", statistic: str = "mean", kind: str | None = None
) -> float:
    """Hours per week for a group, measure and statistic; the official figure unless a kind is named."""
    return row(group, measure, statistic, kind).hours_per_week


def normal_week_hours() -> float:
    """A normal full-time working week in Norway, hours (37,5; data/figures.csv)."""
    return value("normal_week_hours")


def _as_given(group: str, measure: str, statistic: str, kind: str | None = None) -> Given:
    """Hours per week of one row as its source gives them (with the row's decimals)."""
    found = row(group, measure, statistic, kind)
    return given(found.hours_per_week, found.decimals)


@shown("hours_mean_2018", unit="hours_per_week", about="Gjennomsnittlig arbeidstid per uke", period=SURVEY_PERIOD)
def _mean_2018() -> Given:
    return _as_given("all", "total", "mean")


@shown("hours_median_2018", unit="hours_per_week", about="Median arbeidstid per uke", period=SURVEY_PERIOD)
def _median_2018() -> Given:
    return _as_given("all", "total", "median")


@shown("hours_p75_2018", unit="hours_per_week", about="Øvre kvartil av arbeidstid per uke", period=SURVEY_PERIOD)
def _p75_2018() -> Given:
    return _as_given("all", "total", "p75")


@shown("hours_p75_text", unit="hours_per_week", about="Øvre kvartil ifølge notatet", period=SURVEY_PERIOD)
def _p75_text() -> Given:
    return _as_given("all", "total", "p75", "source_text")


@shown("hours_p90_text", unit="hours_per_week", about="Den øverste tidelen ifølge notatet", period=SURVEY_PERIOD)
def _p90_text() -> Given:
    return _as_given("all", "total", "p90", "source_text")


@shown("hours_regular_mean", unit="hours_per_week", about="Timer i ordinær praksis per uke", period=SURVEY_PERIOD)
def _regular_mean() -> Given:
    return _as_given("all", "regular_practice", "mean")


@shown(
    "hours_self_employed_regular", unit="hours_per_week", about="Næringsdrivende, ordinær praksis", period=SURVEY_PERIOD
)
def _self_employed_regular() -> Given:
    return _as_given("self_employed", "regular_practice", "mean")


@shown("hours_salaried_regular", unit="hours_per_week", about="Fastlønnede, ordinær praksis", period=SURVEY_PERIOD)
def _salaried_regular() -> Given:
    return _as_given("salaried", "regular_practice", "mean")


@shown("hours_age_30_39_regular", unit="hours_per_week", about="Alder 30–39, ordinær praksis", period=SURVEY_PERIOD)
def _age_30_39_regular() -> Given:
    return _as_given("age_30_39", "regular_practice", "mean")


@shown("hours_age_55_64_regular", unit="hours_per_week", about="Alder 55–64, ordinær praksis", period=SURVEY_PERIOD)
def _age_55_64_regular() -> Given:
    return _as_given("age_55_64", "regular_practice", "mean")


@shown_each
def _above_statistic() -> Iterator[Declaration]:
    """The hours a quarter and a tenth of GPs worked more than, as published and as the source text says."""
    quarter, tenth = (units.text(value(k), "share", stored=True) for k in ("p75_share", "p90_share"))
    for key, statistic, kind, who in (
        ("hours_2018_p75", "p75", "official", quarter),
        ("hours_2018_p75_text", "p75", "source_text", quarter),
        ("hours_2018_p90_text", "p90", "source_text", tenth),
    ):
        told = "ifølge notatet" if kind == "source_text" else "i den publiserte artikkelen"
        about = f"Ukentlig arbeidstid som {who} av fastlegene jobbet mer enn i tidsbruksundersøkelsen, {told}"
        compute = functools.partial(_as_given, "all", "total", statistic, kind)
        yield Declaration(key, "hours_per_week", about, compute, period=SURVEY_PERIOD)


@shown(
    "models_hours_self_employed",
    unit="hours_per_week",
    about="Ordinær praksistid, næringsdrivende",
    period=SURVEY_PERIOD,
)
def _models_hours_self_employed() -> float:
    return hours_per_week("self_employed", "regular_practice")


@shown("models_hours_salaried", unit="hours_per_week", about="Ordinær praksistid, fastlønnede", period=SURVEY_PERIOD)
def _models_hours_salaried() -> float:
    return hours_per_week("salaried", "regular_practice")


@shown("models_hours_difference", unit="hours_per_week", about="Forskjell i ordinær praksistid", period=SURVEY_PERIOD)
def _models_hours_difference() -> float:
    return hours_per_week("self_employed", "regular_practice") - hours_per_week("salaried", "regular_practice")


def hours_above_normal_week(hours: float) -> float:
    """Hours per week above a normal week (55,6 − 37,5 = 18,1)."""
    return hours - normal_week_hours()


def ratio_to_normal_week(hours: float) -> float:
    """Hours per week as a multiple of a normal week (55,6 / 37,5 ≈ 1,48)."""
    return hours / normal_week_hours()


def extra_working_days_per_week(hours: float) -> float:
    """Hours above a normal week, in normal 7,5-hour working days ((55,6 − 37,5) / 7,5 ≈ 2,41)."""
    return hours_above_normal_week(hours) / HOURS_PER_WORKING_DAY


@shown(
    "hours_above_normal",
    unit="hours_per_week",
    about="Gjennomsnittlig arbeidstid ut over en normal uke",
    period=SURVEY_PERIOD,
)
def _above_normal() -> float:
    return hours_above_normal_week(hours_per_week("all", "total", "mean"))


@shown(
    "hours_extra_days",
    unit="ratio",
    about="Timene ut over en normal uke, i normale arbeidsdager",
    period=SURVEY_PERIOD,
    decimals=1,
)
def _extra_days() -> float:
    return extra_working_days_per_week(hours_per_week("all", "total", "mean"))


@shown(
    "hours_p90_text_ratio",
    unit="ratio",
    about="Den øverste tidelens arbeidstid som multiplum av en normal uke",
    period=SURVEY_PERIOD,
)
def _p90_text_ratio() -> float:
    return ratio_to_normal_week(hours_per_week("all", "total", "p90", "source_text"))


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
@shown(
    "hours_other_work",
    unit="hours_per_week",
    about="Timer per uke utenom ordinær praksis (legevakt og annet legearbeid)",
    period=SURVEY_PERIOD,
)
def other_work_hours_per_week() -> float:
    """Mean hours a week outside regular practice (out-of-hours, other municipal work): 55,6 − 49,0."""
    return hours_per_week("all", "total", "mean") - hours_per_week("all", "regular_practice", "mean")


@shown(
    "hours_face_to_face",
    unit="hours_per_week",
    about="Timer per uke ansikt til ansikt med pasienter (produkt av to gjennomsnitt)",
    period=SURVEY_PERIOD,
)
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
