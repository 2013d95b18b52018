"""Single figures from data/figures.csv, each with its unit and source."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from fastlege_calc.data import DataError, load


@dataclass(frozen=True)
class Figure:
    """One figure as stored: value in its unit (shares as fractions), with its source."""

    key: str
    value: float
    unit: str
    period: str
    description: str
    source_id: str
    confidence: str | None
    note: str | None


def all_figures() -> dict[str, Figure]:
    """Every row of figures.csv by key."""
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
        )
        for row in frame.itertuples(index=False)
    }


def figure(key: str) -> Figure:
    """One figure by key; a DataError names the file and key when the book needs a row that is missing."""
    figures = all_figures()
    if key not in figures:
        rule = f"figure '{key}' is missing, but the book needs it [figure-required]"
        raise DataError("figures.csv", rule, None, "key")
    return figures[key]


def value(key: str) -> float:
    """The value of one figure, in the unit of its row."""
    return figure(key).value
