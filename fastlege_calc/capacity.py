"""Capacity: patients without a GP and how many GPs the country needs at a given list length."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from fastlege_calc.data import load


def register() -> pd.DataFrame:
    """The GP register by period end (rows with the full table only)."""
    table = load("gp_register")
    return table[table.patients_without_gp.notna()].reset_index(drop=True)


def latest_period() -> dt.date:
    """The newest period in the register."""
    return register().period_end.max()


def _row(period_end: dt.date) -> pd.Series:
    """The register row for one period end."""
    table = register()
    rows = table[table.period_end == period_end]
    if rows.empty:
        raise ValueError(f"no row for {period_end} in data/gp_register.csv")
    return rows.iloc[0]


def patients_without_gp(period_end: dt.date) -> int:
    """Listed patients on lists without a GP at a period end."""
    return int(_row(period_end).patients_without_gp)


def listed_patients(period_end: dt.date) -> int:
    """All listed patients, with and without a GP, at a period end."""
    row = _row(period_end)
    return int(row.patients_with_gp + row.patients_without_gp)


def gps_needed(listed_patients_count: int, avg_list_length_patients: float) -> int:
    """GPs (lists) needed to give every listed patient a GP at an average list length (rounded up)."""
    if avg_list_length_patients <= 0:
        raise ValueError(f"average list length must be positive, got {avg_list_length_patients}")
    return math.ceil(listed_patients_count / avg_list_length_patients)


def additional_gps_needed(period_end: dt.date, avg_list_length_patients: float) -> int:
    """GPs needed beyond those in the register at a period end, at an average list length."""
    return gps_needed(listed_patients(period_end), avg_list_length_patients) - int(_row(period_end).gps)


def salaried_share_of_lists(period_end: dt.date) -> float:
    """Share (0–1) of lists held by salaried GPs at a period end."""
    row = _row(period_end)
    return float(row.lists_salaried / row.lists_total)
