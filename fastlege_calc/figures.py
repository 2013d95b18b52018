"""Single figures from data/figures.csv, each with its unit and source: one typed row per key.

`figure(key)` and `value(key)` note the row they hand out in the open trace (fastlege_calc.trace);
`all_figures()` reads every row. Every row is a figure the prose can show under its own key,
declared here, as are the dates of the rows in DATED_FIGURES.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from fastlege_calc import fmt, phrases, trace
from fastlege_calc.data import DataError, load_unnoted, per_data_version, with_lines
from fastlege_calc.registry import REGISTRY, Declaration, Given, given, shown_each

FILE = "figures.csv"


@dataclass(frozen=True)
class Figure:
    """One figure as stored: value in its unit (shares as fractions), with its source.

    `decimals` is the row's own number of decimals to show (None: as the unit table says for a stored
    value); `rounded` says the source gives a round figure (running text writes it in words); `line`
    is the row's line in data/figures.csv (the header is line 1).
    """

    key: str
    value: float
    unit: str
    period: str
    description: str
    source_id: str
    confidence: str | None
    note: str | None
    decimals: int | None = None
    line: int = 0
    rounded: bool = False


@per_data_version("figures")
def _rows() -> Mapping[str, Figure]:
    """Every row of figures.csv by key, in file order, noting none (the accessors below note what they hand out)."""
    frame = load_unnoted("figures")
    return MappingProxyType(
        {
            row.key: Figure(
                key=row.key,
                value=float(row.value),
                unit=row.unit,
                period=row.period,
                description=row.description,
                source_id=row.source_id,
                confidence=None if pd.isna(row.confidence) else str(row.confidence),
                note=None if pd.isna(row.note) else str(row.note),
                decimals=None if pd.isna(row.decimals) else int(row.decimals),
                line=line,
                rounded=not pd.isna(row.rounded) and row.rounded == "yes",
            )
            for line, row in with_lines(frame)
        }
    )


def _noted(found: Figure) -> Figure:
    """Hand out one row, noting it in the open trace (fastlege_calc.trace)."""
    trace.note(FILE, found.line, found.source_id, found.confidence, found.period)
    return found


def all_figures() -> dict[str, Figure]:
    """Every row of figures.csv by key, in file order (a whole-table read: every row is noted)."""
    return {key: _noted(found) for key, found in _rows().items()}


def figure(key: str) -> Figure:
    """One figure by key; a DataError names the file and key when the book needs a row that is missing."""
    figures = _rows()
    if key not in figures:
        rule = f"figure '{key}' is missing, but the book needs it [figure-required]"
        raise DataError(FILE, rule, None, "key")
    return _noted(figures[key])


def value(key: str) -> float:
    """The value of one figure, in the unit of its row."""
    return figure(key).value


def _period_error(found: Figure, expected: str, rule: str) -> DataError:
    """The error for a figure whose period is not of the form the book reads it in."""
    text = f"'{found.period}' is not {expected}; the book reads the period of '{found.key}' so [{rule}]"
    return DataError(FILE, text, found.line, "period")


def figure_year(key: str) -> int:
    """The year a figure's period names ('2022' → 2022).

    DataError naming the row and the period column when the period is not one year (YYYY), e.g.
    `data/figures.csv, line 35, column 'period': '2022-12' is not a year (YYYY); …`.
    """
    found = figure(key)
    if fmt.period_form(found.period) != "year":
        raise _period_error(found, "a year (YYYY)", "period-year")
    return int(found.period)


def figure_years(key: str) -> tuple[int, int]:
    """The first and last year of a figure whose period is a span ('2021–2025' → (2021, 2025)).

    DataError naming the row and column when the period is not a span of years (YYYY–YYYY) or ends before it starts.
    """
    found = figure(key)
    if fmt.period_form(found.period) != "years":
        raise _period_error(found, "a span of years (YYYY–YYYY)", "period-years")
    first, last = (int(y) for y in re.findall(r"\d{4}", found.period))
    if last <= first:
        raise _period_error(found, "a span of years that ends after it starts", "period-years")
    return first, last


def figure_date(key: str) -> dt.date:
    """The day a figure's period names ('2021-07-01' → 1 July 2021); DataError when the period is not one day."""
    found = figure(key)
    if fmt.period_form(found.period) != "date":
        raise _period_error(found, "one day (YYYY-MM-DD)", "period-date")
    return dt.date.fromisoformat(found.period)


# --- the figures the prose shows ----------------------------------------------------------------------
def _as_given(key: str) -> Given:
    """A stored figure as its source gives it (or with its row's decimals)."""
    found = figure(key)
    return given(found.value, found.decimals)


def described(found: Figure) -> str:
    """A row's description with its period in words, as tooltips and the appendix show it.

    'Konsultasjoner (takstbruk), 2019', 'Regulering av basistilskudd, 1. juli 2024': the period is
    data, never typed into the description.
    """
    try:
        return f"{found.description}, {fmt.period(found.period)}"
    except ValueError:  # a period in no known form: the schema's rule names the row
        return found.description


@shown_each
def _stored_figures() -> Iterator[Declaration]:
    """Every row of data/figures.csv under its own key, written by its unit as its source gives it."""
    for found in _rows().values():
        yield Declaration(
            found.key,
            found.unit,
            described(found),
            functools.partial(_as_given, found.key),
            where=f"data/{FILE}, line {found.line}",
            origin="stored",
            row=(FILE, found.line),
            rounded=found.rounded,
        )


#: Stored figures whose period is one day that the prose shows as a date, under the key '<key>_date'.
DATED_FIGURES = ("regulation_2023_share", "regulation_2024_share", "budget_2023_proposal_year")


@shown_each
def _period_dates() -> Iterator[Declaration]:
    """The day each of DATED_FIGURES applies from (its period), described as the figure is."""
    for key in DATED_FIGURES:
        yield Declaration(f"{key}_date", "date", figure(key).description, functools.partial(figure_date, key))


#: Stored figures whose period is a year the prose writes beside them, under the key '<key>_year' (unit year).
YEAR_FIGURES = {
    "survey_gps_invited": ("survey_year", "Året tidsbruksundersøkelsen ble gjort"),
    "ey_want_to_quit_share": ("ey_evaluation_year", "Året for EYs evaluering av fastlegeordningen"),
}


@shown_each
def _period_years() -> Iterator[Declaration]:
    """The year of each of YEAR_FIGURES (its period; a DataError names the row when it is not a year)."""
    for key, (year_key, about) in YEAR_FIGURES.items():
        yield Declaration(year_key, "year", about, functools.partial(figure_year, key))


#: Stored figures the prose says when of, as a phrase '<key>_when' from the row's period: 'i 2019',
#: 'i oktober 2023', 'per 1. juli 2024', 'i 2021–2025' (the period is never typed beside the figure).
WHEN_PHRASES = (
    "action_plan_measures",
    "alis_agreements_2020",
    "alis_agreements_2021",
    "alis_grants_2021",
    "alis_national_2022",
    "alis_national_2023",
    "avg_list_length_2005",
    "avg_list_length_2017",
    "budget_2023_alis",
    "budget_2022_basistilskudd",
    "budget_2023_basistilskudd",
    "consultations_2019",
    "consultations_2023_ssb",
    "gp_income_2020_ssb",
    "municipal_extra_cost_2021",
    "municipalities_2024",
    "patients_without_gp_peak",
    "patients_without_gp_2023_10",
    "salaried_all_gps_cost",
    "hdir_2018_patients_without_gp",
    "budget_2022_basistilskudd_new_rate",
    "basistilskudd_full_year_2024",
    "egenandelstak_2023",
    "scheme_cost_2019_total_published",
    "scheme_cost_2019_self_employed",
    "tromso_budget",
    "tromso_gps_seeking_other_job",
)


def when(key: str) -> str:
    """When a stored figure applies, in words from its row's period: 'i 2019', 'i oktober 2023', 'per 1. juli 2024'.

    DataError naming the row and the period column when the period is in no form the book can write.
    """
    found = figure(key)
    if fmt.period_form(found.period) is None:
        raise _period_error(found, "a period (2024, 2024-05, 2024-05-01 or 2020–2024)", "period")
    try:
        return phrases.in_period(found.period)
    except ValueError:  # a month or day that does not exist (2023-13)
        raise _period_error(found, "a period with a month and day that exist", "period") from None


for _key in WHEN_PHRASES:
    REGISTRY.said(f"{_key}_when", about=f"Når tallet '{_key}' gjelder, fra radens periode")(
        functools.partial(when, _key)
    )
