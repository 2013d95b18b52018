"""Norwegian number formatting: what a reader sees must follow bokmål typography."""

import datetime as dt

import pytest

from fastlege_calc import fmt

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1_600_000, 0, f"1{NBSP}600{NBSP}000"),
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, f"1{NBSP}000"),
        (55.6, 1, "55,6"),
        (55.55, 1, "55,6"),  # half up, not banker's rounding
        (2.5, 0, "3"),
        (0.5, 0, "1"),
        (-0.4, 0, "0"),  # never "−0"
        (10368.5, 1, f"10{NBSP}368,5"),
        (1234567.891, 2, f"1{NBSP}234{NBSP}567,89"),
    ],
)
def test_number(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


def test_negative_numbers_carry_a_minus_sign_and_grouping():
    text = fmt.number(-1234)
    assert text[0] in "-\u2212"
    assert text[1:] == f"1{NBSP}234"


def test_kroner():
    assert fmt.nok(154 * 1000) == f"154{NBSP}000{NBSP}kr"
    assert fmt.nok(841.8, 2) == f"841,80{NBSP}kr"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.6e9, f"1,6{NBSP}mrd.{NBSP}kr"),
        (4.8e9, f"4,8{NBSP}mrd.{NBSP}kr"),
        (690e6, f"690{NBSP}mill.{NBSP}kr"),
        (800_000, f"800{NBSP}000{NBSP}kr"),  # below a million: written out, never "800k"
        (999.97e6, f"1{NBSP}mrd.{NBSP}kr"),  # rounded before the short form is chosen: never "1000 mill."
        (999_999.6, f"1{NBSP}mill.{NBSP}kr"),
    ],
)
def test_compact_kroner(value, expected):
    assert fmt.nok_compact(value) == expected


def test_million_kroner_input():
    assert fmt.nok_million(1600) == f"1,6{NBSP}mrd.{NBSP}kr"
    assert fmt.nok_million(10368.5) == f"10,4{NBSP}mrd.{NBSP}kr"


@pytest.mark.parametrize(
    ("share", "decimals", "expected"),
    [
        (0.66, 0, f"66{NBSP}%"),
        (0.7307, 1, f"73,1{NBSP}%"),
        (0.0696, 2, f"6,96{NBSP}%"),
        (1, 0, f"100{NBSP}%"),
        (0, 0, f"0{NBSP}%"),
    ],
)
def test_percent(share, decimals, expected):
    assert fmt.percent(share, decimals) == expected


def test_hours_singular_and_plural():
    assert fmt.hours(55.6) == f"55,6{NBSP}timer"
    assert fmt.hours(1, 0) == f"1{NBSP}time"


def test_dates_in_words():
    assert fmt.date_long(dt.date(2022, 1, 1)) == "1. januar 2022"
    assert fmt.date_long(dt.date(2023, 5, 1)) == "1. mai 2023"


def test_year_has_no_grouping():
    assert fmt.year(2001) == "2001"


def test_chart_locale_matches_prose():
    locale = fmt.d3_format_locale()
    assert locale["decimal"] == ","
    assert locale["thousands"] == NBSP
    assert locale["minus"] == fmt.number(-1)[0]
    assert fmt.d3_time_format_locale()["months"][0] == "januar"


# --- numbers in words, for running text (Språkrådet: zero to twelve; large round figures) -------------
def test_counts_from_zero_to_twelve_are_bokmal_words():
    expected = ["null", "en", "to", "tre", "fire", "fem", "seks", "syv", "åtte", "ni", "ti", "elleve", "tolv"]
    assert [fmt.count_words(n) for n in range(13)] == expected
    assert fmt.count_words(1, one="ett") == "ett"  # agrees with a neuter noun: ett år
    assert fmt.count_words(4.0) == "fire"


@pytest.mark.parametrize("value", [13, 2.5, -1])
def test_only_whole_counts_up_to_twelve_become_words(value):
    with pytest.raises(ValueError):
        fmt.count_words(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (15_000_000, f"15{NBSP}millioner"),
        (1_000_000, f"1{NBSP}million"),
        (1_600_000_000, f"1,6{NBSP}milliarder"),
        (10_000_000_000, f"10{NBSP}milliarder"),
        (813_000_000, f"813{NBSP}millioner"),
        (1_250_000_000, f"1,25{NBSP}milliarder"),  # the decimals it has, nothing rounded away
    ],
)
def test_round_figures_get_a_word_for_their_size(value, expected):
    assert fmt.round_words(value) == expected


def test_round_words_start_at_a_million():
    with pytest.raises(ValueError):
        fmt.round_words(250_000)
