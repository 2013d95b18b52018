"""The GP register (fastlegeregisteret): one typed row per period end, read from data/gp_register.csv.

Every reading of the register goes through this module. A period end is the last day a row counts
(31 December for a year, or a status date such as 1 May 2024). Only rows with the full register
table count as register rows: a row that publishes only GPs and lists (2018) is kept in the data
for the record but is not a `RegisterRow`.

Each accessor that hands out one row does so through `_pick`, and every row leaves this module
through `_noted`, which notes it (file, line, source) in the open trace (fastlege_calc.trace);
`rows()` and `peak()` read every row. The figures about lists by practice model are declared here;
those about GPs, lists and patients without a GP in `capacity`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import pandas as pd

from fastlege_calc import phrases, trace
from fastlege_calc.data import load_unnoted, per_data_version, row_lines
from fastlege_calc.growth import growth_share
from fastlege_calc.registry import said, shown

FILE = "gp_register.csv"

#: Practice models (driftsformer) and the column with their lists; 8.2 agreements count as self-employed.
MODEL_COLUMNS = {"self_employed": "lists_self_employed", "salaried": "lists_salaried"}


@dataclass(frozen=True)
class RegisterRow:
    """The register at one period end: counts of GPs, lists and listed patients, with the row's source.

    Counts are whole numbers; `*_pct` columns are per cent (0–100) as published; `line` is the row's
    line in data/gp_register.csv (the header is line 1).
    """

    period_end: dt.date
    gps: int
    lists_total: int
    lists_self_employed: int
    lists_salaried: int
    lists_without_gp: int
    patients_without_gp: int
    patients_with_gp: int
    avg_list_length_patients: int
    avg_list_cap_patients: int
    specialist_share_pct: float
    women_share_pct: float
    source_id: str
    confidence: str | None
    line: int

    @property
    def listed_patients(self) -> int:
        """All listed patients (listeinnbyggere), on lists with and without a GP: 5 259 147 + 212 289."""
        return self.patients_with_gp + self.patients_without_gp

    @property
    def share_without_gp(self) -> float:
        """Share (0–1) of listed patients on a list without a GP: 212 289 / 5 471 436 ≈ 0,039 (end of 2022)."""
        return self.patients_without_gp / self.listed_patients

    @property
    def salaried_share(self) -> float:
        """Share (0–1) of all lists held by salaried GPs: 1 233 / 5 614 ≈ 0,220 (end of 2023)."""
        return self.lists_salaried / self.lists_total

    @property
    def specialist_share(self) -> float:
        """Share (0–1) of GPs who are specialists in general practice (the register gives per cent)."""
        return self.specialist_share_pct / 100

    def lists_of_model(self, model: str) -> int:
        """Lists held by GPs of one practice model: 'self_employed' or 'salaried'; ValueError for others."""
        if model not in MODEL_COLUMNS:
            raise ValueError(f"unknown practice model '{model}'; expected one of {sorted(MODEL_COLUMNS)}")
        return getattr(self, MODEL_COLUMNS[model])


#: The register's columns by type: counts (whole numbers) and per cent values.
_COUNTS = (
    "gps",
    "lists_total",
    "lists_self_employed",
    "lists_salaried",
    "lists_without_gp",
    "patients_without_gp",
    "patients_with_gp",
    "avg_list_length_patients",
    "avg_list_cap_patients",
)
_PERCENTS = ("specialist_share_pct", "women_share_pct")


def _complete(row) -> bool:
    """True when the row has every column of the register table (not only GPs and lists)."""
    return all(not pd.isna(getattr(row, name)) for name in _COUNTS + _PERCENTS)


def _typed(row, line: int) -> RegisterRow:
    """One CSV row as a RegisterRow."""
    return RegisterRow(
        period_end=row.period_end,
        **{name: int(getattr(row, name)) for name in _COUNTS},
        **{name: float(getattr(row, name)) for name in _PERCENTS},
        source_id=row.source_id,
        confidence=None if pd.isna(row.confidence) else str(row.confidence),
        line=line,
    )


@per_data_version("gp_register")
def _rows() -> tuple[RegisterRow, ...]:
    """Every row with the full register table, oldest first, noting none (the accessors note what they hand out)."""
    table = load_unnoted("gp_register")
    lines = row_lines(table)
    return tuple(_typed(row, lines[index]) for index, row in table.iterrows() if _complete(row))


def _noted(row: RegisterRow) -> RegisterRow:
    """Hand out one row, noting it in the open trace (fastlege_calc.trace)."""
    trace.note(FILE, row.line, row.source_id, row.confidence, row.period_end)
    return row


def rows() -> tuple[RegisterRow, ...]:
    """Every row with the full register table, oldest first (a whole-table read: every row is noted)."""
    return tuple(_noted(row) for row in _rows())


def _missing(what: str, period_end: dt.date | None = None) -> ValueError:
    """The error for a row the book needs but data/gp_register.csv lacks (or has without the full table)."""
    if period_end is not None:
        partial = load_unnoted("gp_register").period_end == period_end
        if partial.any():
            return ValueError(
                f"the row for {period_end} in data/{FILE} has no full register table "
                f"(only GPs and lists), but the book needs {what}"
            )
    return ValueError(f"no row for {what} in data/{FILE}")


def _pick(candidates: list[RegisterRow], what: str, period_end: dt.date | None = None) -> RegisterRow:
    """The one row an accessor hands out, noted in the open trace: the first candidate.

    ValueError naming the file if there is none.
    """
    if not candidates:
        raise _missing(what, period_end)
    return _noted(candidates[0])


def at(period_end: dt.date) -> RegisterRow:
    """The row for one period end; ValueError naming data/gp_register.csv when there is none."""
    return _pick([r for r in _rows() if r.period_end == period_end], str(period_end), period_end)


def first() -> RegisterRow:
    """The oldest row with the full register table (31 December 2019 now); ValueError if there is none."""
    return _pick(list(_rows()), "any period")


def latest() -> RegisterRow:
    """The newest row (1 May 2024 now); ValueError naming the file if there is none."""
    return _pick(list(reversed(_rows())), "any period")


def year_end(year: int) -> RegisterRow:
    """The row at the end of a year (31 December); ValueError naming the file when there is none."""
    end = dt.date(year, 12, 31)
    return _pick([r for r in _rows() if r.period_end == end], f"31 December {year}", end)


def peak(column: str) -> RegisterRow:
    """The row where a column (or a derived value such as 'share_without_gp') is highest; the earliest if tied.

    `peak("patients_without_gp")` is the period with the most listed patients without a GP. Every row is
    compared, so in a trace every row is noted as read. AttributeError for a column RegisterRow does not
    have; ValueError naming the file if there is no row.
    """
    found = list(rows())
    highest = [max(found, key=lambda row: getattr(row, column))] if found else []  # max keeps the first of ties
    return _pick(highest, f"the highest {column}")


def table() -> pd.DataFrame:
    """The register's rows as a table for charts and notebooks, oldest first.

    Columns: every RegisterRow field, plus listed_patients, share_without_gp and salaried_share (0–1).
    """
    derived = ("listed_patients", "share_without_gp", "salaried_share")
    return pd.DataFrame(
        [{name: getattr(r, name) for name in [f.name for f in fields(RegisterRow)] + list(derived)} for r in rows()]
    )


def source_ids(chosen: tuple[RegisterRow, ...] | list[RegisterRow] | None = None) -> tuple[str, ...]:
    """The sources of some rows (default: every register row), each once, in row order."""
    return tuple(dict.fromkeys(r.source_id for r in (rows() if chosen is None else chosen)))


def lists_by_model() -> pd.DataFrame:
    """Lists by practice model per period end, oldest first: period_end, model, lists, share (0–1 of all lists)."""
    return pd.DataFrame(
        [
            {
                "period_end": r.period_end,
                "model": model,
                "lists": r.lists_of_model(model),
                "share": r.lists_of_model(model) / r.lists_total,
            }
            for r in rows()
            for model in MODEL_COLUMNS
        ]
    )


# --- the figures the prose shows: lists by practice model ---------------------------------------------------
@shown("models_salaried_lists_first", unit="count", about="Lister med fastlønnet lege, første år")
def _salaried_lists_first() -> int:
    return first().lists_salaried


@shown("models_salaried_lists_last", unit="count", about="Lister med fastlønnet lege, siste tidspunkt")
def _salaried_lists_last() -> int:
    return latest().lists_salaried


@shown("models_salaried_share_first", unit="share", about="Fastlønnedes andel av listene, første år", decimals=1)
def _salaried_share_first() -> float:
    return first().salaried_share


@shown("models_salaried_share_last", unit="share", about="Fastlønnedes andel av listene, siste tidspunkt", decimals=1)
def _salaried_share_last() -> float:
    return latest().salaried_share


@shown("models_salaried_growth", unit="share", about="Endring i lister med fastlønnet lege (uten fortegn)")
def _salaried_growth() -> float:
    return abs(growth_share(first().lists_salaried, latest().lists_salaried))


@shown("models_self_employed_lists_first", unit="count", about="Lister med næringsdrivende lege, første år")
def _self_employed_lists_first() -> int:
    return first().lists_self_employed


@shown("models_self_employed_lists_last", unit="count", about="Lister med næringsdrivende lege, siste tidspunkt")
def _self_employed_lists_last() -> int:
    return latest().lists_self_employed


@shown(
    "models_self_employed_growth",
    unit="share",
    about="Endring i lister med næringsdrivende lege (uten fortegn)",
    decimals=1,
)
def _self_employed_growth() -> float:
    return abs(growth_share(first().lists_self_employed, latest().lists_self_employed))


@shown("models_salaried_share_of_growth", unit="share", about="Fastlønnedes del av veksten i antall lister")
def _salaried_share_of_growth() -> float:
    """The salaried lists' rise as a share (0–1) of the rise in all lists: (1 270 − 726) / (5 704 − 5 010)."""
    rise_all = latest().lists_total - first().lists_total
    return (latest().lists_salaried - first().lists_salaried) / rise_all if rise_all else 0.0


def _when(row: RegisterRow, period_key: str) -> str:
    """When a row counts: 'ved utgangen av {{ register_first_period }}' or 'per {{ … }}' (fastlege_calc.phrases)."""
    return phrases.at_period_end(row.period_end, "{{ " + period_key + " }}")


def _sentences(*sentences: str) -> str:
    """Sentences of one phrase, joined by their full stops (the chapter writes the last full stop)."""
    return ". ".join(s for s in sentences if s)


@said("models_lists_sentences", about="Lister med fastlønnet og næringsdrivende lege, første og siste tall")
def _models_lists_sentences() -> str:
    """How the lists of each practice model changed from the first to the latest row, the verbs from the rows.

    The salaried lists' share of the rise in all lists is said only when both rose.
    """
    old, new = first(), latest()
    if old.line == new.line:
        return (
            "Fastlønnede leger hadde {{ models_salaried_lists_last }} lister, eller {{ models_salaried_share_last }} "
            f"av alle, {_when(new, 'register_latest_period')}"
        )
    both = (
        "Fastlønnede leger hadde {{ models_salaried_lists_first }} lister, eller {{ models_salaried_share_first }} "
        f"av alle, {_when(old, 'register_first_period')}, og {{{{ models_salaried_lists_last }}}}, eller "
        f"{{{{ models_salaried_share_last }}}}, {_when(new, 'register_latest_period')}"
    )
    salaried = new.lists_salaried - old.lists_salaried
    more = phrases.more_or_less(salaried, "flere", "færre", "")
    salaried_change = (
        f"Det er {{{{ models_salaried_growth }}}} {more} lister med fastlønnet lege"
        if salaried
        else "Antallet lister med fastlønnet lege var det samme"
    )
    verb = phrases.change_verb(old.lists_self_employed, new.lists_self_employed)
    self_employed_change = (
        "Antallet lister med næringsdrivende lege var i samme periode det samme"
        if verb == "var uendret"
        else (
            f"I samme periode {verb} antallet lister med næringsdrivende lege med "
            "{{ models_self_employed_growth }}, fra {{ models_self_employed_lists_first }} til "
            "{{ models_self_employed_lists_last }}"
        )
    )
    rise_all = new.lists_total - old.lists_total
    share_of_rise = (
        "Av de nye listene i perioden hadde {{ models_salaried_share_of_growth }} en fastlønnet lege"
        if rise_all > 0 and salaried > 0
        else ""
    )
    return _sentences(both, salaried_change, self_employed_change, share_of_rise)
