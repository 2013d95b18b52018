"""A project folder builds its own data and package, also when it is a copy of a built folder.

An analyst tries a variant with `cp -a fastlegeordningen scenario` and a changed rate in the copy.
The build in the copy must publish the copy's numbers, computed by the copy's package, and leave
the original's outputs as they were. The test process's Python is the repository's environment,
whose editable install points at the repository, not at either folder: the situation of a copied or
moved folder whose environment still points at the original (the Makefile rebuilds such an
environment, scripts/venv_home.py; the build itself never relies on it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fastlege_book.layout import Layout
from fastlege_calc import action_plan, units
from tests.helpers import replace_in

from .conftest import build

NBSP = "\u00a0"


def kroner(amount: float) -> str:
    """An amount in whole kroner as the book writes it: 154 000 kr."""
    return f"{round(amount):,}".replace(",", NBSP) + f"{NBSP}kr"


def page(book: Path, name: str) -> str:
    return (Layout.here(book).site / f"{name}.html").read_text(encoding="utf-8")


def test_a_copy_of_a_built_folder_publishes_its_own_data_and_package(mini, tmp_path):
    copy = tmp_path / "scenario"
    shutil.copytree(mini, copy, symlinks=True)  # cp -a: the built folder with its _build
    # The copy's data: the rate under the break point from 1 January 2022, 653 → 660 kr, so the action
    # plan's rise for a list of 1 000 is (660 − 499) × 1 000 = 161 000 kr in the copy, 154 000 kr in the original.
    replace_in(copy / "data" / "basistilskudd_rates.csv", "2022-01-01,kneepoint,653,", "2022-01-01,kneepoint,660,")
    # The copy's package: Legeforeningen's estimate minus twice the plan, so the gap shrinks by one plan.
    replace_in(
        copy / "fastlege_calc" / "action_plan.py",
        "return legeforeningen_need_nok() - plan_total_nok()",
        "return legeforeningen_need_nok() - 2 * plan_total_nok()",
    )
    original_before = page(mini, "book/index")

    build(copy)

    # The gap as the original folder's package computes it (the repository's data: 3,2 mrd. kr), and as the
    # copy's does: need − 2 × plan = 3,2 mrd. − 1,6 mrd. = 1,6 mrd. kr.
    gap, copy_gap = action_plan.funding_gap_nok(), action_plan.funding_gap_nok() - action_plan.plan_total_nok()
    # ap_gap is computed from Legeforeningen's round figure: running text writes it as round ('3,2 milliarder kroner').
    gap_text, copy_gap_text = (units.prose_text(v, "nok", rounded=True) for v in (gap, copy_gap))
    assert gap_text != copy_gap_text
    in_copy, in_original = page(copy, "book/index"), page(mini, "book/index")
    assert kroner((660 - 499) * 1000) in in_copy and kroner((653 - 499) * 1000) not in in_copy
    assert copy_gap_text in in_copy and gap_text not in in_copy
    assert "Sats fra 1. januar 2022: 660,00 kr" in page(copy, "notebooks/beregning")
    assert in_original == original_before  # the original's outputs are untouched
    assert kroner((653 - 499) * 1000) in in_original and gap_text in in_original
    assert "Sats fra 1. januar 2022: 653,00 kr" in page(mini, "notebooks/beregning")
