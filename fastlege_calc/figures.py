"""Single figures from data/figures.csv, each with its unit and source: one typed row per key.

`figure(key)` and `value(key)` note the row they hand out in the open trace (fastlege_calc.trace);
`all_figures()` reads every row. Every row is a figure the prose can show under its own key,
declared here, as are the dates of the rows in DATED_FIGURES.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from fastlege_calc import trace
from fastlege_calc.data import DataError, load_unnoted, per_data_version, with_lines
from fastlege_calc.registry import Declaration, Given, given, shown_each

FILE = "figures.csv"


@dataclass(frozen=True)
class Figure:
    """One figure as stored: value in its unit (shares as fractions), with its source.

    `decimals` is the row's own number of decimals to show (None: as the unit table says for a stored
    value); `line` is the row's line in data/figures.csv (the header is line 1).
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


def figure_date(key: str) -> dt.date:
    """The day a figure's period names ('2021-07-01' → 1 July 2021); DataError when the period is not one day."""
    found = figure(key)
    try:
        return dt.date.fromisoformat(found.period)
    except ValueError:
        rule = f"the period '{found.period}' of '{key}' must be one day (YYYY-MM-DD) here [period-date]"
        raise DataError(FILE, rule, found.line, "period") from None


# --- the figures the prose shows ----------------------------------------------------------------------
def _as_given(key: str) -> Given:
    """A stored figure as its source gives it (or with its row's decimals)."""
    found = figure(key)
    return given(found.value, found.decimals)


@shown_each
def _stored_figures() -> Iterator[Declaration]:
    """Every row of data/figures.csv under its own key, written by its unit as its source gives it."""
    for found in _rows().values():
        yield Declaration(
            found.key,
            found.unit,
            found.description,
            functools.partial(_as_given, found.key),
            where=f"data/{FILE}, line {found.line}",
            origin="stored",
            row=(FILE, found.line),
        )


#: Stored figures whose period is one day that the prose shows as a date, under the key '<key>_date'.
DATED_FIGURES = ("regulation_2023_share", "regulation_2024_share", "budget_2023_proposal_year")


@shown_each
def _period_dates() -> Iterator[Declaration]:
    """The day each of DATED_FIGURES applies from (its period), described as the figure is."""
    for key in DATED_FIGURES:
        yield Declaration(f"{key}_date", "date", figure(key).description, functools.partial(figure_date, key))
