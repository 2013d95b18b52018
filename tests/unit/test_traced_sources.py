"""Traced sources against the sources typed by hand before tracing: equal for every figure, or explained.

tests/unit/hand_typed_sources.json holds each figure's sources as fastlege_calc/registry.py typed them
(commit 790842c) for the data of that time. Since then every figure cites the rows its function reads.
Where the two differ, EXPLAINED says what the formula reads and why the hand-typed list said otherwise.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from fastlege_calc import registry
from tests.helpers import ROOT

HAND_TYPED = json.loads((ROOT / "tests" / "unit" / "hand_typed_sources.json").read_text(encoding="utf-8"))

TROMSO_ORDER = (
    "the same three sources in the order the formula reads them: the model's break point (Thorsen 2022), "
    "its start and cut share (Skalpellen 2022), the national rule of that day (Helsedirektoratet 2021)"
)

#: key → (sources typed by hand, sources traced now, why they differ).
EXPLAINED = {
    "ap_rise_per_patient": (
        ["af_123", "helfo_basistilskot", "wiki_percapita"],
        ["helfo_basistilskot", "wiki_percapita"],
        "the rise per patient is one rate minus another; the example list length (af_123) is not read",
    ),
    "measures_gps_needed_at_kneepoint": (
        ["hdir_ar_2023"],
        ["hdir_ar_2023", "thorsen_2022"],
        "the list length the GPs are counted at is the Tromsø model's break point, a row from Thorsen (2022)",
    ),
    "measures_additional_at_kneepoint": (
        ["hdir_ar_2023"],
        ["hdir_ar_2023", "thorsen_2022"],
        "as measures_gps_needed_at_kneepoint: the Tromsø break point is the list length",
    ),
    "measures_all_year": (
        ["ks_takst_2022", "skalpellen_2022", "thorsen_2022", "hdir_ar_2023"],
        ["hdir_ar_2023"],
        "the year of a register row; the last break-point rule only chooses the year (a dependency, not a "
        "source) and no Tromsø row is read",
    ),
    "measures_all_lists": (
        ["ks_takst_2022", "skalpellen_2022", "thorsen_2022", "hdir_ar_2023"],
        ["hdir_ar_2023"],
        "a count in the register row of that year, as measures_all_year",
    ),
    "measures_all_supplement_per_patient": (
        ["ks_takst_2022", "skalpellen_2022", "thorsen_2022", "hdir_ar_2023"],
        ["ks_takst_2022", "skalpellen_2022"],
        "the Tromsø share (Skalpellen 2022) of the last break-point rate (KS 2022); neither the model's break "
        "point nor the register is read",
    ),
    "measures_all_cost": (
        ["ks_takst_2022", "skalpellen_2022", "thorsen_2022", "hdir_ar_2023"],
        ["ks_takst_2022", "hdir_ar_2023", "skalpellen_2022", "thorsen_2022"],
        "the same four sources in the order the formula reads them: the rule, the register's lists, the "
        "Tromsø share, the model's break point",
    ),
    "measures_basis_share_last": (
        ["hdir_ar_2023", "ekspertutvalg_2023"],
        ["hdir_ar_2023"],
        "basis funding's share is computed from the fixed-price table alone; the expert committee's 50 % is "
        "its own figure (expert_committee_basis_income_share), which measures_half_increase now reads",
    ),
    "tromso_start_date": (
        ["hdir_hp_2021", "skalpellen_2022", "thorsen_2022"],
        ["skalpellen_2022"],
        "the start is the period of the Tromsø increase's row (Skalpellen 2022); no rate or break point is read",
    ),
    "tromso_supplement_per_patient": (
        ["hdir_hp_2021", "skalpellen_2022", "thorsen_2022"],
        ["skalpellen_2022", "hdir_hp_2021"],
        "the Tromsø share times the national rate on the start day; the model's break point is not read",
    ),
    "tromso_cut_list_before": (
        ["hdir_hp_2021", "skalpellen_2022", "thorsen_2022"],
        ["thorsen_2022"],
        "the list before the cut is the model's break point (Thorsen 2022) and nothing else",
    ),
    **{
        key: (
            ["hdir_hp_2021", "skalpellen_2022", "thorsen_2022"],
            ["thorsen_2022", "skalpellen_2022", "hdir_hp_2021"],
            TROMSO_ORDER,
        )
        for key in (
            "tromso_supplement_at_kneepoint",
            "tromso_cut_list_after",
            "tromso_cut_before_national",
            "tromso_cut_after_national",
            "tromso_cut_after_tromso",
            "tromso_cut_loss_national",
            "tromso_cut_gain_tromso",
        )
    },
}


@pytest.fixture(scope="module")
def traced() -> dict[str, registry.Shown]:
    figures = registry.prose_figures()
    read = {row.file for shown in figures.values() for row in shown.rows}
    known = set(HAND_TYPED["data_sha256"])  # files added since (the municipal data) are read by new figures only
    changed = [
        f
        for f in sorted(read & known)
        if hashlib.sha256((ROOT / "data" / f).read_bytes()).hexdigest() != HAND_TYPED["data_sha256"][f]
    ]
    if changed:
        pytest.skip(
            f"data/{', data/'.join(changed)} changed since the sources were typed by hand: they no longer apply"
        )
    return figures


def test_the_explanations_name_what_was_typed_then():
    for key, (typed, _, why) in EXPLAINED.items():
        assert HAND_TYPED["sources"][key] == typed, key
        assert why, key


def test_traced_sources_equal_the_hand_typed_ones_or_the_difference_is_explained(traced):
    differing = {}
    for key, typed in HAND_TYPED["sources"].items():
        now = list(traced[key].sources)
        if now != typed:
            differing[key] = now
    assert set(differing) == set(EXPLAINED), "unexplained differences: " + repr(
        {k: (HAND_TYPED["sources"][k], v) for k, v in differing.items() if k not in EXPLAINED}
    )
    for key, now in differing.items():
        assert now == EXPLAINED[key][1], key


def test_every_figure_of_that_time_is_still_there_and_cites_a_source(traced):
    assert set(HAND_TYPED["sources"]) <= set(traced)
    assert all(shown.sources for shown in traced.values())
