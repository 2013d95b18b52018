"""The unit table: the schema's units against it, and every value written by its unit."""

import datetime as dt
import json

import pytest

from fastlege_calc import hours, registry, units
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
