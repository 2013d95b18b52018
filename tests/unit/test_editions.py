"""Which data rows changed between an edition and now (fastlege_book.editions.row_changes)."""

from fastlege_book import editions


def _snapshot(rows: dict[str, dict[str, str]]) -> dict:
    return {
        "figures.csv": {"rows": {key: {"line": n, "cells": cells} for n, (key, cells) in enumerate(rows.items(), 2)}}
    }


def test_a_new_empty_column_changes_no_row_but_a_value_does():
    before = _snapshot(
        {"a": {"key": "a", "value": "1", "source_id": "s"}, "b": {"key": "b", "value": "2", "source_id": "s"}}
    )
    after = _snapshot(
        {
            "a": {"key": "a", "value": "1", "decimals": "", "source_id": "s"},
            "b": {"key": "b", "value": "3", "decimals": "", "source_id": "s"},
        }
    )
    (change,) = editions.row_changes(before, after)
    assert (change.key, change.kind, change.cells) == ("b", "changed", (("value", "2", "3"),))
    assert change.describe() == "data/figures.csv, linje 3 (b): value 2 → 3"


def test_a_filled_new_column_and_a_dropped_one_are_changes():
    before = _snapshot({"a": {"key": "a", "note": "x"}})
    after = _snapshot({"a": {"key": "a", "kind": "official"}})
    (change,) = editions.row_changes(before, after)
    assert set(change.cells) == {("kind", "", "official"), ("note", "x", "")}


def test_without_a_recomputation_a_changed_row_explains_the_figures_that_read_it():
    read_row = editions.RowChange(
        "gp_register.csv", "2022-12-31", 6, "changed", (("gps", "5057", "5058"),), "hdir_ar_2023"
    )
    other_row = editions.RowChange("gp_register.csv", "2023-12-31", 7, "changed", (("gps", "1", "2"),), "hdir_ar_2023")
    removed = editions.RowChange("gp_register.csv", "2021-12-31", 5, "removed", (), "hdir_ar_2023")
    figure = {"key": "register_gps_2022", "sources": ["hdir_ar_2023"]}
    found = editions.rows_read_by(figure, [read_row, other_row, removed], {("gp_register.csv", 6)})
    assert found == [read_row, removed]  # the row it read, and a removed row of its source; not row 7
