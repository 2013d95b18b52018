"""Single figures from data/figures.csv, each with its unit and source: one typed row per key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from fastlege_calc.data import DataError, load

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


def all_figures() -> dict[str, Figure]:
    """Every row of figures.csv by key, in file order."""
    frame = load("figures")
    return {
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
        for line, row in enumerate(frame.itertuples(index=False), start=2)
    }


def figure(key: str) -> Figure:
    """One figure by key; a DataError names the file and key when the book needs a row that is missing."""
    figures = all_figures()
    if key not in figures:
        rule = f"figure '{key}' is missing, but the book needs it [figure-required]"
        raise DataError(FILE, rule, None, "key")
    return figures[key]


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
