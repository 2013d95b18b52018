"""Editions: recording a release, which figures and data rows changed since the last edition, and why (no build)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fastlege_book import editions
from fastlege_calc import data, fmt, registry, source_years
from tests.helpers import ROOT, replace_in

RELEASED = dt.date(2026, 1, 15)


@pytest.fixture
def book_root(tmp_path) -> Path:
    """A book folder with this repository's pages and no editions yet."""
    root = tmp_path / "root"
    root.mkdir()
    for folder in ("book", "notebooks"):
        (root / folder).symlink_to(ROOT / folder)
    return root


def clear_caches() -> None:
    data._validated.cache_clear()
    data._load.cache_clear()


def test_release_records_every_figure_and_data_row(data_copy, book_root):
    path = editions.release("2026.1", RELEASED, root=book_root)
    recorded = json.loads(path.read_text(encoding="utf-8"))
    assert (recorded["edition"], recorded["released"]) == ("2026.1", "2026-01-15")
    assert {f["key"]: f["text"] for f in recorded["figures"]} == registry.substitutions()
    rates = recorded["data"]["basistilskudd_rates.csv"]
    assert editions.rows(rates)["2022-01-01"]["cells"]["rate_nok_per_patient"] == "653"
    assert editions.rows(rates)["2022-01-01"]["line"] == 6
    with pytest.raises(ValueError, match="already recorded"):
        editions.release("2026.1", RELEASED, root=book_root)


def test_no_change_since_the_edition_lists_nothing(data_copy, book_root):
    editions.release("2026.1", RELEASED, root=book_root)
    latest = editions.editions(book_root)[-1]
    assert editions.changes(latest, editions.registry_document(book_root)) == []


def test_a_changed_row_lists_exactly_the_figures_it_changes_and_why(data_copy, book_root):
    editions.release("2026.1", RELEASED, root=book_root)
    before = registry.substitutions()
    # The action plan total (KS) 1 600 → 1 700 million kr changes the plan and what depends on it.
    replace_in(data_copy / "figures.csv", "action_plan_total_official,1600,", "action_plan_total_official,1700,")
    clear_caches()
    after = registry.substitutions()
    expected = {key for key in after if after[key] != before[key]}
    assert "action_plan_total_official" in expected and len(expected) >= 2

    found = editions.changes(editions.editions(book_root)[-1], editions.registry_document(book_root))

    assert {c.key for c in found} == expected
    for change in found:
        assert (change.before, change.after) == (before[change.key], after[change.key])
        assert [r.describe() for r in change.why] == [
            # The figure's key is a code name: the changes table's first column names the figure instead.
            f"data/figures.csv, linje {line_of(data_copy / 'figures.csv', 'action_plan_total_official')}: "
            "value 1600 → 1700"
        ], change.key


def test_a_package_change_is_named_as_such(data_copy, book_root):
    editions.release("2026.1", RELEASED, root=book_root)
    latest = editions.editions(book_root)[-1]
    current = editions.registry_document(book_root)
    figure = next(f for f in current["figures"] if f["key"] == "ap_gap")
    figure["text"] = "annen tekst"  # as if the code computed it differently; no data row changed
    (change,) = editions.changes(latest, current)
    assert (change.key, change.why) == ("ap_gap", ())


# --- the sources' years of publication on the changes page ----------------------------------------------
NEW_SOURCE = "test_source_2026,Ny kilde til en test,Statistisk sentralbyrå,2026,https://www.ssb.no,2026-12-01,a test,\n"


def test_a_changed_figure_is_listed_and_the_sources_years_are_summed_up_in_one_sentence(data_copy, book_root):
    editions.release("2026.1", RELEASED, root=book_root)
    before = registry.substitutions()
    replace_in(data_copy / "figures.csv", "action_plan_total_official,1600,", "action_plan_total_official,1700,")
    replace_in(
        data_copy / "sources.csv",
        "Tidsskrift for Den norske legeforening,2022,",
        "Tidsskrift for Den norske legeforening,2023,",
    )
    with (data_copy / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write(NEW_SOURCE)
    clear_caches()
    after = registry.substitutions()
    changed = {key for key in after if after.get(key) != before.get(key)}
    # Thorsen mfl. (2022) now says 2023, and the new source has a year: two source years; the rest are figures.
    years = {"thorsen_2022_year", "test_source_2026_year"}
    assert years <= changed and "action_plan_total_official" in changed

    found = editions.changes(editions.editions(book_root)[-1], editions.registry_document(book_root))
    listed, summed_up = editions.split_source_years(found)

    assert {c.key for c in listed} == changed - years  # every changed data figure stays in the table
    assert {c.key for c in summed_up} == years
    n = len(changed) - len(years)
    words = fmt.count_words(n, "ett") if n <= 12 else fmt.number(n)
    assert editions.count_sentence(listed) == f"Siden da har {words} tall endret seg."
    sentence = editions.source_years_sentence(summed_up)
    assert "er det lagt til ett utgivelsesår og endret ett (Thorsen mfl. (2023): 2022 → 2023)." in sentence, sentence
    assert editions.source_years_sentence([]) == ""


def test_a_figure_is_a_source_year_exactly_when_it_is_the_year_of_a_source_in_the_data():
    """cpi_price_base_year and gp_scheme_start_year end in '_year' but are figures of the data, not attributions."""
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        expected = {f"{row['source_id']}_year" for row in csv.DictReader(handle)}
    figures = registry.prose_figures()
    found = {key for key, shown in figures.items() if source_years.is_year_of_its_source(key, shown.sources)}
    assert found == expected
    assert {"cpi_price_base_year", "gp_scheme_start_year"} <= set(figures) - found


def test_release_command_line_records_the_books_own_data(data_copy, book_root):
    (book_root / "data").symlink_to(data_copy)
    replace_in(data_copy / "figures.csv", "action_plan_total,1600,", "action_plan_total,1700,")
    args = ["release", "--edition", "2027.1", "--date", "2027-02-01", "--root", str(book_root)]
    env = {k: v for k, v in os.environ.items() if k != "FASTLEGE_DATA_DIR"}  # the root's data/, not another
    command = [sys.executable, "-m", "fastlege_book", *args]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    recorded = json.loads((book_root / "editions" / "2027.1" / "figures.json").read_text(encoding="utf-8"))
    assert editions.rows(recorded["data"]["figures.csv"])["action_plan_total"]["cells"]["value"] == "1700"
    again = subprocess.run(command, capture_output=True, text=True, env=env)
    assert again.returncode == 2 and "already recorded" in again.stderr and "Traceback" not in again.stderr


def test_release_without_a_name_is_refused():
    result = subprocess.run(
        [sys.executable, "-m", "fastlege_book", "release", "--edition", ""], capture_output=True, text=True
    )
    assert result.returncode == 2 and "is not a valid name" in result.stderr


def test_the_repository_has_a_first_edition():
    recorded = editions.editions(ROOT)
    assert recorded, "editions/ has no edition: run make release EDITION=<name>"
    assert all(set(e) >= {"edition", "released", "figures", "data", "data_version"} for e in recorded)


def line_of(path: Path, key: str) -> int:
    """The line of the row with this key in a CSV file (the header is line 1)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(key + ","))


# --- which data rows changed (fastlege_book.editions.row_changes) ---------------------------------------
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


def test_a_changed_source_is_named_as_the_text_cites_it(data_copy):
    change = editions.RowChange(
        "figures.csv", "a_key", 4, "changed", (("source_id", "ks_takst_2022", "af_123"),), "af_123"
    )
    # A code-name key is left out; each source as in the text's citations: author (year).
    assert change.describe() == ("data/figures.csv, linje 4: kilde KS (2022b) → Allmennlegeforeningen (2022)")
    gone = editions.RowChange("figures.csv", "a", 4, "changed", (("source_id", "not_a_source", ""),), "")
    assert gone.describe() == "data/figures.csv, linje 4 (a): kilde en fjernet kilde → ingen"


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


def test_a_changed_note_is_mentioned_not_quoted():
    only_note = editions.RowChange("sources.csv", "s", 5, "changed", (("note", "old comment", "new comment"),), "s")
    assert only_note.describe() == "data/sources.csv, linje 5 (s): merknad endret"
    both = editions.RowChange("sources.csv", "s", 5, "changed", (("year", "2021", "2022"), ("note", "a", "b")), "s")
    assert both.describe() == "data/sources.csv, linje 5 (s): year 2021 → 2022"
