"""Editions and "Endringer i tallene": which figures changed since the last edition, and why."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from fastlege_book import editions
from fastlege_calc import data, registry
from tests.helpers import ROOT, replace_in

from .bookutil import page_text

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
    assert rates["rows"]["2022-01-01"]["cells"]["rate_nok_per_patient"] == "653"
    assert rates["rows"]["2022-01-01"]["line"] == 6
    with pytest.raises(ValueError, match="already recorded"):
        editions.release("2026.1", RELEASED, root=book_root)


def test_no_change_since_the_edition_lists_nothing(data_copy, book_root):
    editions.release("2026.1", RELEASED, root=book_root)
    latest = editions.editions(book_root)[-1]
    assert editions.changes(latest, editions.registry_document(book_root)) == []


def test_a_changed_row_lists_exactly_the_figures_it_changes_and_why(data_copy, book_root):
    editions.release("2026.1", RELEASED, root=book_root)
    before = registry.substitutions()
    # The action plan total 1 600 → 1 700 million kr changes the plan and what depends on it.
    replace_in(data_copy / "figures.csv", "action_plan_total,1600,", "action_plan_total,1700,")
    clear_caches()
    after = registry.substitutions()
    expected = {key for key in after if after[key] != before[key]}
    assert "action_plan_total" in expected and len(expected) >= 2

    found = editions.changes(editions.editions(book_root)[-1], editions.registry_document(book_root))

    assert {c.key for c in found} == expected
    for change in found:
        assert (change.before, change.after) == (before[change.key], after[change.key])
        assert [r.describe() for r in change.why] == [
            f"data/figures.csv, linje {line_of(data_copy / 'figures.csv', 'action_plan_total')} "
            "(action_plan_total): value 1600 → 1700"
        ], change.key


def test_a_package_change_is_named_as_such(data_copy, book_root):
    editions.release("2026.1", RELEASED, root=book_root)
    latest = editions.editions(book_root)[-1]
    current = editions.registry_document(book_root)
    figure = next(f for f in current["figures"] if f["key"] == "ap_gap")
    figure["text"] = "annen tekst"  # as if the code computed it differently; no data row changed
    (change,) = editions.changes(latest, current)
    assert (change.key, change.why) == ("ap_gap", ())


def test_release_command_line(data_copy, book_root):
    args = ["release", "--edition", "2027.1", "--date", "2027-02-01", "--root", str(book_root)]
    result = subprocess.run([sys.executable, "-m", "fastlege_calc", *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (book_root / "editions" / "2027.1" / "figures.json").is_file()
    again = subprocess.run([sys.executable, "-m", "fastlege_calc", *args], capture_output=True, text=True)
    assert again.returncode == 2 and "already recorded" in again.stderr


def test_the_repository_has_a_first_edition():
    recorded = editions.editions(ROOT)
    assert recorded, "editions/ has no edition: run make release EDITION=<name>"
    assert all(set(e) >= {"edition", "released", "figures", "data", "data_version"} for e in recorded)


def test_built_changes_page_and_registry_agree_with_the_package(built_book):
    site = json.loads((built_book / "_build" / "html" / "_static" / "figures.json").read_text(encoding="utf-8"))
    assert {f["key"]: f["text"] for f in site["figures"]} == registry.substitutions()
    assert {f["key"]: f["pages"] for f in site["figures"]} == {
        r["key"]: r["pages"] for r in registry.records(built_book)
    }
    latest = editions.editions(built_book)[-1]
    expected = editions.changes(latest, editions.registry_document(built_book))
    text = page_text(built_book / "_build" / "html" / "book" / "endringer.html")
    assert f"Tallene sammenlignes med utgave {latest['edition']}" in text
    if expected:
        assert f"Siden da har {len(expected)} tall endret seg" in text
    else:
        assert "Ingen tall har endret seg siden den utgaven" in text


def line_of(path: Path, key: str) -> int:
    """The line of the row with this key in a CSV file (the header is line 1)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(key + ","))
