"""Capacity: how many GPs the listed patients need at an average list length, and the patients without one.

Every register figure comes from `fastlege_calc.register`; counts are whole GPs (lists) or listed patients.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from fastlege_calc import register


def gps_needed(listed_patients_count: int, avg_list_length_patients: float) -> int:
    """GPs (lists) needed to give every listed patient a GP at an average list length (rounded up).

    ValueError for a list length of 0 or less.
    """
    if avg_list_length_patients <= 0:
        raise ValueError(f"average list length must be positive, got {avg_list_length_patients}")
    return math.ceil(listed_patients_count / avg_list_length_patients)


def additional_gps_needed(period_end: dt.date, avg_list_length_patients: float) -> int:
    """GPs needed beyond those in the register at a period end, at an average list length."""
    row = register.at(period_end)
    return gps_needed(row.listed_patients, avg_list_length_patients) - row.gps


def gps_needed_by_list_length(period_end: dt.date, list_lengths_patients: list[int]) -> pd.DataFrame:
    """GPs needed for every listed patient at each average list length, and how many more than at a period end.

    Columns: avg_list_length_patients, gps_needed, gps_now, additional.
    """
    row = register.at(period_end)
    rows = []
    for n in list_lengths_patients:
        needed = gps_needed(row.listed_patients, n)
        rows.append(
            {"avg_list_length_patients": n, "gps_needed": needed, "gps_now": row.gps, "additional": needed - row.gps}
        )
    return pd.DataFrame(rows)


def additional_gps_after_cut(period_end: dt.date, cut_share: float) -> int:
    """More GPs needed if the average list fell by a share (0–1) from its level at a period end."""
    average = register.at(period_end).avg_list_length_patients
    return additional_gps_needed(period_end, average * (1 - cut_share))


def without_gp() -> pd.DataFrame:
    """Lists and listed patients without a GP by period end, with the share of all listed patients (0–1).

    Columns: period_end, lists_without_gp, patients_without_gp, patients_with_gp, source_id, share_without_gp.
    """
    columns = ["period_end", "lists_without_gp", "patients_without_gp", "patients_with_gp", "source_id"]
    return register.table()[[*columns, "share_without_gp"]]


def without_gp_multiple(first: dt.date, last: dt.date) -> float:
    """How many times as many listed patients were without a GP at `last` as at `first` (212 289 / 75 542)."""
    return register.at(last).patients_without_gp / register.at(first).patients_without_gp
