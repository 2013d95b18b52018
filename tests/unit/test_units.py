"""The unit table: the schema's units against it, and every value written by its unit."""

import datetime as dt
import json
import re

import pytest

from fastlege_calc import figures, hours, registry, units
from fastlege_calc.data import DataError
from tests.helpers import ROOT, replace_in

NBSP = "\u00a0"


def _schema_units() -> set[str]:
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")
    field = next(f for f in figures["schema"]["fields"] if f["name"] == "unit")
    return set(field["constraints"]["enum"])


def test_the_schema_allows_exactly_the_storable_units_of_the_table():
    table = units.all_units()
    assert _schema_units() == {name for name, u in table.items() if u.stored}


def test_every_figure_the_book_shows_has_its_unit_in_the_table():
    shown = {s.unit for s in registry.prose_figures().values()}
    assert shown <= set(units.all_units())


def test_a_unit_outside_the_table_is_refused_with_the_file():
    with pytest.raises(DataError, match=r"data/units\.csv.*'furlongs'"):
        units.text(1, "furlongs")


@pytest.mark.parametrize(
    ("value", "unit", "options", "expected"),
    [
        # computed: the unit's decimals, and a large amount in kroner shortened from 1 million on
        (0.731, "share", {}, "73 %"),
        (0.731, "share", {"decimals": 1}, "73,1 %"),
        (3 * 1.6e9, "nok", {}, "4,8 mrd. kr"),
        (999_999, "nok", {}, "999 999 kr"),
        (1600, "million_nok", {}, "1,6 mrd. kr"),
        (10368.5, "million_nok", {"decimals": 1, "compact": False}, "10 368,5 mill. kr"),
        (55.6 - 37.5, "hours_per_week", {}, "18,1 timer"),
        ((55.6 - 37.5) / 7.5, "ratio", {"decimals": 1}, "2,4"),
        (2001, "year", {}, "2001"),
        (dt.date(2024, 5, 1), "date", {}, "1. mai 2024"),
        # stored: the decimals the value has, at least the unit's; kroner whole or with øre; never shortened
        (0.398, "share", {"stored": True}, "39,8 %"),
        (0.0696, "share", {"stored": True}, "6,96 %"),
        (0.66, "share", {"stored": True}, "66 %"),
        (841.80, "nok_per_patient", {"stored": True}, "841,80 kr"),
        (642, "nok_per_patient", {"stored": True}, "642 kr"),
        (1_710_000, "nok", {"stored": True}, "1 710 000 kr"),
        (49.0, "hours_per_week", {"stored": True}, "49,0 timer"),
        (62, "hours_per_week", {"stored": True, "decimals": 0}, "62 timer"),
    ],
)
def test_text_by_unit(value, unit, options, expected):
    assert units.text(value, unit, **options).replace(NBSP, " ") == expected


def test_the_source_texts_whole_hours_stay_whole_by_their_row():
    text_p75, official_p75 = hours.row("all", "total", "p75", "source_text"), hours.row("all", "total", "p75")
    assert (text_p75.hours_per_week, text_p75.decimals) == (62, 0)
    figures = registry.prose_figures()
    assert figures["hours_p75_text"].text == f"62{NBSP}timer"
    assert official_p75.decimals is None and figures["hours_p75_2018"].text == f"62,2{NBSP}timer"


def test_a_rows_decimals_in_figures_csv_override_the_stored_value(data_copy):
    assert registry.prose_figures()["survey_response_share"].text == f"39,8{NBSP}%"  # 0.398 as given
    replace_in(data_copy / "figures.csv", "survey_response_share,0.398,share,,", "survey_response_share,0.398,share,0,")
    assert registry.prose_figures()["survey_response_share"].text == f"40{NBSP}%"


def test_value_text_is_exact_with_the_units_norwegian_name():
    assert units.value_text(0.398, "share") == f"0,398{NBSP}andel"
    assert units.value_text(841.8, "nok_per_patient") == f"841,8{NBSP}kr{NBSP}per{NBSP}pasient{NBSP}per{NBSP}år"
    assert units.value_text(1876, "count") == f"1{NBSP}876"
    assert units.value_text(2001, "year") == "2001"


def test_decimals_needed():
    assert [units.decimals_needed(x) for x in (40.0, 0.5, 6.96, 1 / 3)] == [0, 1, 2, units.MOST_DECIMALS]


# --- running text: numbers in words where Norwegian style asks for them -------------------------------
WORDS = ["null", "en", "to", "tre", "fire", "fem", "seks", "syv", "åtte", "ni", "ti", "elleve", "tolv"]


def test_prose_writes_small_whole_counts_in_words_and_keeps_digits_elsewhere():
    assert units.prose_text(4, "years") == "fire"
    assert units.prose_text(1, "years") == "ett"  # ett år (the unit's word for one)
    assert units.prose_text(1, "days") == "en"
    assert units.prose_text(3, "ratio") == "tre"
    assert units.prose_text(13, "years") == "13"
    assert units.prose_text(2.4, "ratio", 1) == "2,4"  # not a whole count
    assert units.prose_text(4, "hours_per_week") == f"4,0{NBSP}timer"  # a measurement keeps its digits
    assert units.prose_text(0.04, "share") == f"4{NBSP}%"


def test_prose_writes_round_figures_in_words_only_when_the_source_rounds():
    assert units.prose_text(15_000_000, "count", rounded=True) == f"15{NBSP}millioner"
    assert units.prose_text(15_000_000, "count") == units.text(15_000_000, "count") == f"15{NBSP}000{NBSP}000"
    assert units.prose_text(1600, "million_nok", rounded=True) == f"1,6{NBSP}milliarder{NBSP}kroner"
    assert units.prose_text(4.8e9, "nok", rounded=True) == f"4,8{NBSP}milliarder{NBSP}kroner"
    assert units.prose_text(800_000, "nok", rounded=True) == f"800{NBSP}000{NBSP}kr"  # below a million: digits


def test_every_figure_in_running_text_is_in_words_exactly_when_the_rules_say():
    for key, shown in registry.prose_figures().items():
        unit = units.unit(shown.unit)
        value = shown.value
        small = (
            unit.words_up_to is not None and not isinstance(value, dt.date) and value.is_integer() and 0 <= value <= 12
        )
        if small:
            one = unit.words_one if value == 1 else WORDS[1]
            assert shown.prose == ([*WORDS[:1], one, *WORDS[2:]])[int(value)], key
            assert shown.text == str(int(value)), key  # tables and the registry keep digits
        elif "millioner" in shown.prose or "milliarder" in shown.prose or "million" in shown.prose:
            number, scale = shown.prose.split(NBSP)[:2]
            factor = 1e9 if scale.startswith("milliard") else 1e6
            amount = value * 1e6 if unit.format == "nok_million" else value
            assert float(number.replace(",", ".")) * factor == pytest.approx(amount), key
            assert any(ch.isdigit() for ch in shown.text), key
        else:
            assert shown.prose == shown.text, key


def test_the_figures_row_says_whether_the_source_rounds(data_copy):
    figures = registry.prose_figures()
    assert figures["consultations_per_year_text"].prose == f"15{NBSP}millioner"
    assert figures["consultations_2019"].prose == f"14{NBSP}292{NBSP}722"  # an exact count stays exact
    replace_in(
        data_copy / "figures.csv",
        "consultations_per_year_text,15000000,count,,yes,",
        "consultations_per_year_text,15000000,count,,,",
    )
    assert registry.prose_figures()["consultations_per_year_text"].prose == f"15{NBSP}000{NBSP}000"


def test_a_changed_count_changes_its_word(data_copy):
    assert registry.prose_figures()["action_plan_years"].prose == "fire"
    replace_in(data_copy / "figures.csv", "action_plan_years,4,", "action_plan_years,1,")
    assert registry.prose_figures()["action_plan_years"].prose == "ett"
    replace_in(data_copy / "figures.csv", "action_plan_years,1,", "action_plan_years,14,")
    assert registry.prose_figures()["action_plan_years"].prose == "14"


def test_a_figure_computed_from_a_round_figure_is_written_as_round_as_its_source():
    """'om lag 4,8 milliarder kroner, eller 3,2 milliarder kroner mer enn planen', not '… eller 3,2 mrd. kr …'.

    A figure computed from a row its source rounds (figures.csv `rounded`) is no more exact than that row:
    from a million kroner on, running text writes it with the word for its size, as it writes the row.
    """
    round_rows = {("figures.csv", f.line) for f in figures.all_figures().values() if f.rounded}
    assert round_rows
    written_as_digits = []
    for key, shown in registry.prose_figures().items():
        if shown.origin != "computed" or not any((r.file, r.line) in round_rows for r in shown.rows):
            continue
        unit = units.unit(shown.unit)
        amount = shown.value * 1_000_000 if unit.format == "nok_million" else shown.value
        if unit.format in ("nok", "nok_million", "number") and abs(amount) >= 1_000_000:
            if not re.search(r"\d\u00a0(millioner|milliarder|million|milliard)\b", shown.prose):
                written_as_digits.append(f"{key}: {shown.prose}")
    assert not written_as_digits, written_as_digits


#: The boundaries of every unit in data/units.csv: where rounding meets a change of form (a short form's
#: unit, a thousands group, 100 %, the singular), each with what a reader must see. Amounts are rounded
#: before their short form is chosen: 999,97 million kroner is 1 mrd. kr, never 1000 mill. kr.
BOUNDARIES = {
    "percentage_points": [(10, {}, "10"), (2.5, {}, "3"), (1234, {}, "1 234")],
    "nok": [
        (999_499, {}, "999 499 kr"),
        (999_999.4, {}, "999 999 kr"),
        (999_999.5, {}, "1 mill. kr"),
        (1_000_000, {}, "1 mill. kr"),
        (999_949_999, {}, "999,9 mill. kr"),
        (999_950_000, {}, "1 mrd. kr"),
        (1_050_000_000, {}, "1,1 mrd. kr"),  # half up, not half to even
        (999_960_000_000, {}, "1 bill. kr"),
        (1_710_000, {"stored": True}, "1 710 000 kr"),  # a source's amount is never shortened
    ],
    "million_nok": [
        (999.97, {}, "1 mrd. kr"),
        (999.94, {}, "999,9 mill. kr"),
        (0.9999996, {}, "1 mill. kr"),
        (0.5, {}, "500 000 kr"),
        (690, {}, "690 mill. kr"),
        (999_999.96, {}, "1 bill. kr"),
    ],
    "nok_per_patient": [(841.5, {}, "842 kr"), (841.80, {"stored": True}, "841,80 kr"), (999.5, {}, "1 000 kr")],
    "share": [
        (0.9995, {}, "100 %"),
        (0.9949, {}, "99 %"),
        (0.005, {}, "1 %"),
        (0.00499, {}, "0 %"),
        (0.99995, {"decimals": 1}, "100,0 %"),
        (0.00085, {"decimals": 2}, "0,09 %"),  # rounded in decimal, not in binary floating point
    ],
    "count": [(999.5, {}, "1 000"), (0.4, {}, "0"), (-0.4, {}, "0")],
    "count_compared": [(10, {}, "10"), (999.5, {}, "1 000")],
    "patients": [(999.5, {}, "1 000"), (1_000_000, {}, "1 000 000")],
    "hours_per_week": [(0.95, {}, "1,0 time"), (0.94, {}, "0,9 timer"), (37.45, {}, "37,5 timer")],
    "years": [(3.5, {}, "4"), (0.49, {}, "0")],
    "days": [(9.5, {}, "10"), (1000, {}, "1 000")],
    "year": [(2001, {}, "2001"), (10000, {}, "10000")],  # a year is never grouped
    "ratio": [(2.95, {}, "3"), (2.95, {"decimals": 1}, "3,0"), (7.94, {"decimals": 1}, "7,9")],
    "date": [(dt.date(2024, 12, 31), {}, "31. desember 2024"), (dt.date(2025, 1, 1), {}, "1. januar 2025")],
    "period_end": [
        (dt.date(2024, 12, 31), {}, "2024"),
        (dt.date(2024, 12, 30), {}, "30. desember 2024"),
        (dt.date(2025, 1, 1), {}, "1. januar 2025"),
    ],
    "period": [
        ("2019", {}, "2019"),
        ("2023-10", {}, "oktober 2023"),
        ("2024-07-01", {}, "1. juli 2024"),
        ("2021-2025", {}, "2021–2025"),
    ],
}


def test_every_unit_of_the_table_has_its_boundaries_tested():
    assert set(BOUNDARIES) == set(units.all_units())


@pytest.mark.parametrize(
    ("unit", "value", "options", "expected"),
    [(unit, value, options, expected) for unit, cases in BOUNDARIES.items() for value, options, expected in cases],
    ids=lambda x: str(x),
)
def test_the_boundaries_of_every_unit(unit, value, options, expected):
    in_words = units.unit(unit).format in {"date", "period_end", "period"}  # dates keep ordinary spaces
    assert units.text(value, unit, **options) == (expected if in_words else expected.replace(" ", NBSP))


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [(0.682, "share", 0.68), (0.679, "share", 0.68), (999.97, "million_nok", 1000), (999_999.6, "nok", 1_000_000)],
)
def test_values_compare_as_they_are_written(value, unit, shown):
    assert units.shown_number(value, unit) == pytest.approx(shown)
