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
