"""Norwegian (bokmål) formatting of numbers, amounts, shares, hours and dates with Babel.

Digits everywhere (tables, charts, the registry); running text may write a number in words, as
Språkrådet's style asks: whole counts from zero to twelve (`count_words`: "fire år"), and large
round figures the source rounds (`round_words`: "15 millioner", "1,6 milliarder" kroner).
`fastlege_calc.units.prose_text` decides which form a figure takes in the prose.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal, format_percent
from num2words import num2words

LOCALE = Locale.parse("nb_NO")
NBSP = "\u00a0"  # Norwegian typography: no line break inside "1 600 000 kr" or "66 %"


def _pattern(decimals: int) -> str:
    """A Babel number pattern with grouping and a fixed number of decimals."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _half_up(value: float | decimal.Decimal, decimals: int) -> decimal.Decimal:
    """Round half away from zero, as readers expect (2,5 → 3), not Python's banker's rounding."""
    quantum = decimal.Decimal(1).scaleb(-decimals)
    return decimal.Decimal(str(value)).quantize(quantum, rounding=decimal.ROUND_HALF_UP)


def rounded(value: float, decimals: int = 0) -> float:
    """A value as it will be written with `decimals` decimals (half away from zero): 999 999,6 → 1 000 000."""
    return float(_half_up(value, decimals))


def number(value: float, decimals: int = 0) -> str:
    """A number with Norwegian grouping and decimal comma: 1 600 000, 55,6, −1 234."""
    rounded = _half_up(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # never print "−0"
    return format_decimal(rounded, format=_pattern(decimals), locale=LOCALE)


def year(value: int) -> str:
    """A calendar year without grouping: 2001."""
    return str(int(value))


def nok(value: float, decimals: int = 0) -> str:
    """An amount in kroner: 1 600 000 kr."""
    return f"{number(value, decimals)}{NBSP}kr"


#: The steps of the short forms (mill., mrd., bill.), in kroner.
COMPACT_STEPS_NOK = (1_000_000, 1_000_000_000, 1_000_000_000_000)


def compact_rounded(value: float, decimals: int = 1) -> float:
    """An amount rounded as its short form writes it, before the short form's unit is chosen.

    The step (million, milliard, billion) is the largest the whole amount reaches; the amount is rounded
    to `decimals` decimals of that step: 999 970 000 → 1 000 000 000 (written 1 mrd.), 1 049 000 000 →
    1 000 000 000, 1 050 000 000 → 1 100 000 000. Below a million the whole amount (999 499,4 → 999 499).
    """
    whole = rounded(value)
    steps = [s for s in COMPACT_STEPS_NOK if abs(whole) >= s]
    if not steps:
        return whole
    return float(_half_up(decimal.Decimal(str(value)) / steps[-1], decimals) * steps[-1])


def nok_compact(value: float, decimals: int = 1) -> str:
    """A large amount in kroner, shortened: 1,6 mrd. kr, 690 mill. kr (below a million: 800 000 kr).

    The amount is rounded before the short form's unit is chosen (`compact_rounded`), so 999,97 million
    kroner is 1 mrd. kr, never 1000 mill. kr, and 999 999,6 kr is 1 mill. kr.
    """
    shown = compact_rounded(value, decimals)
    if abs(shown) < COMPACT_STEPS_NOK[0]:
        return nok(shown)
    text = format_compact_decimal(shown, format_type="short", locale=LOCALE, fraction_digits=decimals)
    return f"{text}{NBSP}kr"


def nok_million(value_million_nok: float, decimals: int = 1) -> str:
    """An amount given in million kroner, shortened: 1600 → 1,6 mrd. kr."""
    return nok_compact(value_million_nok * 1_000_000, decimals)


def percent(share: float, decimals: int = 0) -> str:
    """A share (0.66) as a percentage: 66 %."""
    as_percent = _half_up(decimal.Decimal(str(share)) * 100, decimals)  # in decimal: 0,085 % stays 0,085
    if as_percent == 0:
        as_percent = abs(as_percent)  # never print "−0 %"
    return format_percent(as_percent / 100, format=_pattern(decimals) + NBSP + "%", locale=LOCALE)


def hours(value_hours: float, decimals: int = 1) -> str:
    """Hours: 55,6 timer."""
    unit = "time" if _half_up(value_hours, decimals) == 1 else "timer"
    return f"{number(value_hours, decimals)}{NBSP}{unit}"


def date_long(value: dt.date) -> str:
    """A date in words: 1. januar 2022."""
    return format_date(value, format="d. MMMM y", locale=LOCALE)


def month_year(value: dt.date) -> str:
    """A month in short form: des. 2019, mai 2024 (register periods on a chart axis)."""
    return format_date(value, format="MMM y", locale=LOCALE)


def month_long(value: dt.date) -> str:
    """A month in words: oktober 2023."""
    return format_date(value, format="MMMM y", locale=LOCALE)


#: The ISO forms of a period in the data: a year, a month, a day, or a span of years ('2020–2024').
PERIOD_FORMS = {
    "year": r"\d{4}",
    "month": r"\d{4}-\d{2}",
    "date": r"\d{4}-\d{2}-\d{2}",
    "years": r"\d{4}[–-]\d{4}",
}


def period_form(text: str) -> str | None:
    """Which form an ISO period has: 'year', 'month', 'date' or 'years' (a span); None for anything else."""
    for form, pattern in PERIOD_FORMS.items():
        if re.fullmatch(pattern, text):
            return form
    return None


def period(text: str) -> str:
    """An ISO period in words: '2019' → 2019, '2023-10' → oktober 2023, '2024-07-01' → 1. juli 2024, '2021–2025'.

    ValueError for text in none of the forms of PERIOD_FORMS (or a month or day that does not exist).
    """
    form = period_form(text)
    if form == "month":
        return month_long(dt.date.fromisoformat(text + "-01"))
    if form == "date":
        return date_long(dt.date.fromisoformat(text))
    if form == "years":
        return text.replace("-", "–")
    if form == "year":
        return text
    raise ValueError(f"'{text}' is not a period (YYYY, YYYY-MM, YYYY-MM-DD or YYYY–YYYY)")


def year_or_date(value: dt.date) -> str:
    """'2019' for 31 December, '1. mai 2024' for any other date (end of a register period)."""
    if (value.month, value.day) == (12, 31):
        return str(value.year)
    return date_long(value)


#: Språkrådet: numbers from zero to twelve are written in words in running text ("fire år", "tolv måneder").
WORDS_UP_TO = 12
#: From this amount on a round figure may be written with a word for its size ("15 millioner").
ROUND_WORDS_FROM = 1_000_000


def count_words(value: float, one: str = "en") -> str:
    """A whole count from 0 to 12 in bokmål words (num2words): 0 → 'null', 4 → 'fire', 12 → 'tolv'.

    `one` is the word for 1 that agrees with the noun after it ('en' dag, 'ett' år). ValueError for a
    value that is not a whole number from 0 to WORDS_UP_TO.
    """
    if value != int(value) or not 0 <= value <= WORDS_UP_TO:
        raise ValueError(f"only whole counts from 0 to {WORDS_UP_TO} are written in words, not {value}")
    return one if int(value) == 1 else num2words(int(value), lang="no")


def round_words(value: float) -> str:
    """A round figure from a million on with the word for its size: 15 millioner, 1,6 milliarder, 1 million.

    The number keeps the decimals it has at that size (up to two: 1,25 milliarder), so nothing is rounded
    away; Babel's long compact form gives the word and its plural. ValueError below ROUND_WORDS_FROM.
    """
    if abs(value) < ROUND_WORDS_FROM:
        raise ValueError(f"round figures are written in words from {ROUND_WORDS_FROM}, not {value}")
    scale = 1e9 if abs(value) >= 1e9 else 1e6
    scaled = value / scale
    decimals = next((d for d in range(3) if abs(scaled - round(scaled, d)) < 1e-9), 2)
    text = format_compact_decimal(value, format_type="long", locale=LOCALE, fraction_digits=decimals)
    return text.replace(" ", NBSP)


def d3_format_locale() -> dict:
    """The same conventions as a d3-format locale, for Vega charts (axes, tooltips)."""
    symbols = LOCALE.number_symbols["latn"]
    return {
        "decimal": symbols["decimal"],
        "thousands": symbols["group"],
        "grouping": [3],
        "currency": ["", f"{NBSP}kr"],
        "minus": number(-1)[0],  # whatever sign Babel prints, so prose and charts agree
        "percent": f"{NBSP}%",
    }


def d3_time_format_locale() -> dict:
    """Norwegian month and day names for Vega date axes, from Babel."""
    months = LOCALE.months["format"]["wide"]
    short_months = LOCALE.months["format"]["abbreviated"]
    days = LOCALE.days["format"]["wide"]
    short_days = LOCALE.days["format"]["abbreviated"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, d3 from Sunday
    return {
        "dateTime": "%A %e. %B %Y kl. %X",
        "date": "%d.%m.%Y",
        "time": "%H:%M:%S",
        "periods": ["a.m.", "p.m."],
        "days": [days[i] for i in sunday_first],
        "shortDays": [short_days[i].rstrip(".") for i in sunday_first],
        "months": [months[i] for i in range(1, 13)],
        "shortMonths": [short_months[i].rstrip(".") for i in range(1, 13)],
    }
