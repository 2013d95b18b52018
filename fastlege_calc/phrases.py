"""Norwegian words for time, order and comparison, chosen from the data: never typed beside a figure.

A sentence about figures takes its grammar from the rows: a count at the end of a year is "ved
utgangen av 2024", at any other day "per 1. mai 2025"; "steg", "falt", "det høyeste" follow from the
values; a figure is never compared with itself (one row, or the highest being the latest).

A generated sentence has no full stop of its own: the chapter writes it, as after any sentence, so
a citation can stand before it ("{{ register_gps_course }} {cite:p}`hdir_ar_2023`."). Sentences
inside one phrase are separated by their full stops.

The functions here only choose words. How a figure is written is the caller's: in a chapter's
phrase (`fastlege_calc.registry.said`) a figure reference such as `{{ register_latest_period }}`, in a
chart's text alternative the formatted number. So prose and charts say the same thing the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from fastlege_calc import fmt

#: The words for the highest and the lowest point of a series the book shows (a register's counts at
#: the ends of its periods): "i tallrekken", not "i registeret", since the register's monthly counts
#: between those points can be higher (NRK reported a monthly peak above the year-end counts).
HIGHEST_IN_SERIES = "det høyeste i tallrekken"
LOWEST_IN_SERIES = "det laveste i tallrekken"


def is_year_end(day: dt.date) -> bool:
    """True for 31 December: a count that day is the count at the end of its year."""
    return (day.month, day.day) == (12, 31)


def at_period_end(period_end: dt.date, written: str) -> str:
    """When a count applies: 'ved utgangen av 2024' for 31 December, 'per 1. mai 2025' for any other day.

    `written` is the period as the reader sees it (a figure of unit period_end writes 2024 for
    31 December and 1. mai 2025 otherwise, as `fmt.year_or_date` does).
    """
    return f"ved utgangen av {written}" if is_year_end(period_end) else f"per {written}"


def at_period_end_text(period_end: dt.date) -> str:
    """`at_period_end` with the period written out: 'ved utgangen av 2019', 'per 1. mai 2024' (charts, tables)."""
    return at_period_end(period_end, fmt.year_or_date(period_end))


def in_period(period: str) -> str:
    """When a figure of a period applies, from its ISO period: 'i 2019', 'i oktober 2023', 'per 1. juli 2024'.

    A span of years is 'i 2020–2024'. ValueError for a period in none of the forms `fmt.period` knows.
    """
    preposition = "per" if fmt.period_form(period) == "date" else "i"
    return f"{preposition} {fmt.period(period)}"


def change_verb(before: float, after: float) -> str:
    """'steg' when the later value is higher, 'falt' when it is lower, 'var uendret' when they are equal."""
    if after > before:
        return "steg"
    if after < before:
        return "falt"
    return "var uendret"


#: Names a figure's description may start with: they keep their capital inside a sentence ('Legeforeningens
#: anslag …', 'Tromsø-modellens budsjett …'); any other description starts lower-case there.
PROPER_NAMES = (
    "Allmennlegeforeningen",
    "Legeforeningen",
    "Helsedirektoratet",
    "Helfo",
    "Stortinget",
    "Tromsø",
    "Norge",
    "Oslo",
    "Thorsen",
)


def mid_sentence(text: str) -> str:
    """A label as it stands inside a sentence (after a semicolon, in brackets): its first letter lower-case.

    A name keeps its capital (PROPER_NAMES: 'Tromsø-modellens budsjett'), and so does an abbreviation
    ('ALIS i statsbudsjettet', 'SSBs tall': its second letter is a capital or a digit).
    """
    if len(text) < 2 or not text[0].isupper() or not text[1].islower() or text.startswith(PROPER_NAMES):
        return text
    return text[0].lower() + text[1:]


def capitalised(text: str) -> str:
    """The text with its first letter upper-case (a figure reference or a digit first is left as it is)."""
    return text[:1].upper() + text[1:] if text[:1].isalpha() else text


@dataclass(frozen=True)
class Point:
    """One value of a series as a sentence names it: the number, how it is written, and when it applied.

    `shown` is the value as written ('75 542' or '{{ register_patients_without_gp_first }}'), `when`
    the time in words ('ved utgangen av 2019'); `row` identifies the data row (two points of one row
    are never compared with each other).
    """

    value: float
    shown: str
    when: str
    row: object = None


def change(subject: str, before: Point, after: Point, *, same_time: bool = False) -> str:
    """One sentence comparing two values of a series, the verb chosen from them.

    'Antallet fastleger steg fra 4 858 ved utgangen av 2019 til 5 391 per 1. mai 2024' With
    `same_time`, the times are left out for 'i samme tid' (a sentence following one that named them).
    A single row (both points the same row) gives 'Antallet fastleger var 4 858 ved utgangen av 2019'
    """
    if before.row is not None and before.row == after.row:
        return capitalised(f"{subject} var {after.shown}" + ("" if same_time else f" {after.when}"))
    verb = change_verb(before.value, after.value)
    if verb == "var uendret":
        if same_time:
            return capitalised(f"{subject} var i samme tid uendret, {after.shown}")
        return capitalised(f"{subject} var {after.shown} både {before.when} og {after.when}")
    if same_time:
        return capitalised(f"{subject} {verb} i samme tid fra {before.shown} til {after.shown}")
    return capitalised(f"{subject} {verb} fra {before.shown} {before.when} til {after.shown} {after.when}")


def course(
    subject: str, points: Sequence[Point], *, highest: str = HIGHEST_IN_SERIES, lowest: str = LOWEST_IN_SERIES
) -> str:
    """One sentence on how a series went: from the first value to the highest, and where it ended.

    `highest` and `lowest` name an extreme (by default HIGHEST_IN_SERIES, 'det høyeste i tallrekken'); each
    is said only of a point that is it (the highest the earliest of ties, the lowest only when no other point
    equals it), and only when the series has more than two points. The latest point is never compared with itself:

    - one point: 'Tallet var 75 542 ved utgangen av 2019'
    - the latest is the highest: 'Tallet steg fra A … til B …, det høyeste i tallrekken.'
    - the highest in between: 'Tallet steg fra A … til P …, det høyeste i tallrekken, og falt deretter til C …'
    - the first is the highest: 'Tallet falt fra A … til C …' (', det laveste …' when C is below all others)

    ValueError for an empty series.
    """
    if not points:
        raise ValueError(f"no values for '{subject}'")
    first, last = points[0], points[-1]
    if len(points) == 1:
        return capitalised(f"{subject} var {last.shown} {last.when}")
    values = [p.value for p in points]
    top = values.index(max(values))
    extremes = len(points) > 2
    lowest_last = extremes and last.value < min(values[:-1])
    tail = f", {lowest}" if lowest_last else ""
    if top == 0:
        if last.value == first.value:
            return capitalised(f"{subject} var {first.shown} både {first.when} og {last.when}")
        return capitalised(f"{subject} falt fra {first.shown} {first.when} til {last.shown} {last.when}{tail}")
    if top == len(points) - 1:
        mark = f", {highest}" if extremes else ""
        return capitalised(f"{subject} steg fra {first.shown} {first.when} til {last.shown} {last.when}{mark}")
    peak = points[top]
    rise = f"{subject} steg fra {first.shown} {first.when} til {peak.shown} {peak.when}, {highest}"
    if last.value == peak.value:
        return capitalised(f"{rise}, og var igjen {last.shown} {last.when}")
    return capitalised(f"{rise}, og falt deretter til {last.shown} {last.when}{tail}")


def nearly_or_just_over(value: float, written: float, *, tolerance: float = 0.05) -> str:
    """The word that makes a rounded figure true: 'nesten' below it, 'drøyt' above it, '' when it is the value.

    `written` is the whole number the reader sees for `value` (7,94 written as åtte: 'nesten åtte');
    a difference smaller than `tolerance` needs no word (8,02: 'åtte'). Editorial rule: no false
    precision ('7,9 ganger'), and no rounded figure without the word that says which way it was rounded.
    """
    if abs(value - written) < tolerance:
        return ""
    return "nesten" if value < written else "drøyt"


def more_or_less(difference: float, more: str, less: str, same: str) -> str:
    """The word for a difference: `more` when it is positive, `less` when negative, `same` when zero."""
    if difference > 0:
        return more
    if difference < 0:
        return less
    return same
