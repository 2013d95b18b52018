"""Capacity: how many GPs the listed patients need at an average list length, and the patients without one.

Every register figure comes from `fastlege_calc.register`; counts are whole GPs (lists) or listed patients.
The figures the prose shows about GPs, lists and patients without a GP in the register are declared here.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterator

import pandas as pd

from fastlege_calc import register, trace, tromso, units
from fastlege_calc.figures import figure, value
from fastlege_calc.registry import Declaration, given, shown, shown_each


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


# --- the register's figures the prose shows ------------------------------------------------------------
@shown("register_first_year", unit="year", about="Første år i registertabellen")
def _first_year() -> int:
    return register.first().period_end.year


@shown("register_patients_without_gp_first", unit="patients", about="Listeinnbyggere uten fastlege, første år")
def _patients_without_gp_first() -> int:
    return register.first().patients_without_gp


@shown("register_lists_without_gp_first", unit="count", about="Lister uten fastlege, første år")
def _lists_without_gp_first() -> int:
    return register.first().lists_without_gp


@shown("register_gps_first", unit="count", about="Fastleger, første år")
def _gps_first() -> int:
    return register.first().gps


@shown("register_avg_list_first", unit="patients", about="Gjennomsnittlig listelengde, første år")
def _avg_list_first() -> int:
    return register.first().avg_list_length_patients


def text_year_row() -> register.RegisterRow:
    """The register at the end of the year Tidsskriftet's figure of patients without a GP names (its period).

    Tidsskriftet's row only chooses the year (trace.selecting): figures of the register row cite the register.
    """
    with trace.selecting():
        year = int(figure("patients_without_gp_text").period)
    return register.year_end(year)


@shown("register_text_year", unit="year", about="Året Tidsskriftets tall gjelder")
def _text_year() -> int:
    return text_year_row().period_end.year


@shown(
    "register_patients_without_gp_text_year",
    unit="patients",
    about="Listeinnbyggere uten fastlege ved utgangen av året Tidsskriftets tall gjelder",
)
def _patients_without_gp_text_year() -> int:
    return text_year_row().patients_without_gp


@shown(
    "register_share_without_gp_text_year",
    unit="share",
    about="Andel listeinnbyggere uten fastlege samme år",
    decimals=1,
)
def _share_without_gp_text_year() -> float:
    return text_year_row().share_without_gp


@shown(
    "register_without_gp_multiple",
    unit="ratio",
    about="Så mange ganger flere uten fastlege som i første år",
    decimals=1,
)
def _without_gp_multiple() -> float:
    return without_gp_multiple(register.first().period_end, text_year_row().period_end)


@shown("register_text_gap", unit="patients", about="Tidsskriftets tall minus registerets")
def _text_gap() -> float:
    row = text_year_row()
    return value("patients_without_gp_text") - row.patients_without_gp


@shown("register_peak_year", unit="year", about="Året med flest uten fastlege i registertabellen")
def _peak_year() -> int:
    return register.peak("patients_without_gp").period_end.year


@shown(
    "register_patients_without_gp_peak",
    unit="patients",
    about="Flest listeinnbyggere uten fastlege i registertabellen",
)
def _patients_without_gp_peak() -> int:
    return register.peak("patients_without_gp").patients_without_gp


@shown("register_lists_without_gp_peak", unit="count", about="Flest lister uten fastlege i registertabellen")
def _lists_without_gp_peak() -> int:
    return register.peak("lists_without_gp").lists_without_gp


@shown("register_lists_peak_year", unit="year", about="Året med flest lister uten fastlege")
def _lists_peak_year() -> int:
    return register.peak("lists_without_gp").period_end.year


@shown("register_latest_date", unit="date", about="Siste registertall gjelder")
def _latest_date() -> dt.date:
    return register.latest().period_end


@shown("register_patients_without_gp_latest", unit="patients", about="Listeinnbyggere uten fastlege, siste tall")
def _patients_without_gp_latest() -> int:
    return register.latest().patients_without_gp


@shown("register_lists_without_gp_latest", unit="count", about="Lister uten fastlege, siste tall")
def _lists_without_gp_latest() -> int:
    return register.latest().lists_without_gp


@shown("register_gps_latest", unit="count", about="Fastleger, siste tall")
def _gps_latest() -> int:
    return register.latest().gps


@shown("register_avg_list_latest", unit="patients", about="Gjennomsnittlig listelengde, siste tall")
def _avg_list_latest() -> int:
    return register.latest().avg_list_length_patients


def _register_value(period_end: dt.date, column: str):
    """One register value as the register gives it."""
    return given(getattr(register.at(period_end), column))


@shown_each
def _register_in_text_years() -> Iterator[Declaration]:
    """The register's value for the year of a source text's figure, for the comparisons in Om tallene.

    The key names the year (register_2022_patients_without_gp), so a new text figure moves the comparison.
    """
    for key, text_key, column, unit, what in (
        (
            "register_{year}_patients_without_gp",
            "patients_without_gp_text",
            "patients_without_gp",
            "patients",
            "Listeinnbyggere uten fastlege",
        ),
        (
            "register_{year}_avg_list_length",
            "avg_list_length_2019_status",
            "avg_list_length_patients",
            "patients",
            "Gjennomsnittlig listelengde",
        ),
    ):
        year = int(str(figure(text_key).period)[:4])
        row = register.year_end(year)
        about = f"{what} i fastlegeregisteret, {units.text(row.period_end, 'date')}"
        compute = functools.partial(_register_value, row.period_end, column)
        yield Declaration(key.format(year=year), unit, about, compute)


# --- the measures: GPs needed at shorter lists ----------------------------------------------------------
@shown("measures_date", unit="date", about="Tidspunkt for beregningene av legebehov")
def _measures_date() -> dt.date:
    return register.latest().period_end


@shown("measures_listed_patients", unit="patients", about="Listeinnbyggere i alt")
def _measures_listed_patients() -> int:
    return register.latest().listed_patients


@shown("measures_gps_now", unit="count", about="Fastleger i registeret")
def _measures_gps_now() -> int:
    return register.latest().gps


@shown("measures_patients_without_gp", unit="patients", about="Listeinnbyggere uten fastlege")
def _measures_patients_without_gp() -> int:
    return register.latest().patients_without_gp


@shown(
    "measures_specialist_share",
    unit="share",
    about="Andel fastleger som er spesialister i allmennmedisin",
    decimals=1,
)
def _measures_specialist_share() -> float:
    return register.latest().specialist_share


@shown("measures_avg_list_now", unit="patients", about="Gjennomsnittlig listelengde")
def _measures_avg_list_now() -> int:
    return register.latest().avg_list_length_patients


@shown(
    "measures_gps_needed_at_kneepoint",
    unit="count",
    about="Fastleger som trengs med listelengde lik knekkpunktet",
)
def _gps_needed_at_kneepoint() -> int:
    return gps_needed(register.latest().listed_patients, tromso.kneepoint_patients())


@shown(
    "measures_additional_at_kneepoint",
    unit="count",
    about="Flere fastleger som trengs med listelengde lik knekkpunktet",
)
def _additional_at_kneepoint() -> int:
    return additional_gps_needed(register.latest().period_end, tromso.kneepoint_patients())


@shown(
    "measures_avg_list_after_cut",
    unit="patients",
    about="Gjennomsnittlig listelengde etter et kutt som i Tromsø",
)
def _avg_list_after_cut() -> float:
    return register.latest().avg_list_length_patients * (1 - value("tromso_list_cut_max_share"))


@shown(
    "measures_additional_after_cut",
    unit="count",
    about="Flere fastleger som trengs etter et kutt som i Tromsø",
)
def _additional_after_cut() -> int:
    return additional_gps_after_cut(register.latest().period_end, value("tromso_list_cut_max_share"))
