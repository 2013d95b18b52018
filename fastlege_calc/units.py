"""The units of the figures and how a value in each is written, read from data/units.csv.

One table says, for each unit, its Norwegian name, its format (fastlege_calc.fmt), its decimals and
from which amount a computed value is written short. `text` writes a value by its unit:

- a computed value gets the unit's decimals, and from `compact_from` on the short form (4,8 mrd. kr);
- a stored value (a row of data/, as its source gives it) keeps the decimals it has, at least the
  unit's (0.398 → 39,8 %; kroner in whole kroner or with øre: 841,80 kr), unless its row gives
  `decimals`; it is never shortened, except in units always written short (million kroner).

`prose_text` writes the same value for running text, where Norwegian style wants some numbers in
words: a whole value up to the unit's `words_up_to` (fire år, tre ganger), and a figure its source
gives rounded, from a million on (15 millioner, 1,6 milliarder kroner). Tables, charts and the
registry keep `text`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from fastlege_calc import fmt
from fastlege_calc.data import DataError, load, per_data_version

FILE = "units.csv"
MOST_DECIMALS = 4  # a value's exact decimals are counted up to this many


@dataclass(frozen=True)
class Unit:
    """One unit: name, Norwegian label, format, decimals of a computed value, and where short forms start."""

    name: str
    label_nb: str  # '' for plain counts
    format: str  # nok | nok_million | percent | number | hours | year | date | period_end | period
    decimals: int
    compact_from: float | None  # a computed value from this on is written short; None: never
    stored: bool  # rows of figures.csv may use the unit
    words_up_to: int | None = None  # running text writes whole values from 0 to this in words; None: never
    words_one: str = "en"  # the word for 1 agreeing with the unit's noun (ett år)
    words_noun: str = ""  # the noun after a round figure in words (1,6 milliarder kroner)

    @property
    def value_type(self) -> type:
        """What a value in the unit is: a date (date, period_end), an ISO period text (period), else a number."""
        return {"date": dt.date, "period_end": dt.date, "period": str}.get(self.format, float)


def all_units() -> dict[str, Unit]:
    """Every unit in data/units.csv by name, in file order."""
    return dict(_units())


@per_data_version("units")
def _units() -> dict[str, Unit]:
    """The unit table, read once per data version (callers copy it)."""
    return {
        row.unit: Unit(
            name=row.unit,
            label_nb="" if pd.isna(row.label_nb) else row.label_nb,
            format=row.format,
            decimals=int(row.decimals),
            compact_from=None if pd.isna(row.compact_from) else float(row.compact_from),
            stored=row.stored == "yes",
            words_up_to=None if pd.isna(row.words_up_to) else int(row.words_up_to),
            words_one="en" if pd.isna(row.words_one) else row.words_one,
            words_noun="" if pd.isna(row.words_noun) else row.words_noun,
        )
        for row in load("units").itertuples(index=False)
    }


def unit(name: str) -> Unit:
    """One unit by name; DataError naming data/units.csv when the table lacks it."""
    found = _units()
    if name not in found:
        raise DataError(FILE, f"unit '{name}' is not in the unit table [unit-missing]", None, "unit")
    return found[name]


def decimals_needed(number: float, most: int = MOST_DECIMALS) -> int:
    """The fewest decimals that write a number exactly (0.5 → 1, 6.96 → 2, 40.0 → 0), at most `most`."""
    return next((d for d in range(most) if abs(number - round(number, d)) < 1e-9), most)


def _stored_decimals(value: float, u: Unit) -> int:
    """Decimals of a stored value: those it has, at least the unit's; kroner in whole kroner or with øre."""
    shown = value * 100 if u.format == "percent" else value
    decimals = max(u.decimals, decimals_needed(shown, most=2))
    if u.format == "nok" and decimals:
        return 2
    return decimals


def _label(u: Unit) -> str:
    """The unit's Norwegian name without line breaks inside it."""
    return u.label_nb.replace(" ", fmt.NBSP)


def _in_words(value, u: Unit) -> str | None:
    """A year, date or period written out ('2001', '1. mai 2024', 'oktober 2023'); None for other units.

    A period end (the day a register row counts to) is its year when it is 31 December: 2024.
    """
    if u.format == "date":
        return fmt.date_long(value)
    if u.format == "period_end":
        return fmt.year_or_date(value)
    if u.format == "period":
        return fmt.period(value)
    if u.format == "year":
        return fmt.year(value)
    return None


def text(
    value: float | dt.date, unit_name: str, decimals: int | None = None, *, stored: bool = False, compact: bool = True
) -> str:
    """A value written the Norwegian way by its unit: 1 600 000 kr, 4,8 mrd. kr, 66 %, 55,6 timer, 1. mai 2024.

    `decimals` overrides the unit's (or a stored value's own) decimals; `stored` marks a value as its
    source gives it (see the module docstring); `compact=False` never shortens (10 368,5 mill. kr).
    DataError naming data/units.csv for a unit the table lacks.
    """
    u = unit(unit_name)
    words = _in_words(value, u)
    if words is not None:
        return words
    if decimals is None:
        decimals = _stored_decimals(value, u) if stored and u.format != "nok_million" else u.decimals
    if u.format == "nok_million":
        if compact:
            return fmt.nok_million(value, decimals)
        return f"{fmt.number(value, decimals)}{fmt.NBSP}{_label(u)}"
    if u.format == "nok":
        # rounded before the form is chosen: 999 999,6 kr is written 1 mill. kr, not 1 000 000 kr
        if compact and not stored and u.compact_from is not None and abs(fmt.rounded(value)) >= u.compact_from:
            return fmt.nok_compact(value)
        return fmt.nok(value, decimals)
    if u.format == "percent":
        return fmt.percent(value, decimals)
    if u.format == "hours":
        return fmt.hours(value, decimals)
    return fmt.number(value, decimals)


def shown_number(value: float, unit_name: str, decimals: int | None = None) -> float:
    """A computed number rounded as `text` writes it (a share stays 0–1): for comparing values as readers see them.

    Two values that print alike compare equal: 0,682 and 0,679 as shares are both 68 %. DataError
    naming data/units.csv for a unit the table lacks.
    """
    u = unit(unit_name)
    decimals = u.decimals if decimals is None else decimals
    if u.format == "nok_million":
        return fmt.compact_rounded(value * 1_000_000, decimals) / 1_000_000
    if u.format == "nok" and u.compact_from is not None and abs(fmt.rounded(value)) >= u.compact_from:
        return fmt.compact_rounded(value)
    if u.format == "percent":
        return fmt.rounded(value * 100, decimals) / 100
    return fmt.rounded(value, decimals)


def value_text(value: float | dt.date, unit_name: str) -> str:
    """A value exactly as computed, with the unit's Norwegian name: '0,398 andel', '841,8 kr per pasient per år'.

    For the appendix, under the figure as readers see it; a year is written as a year (2001), a date
    as a date (1. mai 2024). DataError naming data/units.csv for a unit the table lacks.
    """
    u = unit(unit_name)
    words = _in_words(value, u)
    if words is not None:
        return fmt.date_long(value) if u.format == "period_end" else words
    number = fmt.number(value, decimals_needed(value))
    return f"{number}{fmt.NBSP}{_label(u)}" if u.label_nb else number


def prose_text(
    value: float | dt.date,
    unit_name: str,
    decimals: int | None = None,
    *,
    stored: bool = False,
    compact: bool = True,
    rounded: bool = False,
) -> str:
    """A value as running text writes it: in words where Norwegian style asks for them, else as `text`.

    A whole value from 0 to the unit's `words_up_to` in words ('fire' år, with the unit's word for 1);
    a `rounded` value (its source gives a round figure) from a million on with the word for its size
    ('15 millioner', '1,6 milliarder kroner': million kroner count as kroner); anything else as
    `text(value, unit_name, decimals, stored=stored, compact=compact)`. DataError for an unknown unit.
    """
    u = unit(unit_name)
    if isinstance(value, dt.date) or u.format in ("date", "year"):
        return text(value, unit_name, decimals, stored=stored, compact=compact)
    if u.words_up_to is not None and float(value).is_integer() and 0 <= value <= u.words_up_to:
        return fmt.count_words(value, u.words_one)
    amount = value * 1_000_000 if u.format == "nok_million" else value
    if rounded and abs(amount) >= fmt.ROUND_WORDS_FROM and u.format in ("nok", "nok_million", "number"):
        words = fmt.round_words(amount)
        return f"{words}{fmt.NBSP}{u.words_noun}" if u.words_noun else words
    return text(value, unit_name, decimals, stored=stored, compact=compact)
