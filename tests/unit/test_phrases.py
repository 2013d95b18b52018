"""The words about time, order and comparison (fastlege_calc.phrases): chosen from the values, never typed."""

from __future__ import annotations

import datetime as dt

import pytest

from fastlege_calc import figures, phrases, registry
from fastlege_calc.data import DataError
from fastlege_calc.registry import Registry
from tests.helpers import replace_in

END_2019, END_2023, MAY_2025 = dt.date(2019, 12, 31), dt.date(2023, 12, 31), dt.date(2025, 5, 1)


def point(value: float, day: dt.date) -> phrases.Point:
    return phrases.Point(value, f"{value:g}", phrases.at_period_end_text(day), day)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 12, 31), "ved utgangen av 2024"),
        (dt.date(2025, 5, 1), "per 1. mai 2025"),
        (dt.date(2024, 12, 30), "per 30. desember 2024"),
        (dt.date(2025, 1, 1), "per 1. januar 2025"),
    ],
)
def test_a_count_at_the_end_of_a_year_and_on_any_other_day(day, expected):
    assert phrases.at_period_end_text(day) == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2019", "i 2019"),
        ("2023-10", "i oktober 2023"),
        ("2024-07-01", "per 1. juli 2024"),
        ("2021–2025", "i 2021–2025"),
    ],
)
def test_the_time_of_a_stored_figure_from_its_period(period, expected):
    assert phrases.in_period(period) == expected


def test_a_single_row_is_never_compared_with_itself():
    only = point(75542, END_2019)
    assert phrases.course("Tallet", [only], highest="det høyeste", lowest="det laveste") == (
        "Tallet var 75542 ved utgangen av 2019"
    )
    assert phrases.change("Antallet", only, only) == "Antallet var 75542 ved utgangen av 2019"


def test_a_new_high_at_the_end_is_said_once():
    series = [point(75542, END_2019), point(214106, END_2023), point(230500, MAY_2025)]
    text = phrases.course("Tallet", series, highest="det høyeste", lowest="det laveste")
    assert text == "Tallet steg fra 75542 ved utgangen av 2019 til 230500 per 1. mai 2025, det høyeste"
    assert "214106" not in text


def test_the_highest_in_between_and_a_fall_below_every_earlier_value():
    series = [point(75542, END_2019), point(214106, END_2023), point(60000, MAY_2025)]
    text = phrases.course("Tallet", series, highest="det høyeste", lowest="det laveste")
    assert text == (
        "Tallet steg fra 75542 ved utgangen av 2019 til 214106 ved utgangen av 2023, det høyeste, "
        "og falt deretter til 60000 per 1. mai 2025, det laveste"
    )


def test_a_tie_with_the_highest_names_the_earliest_and_says_again():
    series = [point(1, END_2019), point(5, END_2023), point(5, MAY_2025)]
    text = phrases.course("Tallet", series, highest="det høyeste", lowest="det laveste")
    assert text.endswith("til 5 ved utgangen av 2023, det høyeste, og var igjen 5 per 1. mai 2025")


def test_the_first_being_the_highest_is_a_fall_and_two_rows_name_no_extreme():
    falling = [point(9, END_2019), point(3, MAY_2025)]
    assert phrases.course("Tallet", falling, highest="H", lowest="L") == (
        "Tallet falt fra 9 ved utgangen av 2019 til 3 per 1. mai 2025"
    )
    same = [point(9, END_2019), point(9, MAY_2025)]
    assert phrases.course("Tallet", same, highest="H", lowest="L") == (
        "Tallet var 9 både ved utgangen av 2019 og per 1. mai 2025"
    )


@pytest.mark.parametrize(("before", "after", "verb"), [(1, 2, "steg"), (2, 1, "falt"), (2, 2, "var uendret")])
def test_the_verb_follows_the_values(before, after, verb):
    assert phrases.change_verb(before, after) == verb


def test_a_phrase_shows_only_declared_figures_and_a_failing_phrase_names_its_row():
    engine = Registry()
    engine.shown("count", unit="count", about="Et tall")(lambda: 3)
    engine.said("good", about="En setning")(lambda: "Det var {{ count }}")
    engine.said("bad", about="En setning")(lambda: "Det var {{ missing }}")
    with pytest.raises(ValueError, match=r"phrase 'bad' .* not declared: \['missing'\]"):
        engine.phrases()


def test_a_figure_function_that_fails_on_a_row_is_that_rows_error(data_copy):
    from fastlege_calc import trace

    def fails() -> float:
        trace.note("gp_register.csv", 6, "hdir_ar_2023")
        raise ZeroDivisionError("division by zero")

    engine = Registry()
    engine.shown("broken", unit="count", about="Et tall som ikke lar seg regne ut")(fails)
    with pytest.raises(DataError) as info:
        engine.figures()
    message = str(info.value)
    assert message.startswith("data/gp_register.csv, line 6: the figure 'broken'"), message
    assert message.endswith("[figure-failed]") and "division" not in message, message


def test_every_phrase_a_page_shows_counts_its_figures_as_shown_on_that_page(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "book" / "a.md").write_text("{{ register_latest_when }}.\n", encoding="utf-8")
    used = registry.usage(tmp_path)
    assert used["register_latest_period"] == ["book/a"]


@pytest.mark.parametrize(
    ("value", "written", "word"),
    [(7.94, 8, "nesten"), (8.2, 8, "drøyt"), (8.02, 8, ""), (7.96, 8, ""), (2.5, 3, "nesten"), (3.0, 3, "")],
)
def test_a_rounded_figure_gets_the_word_for_the_way_it_was_rounded(value, written, word):
    assert phrases.nearly_or_just_over(value, written) == word


def test_the_alis_multiple_is_written_whole_with_nearly_or_just_over(data_copy):
    """564 ALIS agreements against 71: 564 / 71 = 7,94, written 'nesten åtte ganger så mange' (not '7,9 ganger')."""

    def check() -> None:
        ratio = figures.value("alis_agreements_2021") / figures.value("alis_agreements_2020")
        shown = registry.prose_figures()["measures_alis_ratio"]
        assert shown.value == int(ratio + 0.5)
        sentence = registry.phrases()["measures_alis_sentence"].text
        word = "nesten" if ratio < shown.value - 0.05 else "drøyt" if ratio > shown.value + 0.05 else ""
        assert f"det vil si {word} {shown.text} ganger".replace("  ", " ") in sentence, sentence

    check()
    replace_in(data_copy / "figures.csv", "alis_agreements_2021,564,", "alis_agreements_2021,600,")
    check()  # 600 / 71 = 8,45: 'drøyt åtte'
    assert "drøyt" in registry.phrases()["measures_alis_sentence"].text


@pytest.mark.parametrize(
    ("label", "inside"),
    [
        ("Økning til ALIS i statsbudsjettet", "økning til ALIS i statsbudsjettet"),
        ("ALIS i statsbudsjettet", "ALIS i statsbudsjettet"),
        ("SSBs kommunetall", "SSBs kommunetall"),
        ("Tromsø-modellens budsjett", "Tromsø-modellens budsjett"),
        ("Legeforeningens anslag", "Legeforeningens anslag"),
        ("LIS1-stillinger", "LIS1-stillinger"),
        ("", ""),
    ],
)
def test_a_label_inside_a_sentence_starts_lower_case_unless_it_is_a_name(label, inside):
    assert phrases.mid_sentence(label) == inside
