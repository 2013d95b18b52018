"""Which pages a change re-reads and which notebooks it re-executes (fastlege_book.incremental).

Each test borrows the built fixture book (`mini_scenario`), changes one thing, rebuilds with the real
build command, and reads the answer from the doctrees (re-read) and the execution log (executed).
The fixture book: book/index shows figures computed from the rates and figures tables, book/rolig
shows none, book/endringer compares every figure with the latest edition, notebooks/beregning
imports the calculation package and reads the rates table.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from fastlege_book import editions
from fastlege_book.layout import Layout
from tests.helpers import build_env, replace_in, reread_and_executed

from .conftest import build

EVERY_PAGE = {"book/index", "book/rolig", "book/endringer", "notebooks/beregning"}


def html_times(book: Path) -> dict[str, int]:
    """Page → modification time of its published HTML file."""
    site = Layout.here(book).site
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def page(book: Path, name: str) -> str:
    return (Layout.here(book).site / f"{name}.html").read_text(encoding="utf-8")


def test_without_the_stamp_sphinx_runs_and_finds_nothing_to_reread(mini_scenario):
    book = mini_scenario
    Layout.here(book).stamp("html").unlink()
    reread, executed, result = reread_and_executed(book, lambda: build(book))
    assert "Running Jupyter-Book" in result.stdout
    assert (reread, executed) == (set(), [])


def test_a_changed_csv_value_rereads_the_pages_that_use_it_and_runs_only_their_notebook(mini_scenario):
    book = mini_scenario
    # The rate under the break point from 1 January 2022: 653 → 660 kr, so the action plan's rise for a
    # list of 1 000 becomes (660 − 499) × 1 000 = 161 000 kr.
    replace_in(book / "data" / "basistilskudd_rates.csv", "2022-01-01,kneepoint,653,", "2022-01-01,kneepoint,660,")
    reread, executed, _ = reread_and_executed(book, lambda: build(book))
    assert reread == {"book/index", "book/endringer", "notebooks/beregning"}  # not book/rolig
    assert executed == ["notebooks/beregning"]
    expected_rise = (660 - 499) * 1000
    assert f"{expected_rise:,}".replace(",", "\u00a0") + "\u00a0kr" in page(book, "book/index")
    assert "Sats fra 1. januar 2022: 660,00 kr" in page(book, "notebooks/beregning")
    changes = page(book, "book/endringer")
    assert "data/basistilskudd_rates.csv, linje 6 (2022-01-01): rate_nok_per_patient 653 → 660" in changes


def test_a_changed_calculation_rereads_the_pages_showing_it_and_reruns_the_notebooks_importing_the_package(
    mini_scenario,
):
    book = mini_scenario
    # The changes page compares with the latest edition. Record one of the fixture book as it is, so that
    # the calculation is the only change since (the repository's data has moved on since its last edition,
    # and a changed row that shares a source with a figure is named as a possible reason).
    released = dt.date.fromisoformat(editions.editions(book)[-1]["released"]) + dt.timedelta(days=1)
    release = [sys.executable, "-m", "fastlege_book", "release", "--edition", "test", "--date", str(released)]
    result = subprocess.run(release, cwd=book, env=build_env(), capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    build(book)
    # Legeforeningen's estimate minus (wrongly, but visibly) twice the plan, instead of once.
    replace_in(
        book / "fastlege_calc" / "action_plan.py",
        "return legeforeningen_need_nok() - plan_total_nok()",
        "return legeforeningen_need_nok() - 2 * plan_total_nok()",
    )
    before = page(book, "book/index")
    reread, executed, _ = reread_and_executed(book, lambda: build(book))
    # book/index shows ap_gap; book/endringer depends on the package; the notebook imports it.
    assert reread == {"book/index", "book/endringer", "notebooks/beregning"}
    assert executed == ["notebooks/beregning"]
    assert page(book, "book/index") != before
    assert "Endret beregning i programkoden" in page(book, "book/endringer")


def test_an_edit_to_the_build_package_rewrites_every_page_and_runs_no_notebook(mini_scenario):
    book = mini_scenario
    written_before = html_times(book)
    layout = book / "fastlege_book" / "pdf" / "assemble.py"  # the PDF's layout, a part of the build package
    layout.write_text(layout.read_text(encoding="utf-8") + "\n# an edit to the build package\n", encoding="utf-8")
    reread, executed, _ = reread_and_executed(book, lambda: build(book))
    assert (reread, executed) == (set(), [])
    written_after = html_times(book)
    rewritten = {name.removesuffix(".html") for name in written_after if written_after[name] != written_before[name]}
    assert EVERY_PAGE <= rewritten


def test_an_edited_page_is_the_only_page_reread(mini_scenario):
    book = mini_scenario
    (book / "book" / "rolig.md").write_text("# En side uten tall\n\nNy tekst uten tall.\n", encoding="utf-8")
    reread, executed, _ = reread_and_executed(book, lambda: build(book))
    assert (reread, executed) == ({"book/rolig"}, [])
    assert "Ny tekst uten tall." in page(book, "book/rolig")
