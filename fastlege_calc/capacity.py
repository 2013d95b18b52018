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

from fastlege_calc import figures, fmt, phrases, register, trace, tromso, units
from fastlege_calc.figures import figure, figure_year, value
from fastlege_calc.registry import Declaration, given, said, shown, shown_each


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
@shown("register_first_period", unit="period_end", about="Første tidspunkt i registertabellen")
def _first_period() -> dt.date:
    return register.first().period_end


@shown("register_latest_period", unit="period_end", about="Siste tidspunkt i fastlegeregisteret")
def _latest_period() -> dt.date:
    return register.latest().period_end


@shown("register_peak_period", unit="period_end", about="Tidspunktet med flest listeinnbyggere uten fastlege")
def _peak_period() -> dt.date:
    return register.peak("patients_without_gp").period_end


@shown("register_lists_peak_period", unit="period_end", about="Tidspunktet med flest lister uten fastlege")
def _lists_peak_period() -> dt.date:
    return register.peak("lists_without_gp").period_end


@shown("register_patients_without_gp_first", unit="patients", about="Listeinnbyggere uten fastlege, første tidspunkt")
def _patients_without_gp_first() -> int:
    return register.first().patients_without_gp


@shown("register_lists_without_gp_first", unit="count", about="Lister uten fastlege, første tidspunkt")
def _lists_without_gp_first() -> int:
    return register.first().lists_without_gp


@shown("register_gps_first", unit="count", about="Fastleger, første tidspunkt")
def _gps_first() -> int:
    return register.first().gps


@shown("register_avg_list_first", unit="patients", about="Gjennomsnittlig listelengde, første tidspunkt")
def _avg_list_first() -> int:
    return register.first().avg_list_length_patients


def text_year_row() -> register.RegisterRow:
    """The register at the end of the year Tidsskriftet's figure of patients without a GP names (its period).

    Tidsskriftet's row only chooses the year (trace.selecting): figures of the register row cite the register.
    DataError naming the row when that figure's period is not a year.
    """
    with trace.selecting():
        year = figure_year("patients_without_gp_text")
    return register.year_end(year)


@shown("register_text_year", unit="year", about="Året tallet i debattinnlegget gjelder")
def _text_year() -> int:
    return text_year_row().period_end.year


@shown(
    "register_patients_without_gp_text_year",
    unit="patients",
    about="Listeinnbyggere uten fastlege ved utgangen av året tallet i debattinnlegget gjelder",
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


def text_gap() -> float:
    """Tidsskriftet's figure of people without a GP minus the register's count that year (patients; + when higher)."""
    return value("patients_without_gp_text") - text_year_row().patients_without_gp


@shown("register_text_gap", unit="patients", about="Forskjellen mellom tallet i debattinnlegget og registerets")
def _text_gap() -> float:
    return abs(text_gap())


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


# --- the register's sentences: the words about time, order and comparison follow the rows --------------
def when_in_register(row: register.RegisterRow, period_key: str) -> str:
    """When a register row counts, with its period written by the figure `period_key`: 'ved utgangen av {{ … }}'."""
    return phrases.at_period_end(row.period_end, "{{ " + period_key + " }}")


@said("register_first_when", about="Når registerets første tall gjelder")
def _first_when() -> str:
    return when_in_register(register.first(), "register_first_period")


@said("register_latest_when", about="Når registerets siste tall gjelder")
def _latest_when() -> str:
    return when_in_register(register.latest(), "register_latest_period")


@said("register_peak_when", about="Når registerets høyeste tall for listeinnbyggere uten fastlege gjelder")
def _peak_when() -> str:
    return when_in_register(register.peak("patients_without_gp"), "register_peak_period")


def register_points(column: str, keys: dict[str, str]) -> list[phrases.Point]:
    """Every register row's value of `column` as a point of a sentence, oldest first.

    `keys` names the figures that write the first, peak and latest value ('first', 'peak', 'latest');
    the periods are written by register_first_period, register_peak_period or register_lists_peak_period,
    and register_latest_period. Other rows are written as plain numbers (a sentence never names them).
    """
    rows = register.rows()
    peak = register.peak(column)
    period_keys = {"patients_without_gp": "register_peak_period", "lists_without_gp": "register_lists_peak_period"}
    named = {id(rows[0]): ("first", "register_first_period"), id(rows[-1]): ("latest", "register_latest_period")}
    if column in period_keys:
        named.setdefault(id(peak), ("peak", period_keys[column]))
    points = []
    for row in rows:
        number = getattr(row, column)
        role, period_key = named.get(id(row), (None, None))
        if role is None or role not in keys:
            points.append(phrases.Point(number, fmt.number(number), phrases.at_period_end_text(row.period_end), row))
        else:
            points.append(phrases.Point(number, "{{ " + keys[role] + " }}", when_in_register(row, period_key), row))
    return points


@said("register_without_gp_course", about="Listeinnbyggere uten fastlege i registeret: fra første til siste tall")
def _without_gp_course() -> str:
    keys = {
        "first": "register_patients_without_gp_first",
        "peak": "register_patients_without_gp_peak",
        "latest": "register_patients_without_gp_latest",
    }
    points = register_points("patients_without_gp", keys)
    return phrases.course("Tallet i fastlegeregisteret", points)


@said("register_lists_without_gp_course", about="Lister uten fastlege i registeret: fra første til siste tall")
def _lists_without_gp_course() -> str:
    keys = {
        "first": "register_lists_without_gp_first",
        "peak": "register_lists_without_gp_peak",
        "latest": "register_lists_without_gp_latest",
    }
    points = register_points("lists_without_gp", keys)
    return phrases.course("Antallet lister uten fastlege", points)


def _first_and_latest(column: str, first_key: str, latest_key: str) -> tuple[phrases.Point, phrases.Point]:
    """The first and the latest register row's value of `column` as points written by two figures."""
    first, latest = register.first(), register.latest()
    return (
        phrases.Point(
            getattr(first, column), "{{ " + first_key + " }}", when_in_register(first, "register_first_period"), first
        ),
        phrases.Point(
            getattr(latest, column),
            "{{ " + latest_key + " }}",
            when_in_register(latest, "register_latest_period"),
            latest,
        ),
    )


@said("register_avg_list_course", about="Gjennomsnittlig listelengde i registeret, første og siste tall")
def _avg_list_course() -> str:
    first, latest = _first_and_latest("avg_list_length_patients", "register_avg_list_first", "register_avg_list_latest")
    return phrases.change("Gjennomsnittlig listelengde i fastlegeregisteret", first, latest)


@said("register_gps_course", about="Fastleger i registeret, første og siste tall (etter setningen om listelengden)")
def _gps_course() -> str:
    first, latest = _first_and_latest("gps", "register_gps_first", "register_gps_latest")
    return phrases.change("Antallet fastleger", first, latest, same_time=True)


@said("register_text_gap_sentence", about="Registerets tall mot Tidsskriftets samme år")
def _text_gap_sentence() -> str:
    gap = text_gap()
    if gap == 0:
        return "Registertallet er det samme som Tidsskriftets"
    lower_or_higher = phrases.more_or_less(gap, "lavere", "høyere", "")
    return f"Registertallet er {{{{ register_text_gap }}}} {lower_or_higher} enn Tidsskriftets"


@said("register_text_year_when", about="Når registerets tall for Tidsskriftets år gjelder")
def _text_year_when() -> str:
    return phrases.at_period_end(text_year_row().period_end, "{{ register_text_year }}")


@said("register_text_year_sentence", about="Registerets tall det året Tidsskriftet skrev om, mot det første")
def _text_year_sentence() -> str:
    text_row, first = text_year_row(), register.first()
    sentence = (
        "Fastlegeregisteret talte {{ register_patients_without_gp_text_year }} listeinnbyggere uten fastlege "
        + phrases.at_period_end(text_row.period_end, "{{ register_text_year }}")
    )
    if text_row.line != first.line:
        sentence += ", mot {{ register_patients_without_gp_first }} " + when_in_register(first, "register_first_period")
    return sentence


@said("patients_without_gp_peak_sentence", about="Det høyeste månedstallet (NRK) mot registerets")
def _hdir_peak_sentence() -> str:
    """The monthly peak NRK gave from Helsedirektoratet, and the October 2023 status figure beside it.

    When the register table holds a higher count than the stored peak (a later release), the sentence
    says so and names the register's peak; the peak is never called highest unless it is the maximum.
    """
    when = figures.when("patients_without_gp_peak")
    status = "Helsedirektoratets statusrapport oppga {{ patients_without_gp_2023_10 }} " + figures.when(
        "patients_without_gp_2023_10"
    )
    if figure("patients_without_gp_peak").value >= register.peak("patients_without_gp").patients_without_gp:
        return (
            f"Ifølge NRK, som viste til Helsedirektoratet, var tallet på det høyeste {when}, med om lag "
            f"{{{{ patients_without_gp_peak }}}}. {status}"
        )
    return (
        f"NRK oppga med Helsedirektoratet som kilde om lag {{{{ patients_without_gp_peak }}}} {when} som det "
        "høyeste tallet til da, men fastlegeregisteret viser flere: {{ register_patients_without_gp_peak }} "
        + when_in_register(register.peak("patients_without_gp"), "register_peak_period")
        + f". {status}"
    )


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
        year = figure_year(text_key)
        row = register.year_end(year)
        about = f"{what} i fastlegeregisteret, {units.text(row.period_end, 'date')}"
        compute = functools.partial(_register_value, row.period_end, column)
        yield Declaration(key.format(year=year), unit, about, compute)


# --- the measures: GPs needed at shorter lists ----------------------------------------------------------
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
    about="Forskjellen mellom fastleger som trengs med listelengde lik knekkpunktet og fastleger i registeret",
)
def _additional_at_kneepoint() -> int:
    return abs(additional_gps_needed(register.latest().period_end, tromso.kneepoint_patients()))


@said("measures_kneepoint_sentence", about="Fastleger som trengs med listelengde lik knekkpunktet, mot registeret")
def _kneepoint_sentence() -> str:
    """GPs needed at lists as long as the break point, and how many more or fewer than the register had."""
    additional = additional_gps_needed(register.latest().period_end, tromso.kneepoint_patients())
    sentence = (
        "Med {{ tromso_kneepoint_patients }} pasienter per liste ville det trenges "
        "{{ measures_gps_needed_at_kneepoint }} leger"
    )
    if additional == 0:
        return sentence + ", like mange som registeret hadde"
    more = phrases.more_or_less(additional, "flere", "færre", "")
    return sentence + f", eller {{{{ measures_additional_at_kneepoint }}}} {more} enn registeret hadde"


@said("measures_now_sentence", about="Fastleger og listeinnbyggere uten fastlege ved registerets siste tall")
def _measures_now_sentence() -> str:
    when = when_in_register(register.latest(), "register_latest_period")
    return (
        f"Det var {{{{ measures_gps_now }}}} fastleger {when}, og {{{{ measures_patients_without_gp }}}} "
        "listeinnbyggere sto på lister uten fastlege"
    )


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
