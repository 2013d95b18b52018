"""Nothing missing: every figure of the two source texts is shown in the chapter where it belongs.

The figures the source texts state are the rows of data/figures.csv whose source is one of the two
texts (plus the hours of the 2018 survey as the note quotes them, stored in working_hours_2018.csv).
Each has a home: the chapters a reader of the source texts would look for it in. A figure that drops
out of its chapter source fails here; tests/book/test_seed_coverage.py checks the built website and PDF.
"""

from __future__ import annotations

import pytest

from fastlege_calc import registry
from fastlege_calc.figures import all_figures
from tests.helpers import ROOT, normalise

SEED_SOURCES = {"af_123", "thorsen_2022"}


#: Where each figure of the source texts belongs: registry key → chapters that must show it.
#: The summary (one page since issue 16) keeps the figures of what the texts argued; the rest live in their chapters.
HOME = {
    # Source text 1, "Fastlegeordningen på 1-2-3"
    "action_plan_total": ("book/finansiering",),
    "action_plan_years": ("book/finansiering",),
    "action_plan_rise_per_patient_text": ("book/finansiering",),
    "action_plan_example_list_length": ("book/finansiering",),
    "salaried_gp_net_cost_low": ("book/finansiering", "book/under-press"),
    "salaried_gp_net_cost_high": ("book/finansiering", "book/under-press"),
    "legeforeningen_need_multiple": ("book/sammendrag", "book/finansiering"),
    "gp_scheme_start_year": ("book/hvorfor-viktig",),
    "consultations_per_year_text": ("book/hvorfor-viktig",),
    "handled_without_referral_share": ("book/hvorfor-viktig",),
    "scheme_cost_total_text": ("book/hvorfor-viktig",),
    "activity_based_share_text": ("book/finansiering",),
    "normal_week_hours": ("book/under-press",),
    "hours_mean_2018": ("book/sammendrag", "book/under-press"),
    "p75_share": ("book/under-press",),
    "hours_p75_text": ("book/under-press",),
    "p90_share": ("book/under-press",),
    "hours_p90_text": ("book/under-press",),
    # Source text 2, "Fastlegeordningen versjon 2.0 er mulig!"
    "patients_without_gp_text": ("book/sammendrag", "book/under-press"),
    "enthusiasm_years": ("book/under-press",),
    "budget_2023_proposal_year": ("book/finansiering",),
    "budget_2023_proposal_year_date": ("book/finansiering",),
    "tromso_decision_year": ("book/tromso",),
    "tromso_kneepoint_patients": ("book/tromso",),
    "tromso_reduced_list_share": ("book/tromso",),
    "tromso_career_horizon_years": ("book/tromso",),
    "proposal_basis_years": ("book/tiltak",),
}


#: Seed figures stored outside figures.csv: the survey hours as the note quotes them.
OUTSIDE_FIGURES_CSV = {"hours_mean_2018", "hours_p75_text", "hours_p90_text", "budget_2023_proposal_year_date"}


#: Figures the source texts give in words, and the chapters give in the same words: key → (page, words).
IN_WORDS = {
    "basistilskudd_fixed_cost_coverage_text": ("book/finansiering", "litt mer enn halvparten"),
    "tromso_further_cut_share": ("book/tromso", "litt over halvparten"),
}


#: Seed figures shown under another key with the same value and source: key → key shown.
SAME_AS = {"kneepoint_patients_text": "tromso_kneepoint_patients"}


def _seed_rows() -> dict:
    return {key: f for key, f in all_figures().items() if f.source_id in SEED_SOURCES}


def test_every_seed_figure_has_a_home():
    """A new row from a source text must be given a chapter here (or a reason it has none)."""
    homeless = sorted(set(_seed_rows()) - set(HOME) - set(IN_WORDS) - set(SAME_AS))
    assert not homeless, f"figures of the source texts with no chapter in HOME: {homeless}"


def test_the_lists_name_only_figures_that_exist():
    shown = registry.prose_figures()
    seed = _seed_rows()
    assert not set(HOME) - set(shown), f"HOME names unknown keys: {sorted(set(HOME) - set(shown))}"
    assert not (set(IN_WORDS) | set(SAME_AS)) - set(seed), "IN_WORDS and SAME_AS must name source-text rows"
    assert not OUTSIDE_FIGURES_CSV - set(HOME), "figures kept outside figures.csv must have a home"


@pytest.mark.parametrize("key", sorted(HOME))
def test_seed_figure_is_used_in_its_chapter(key):
    pages = registry.usage(ROOT).get(key, [])
    missing = [page for page in HOME[key] if page not in pages]
    assert not missing, f"{{{{ {key} }}}} is gone from {missing} (used on {pages or 'no page'})"


@pytest.mark.parametrize("key", sorted(IN_WORDS))
def test_seed_figure_given_in_words(key):
    page, words = IN_WORDS[key]
    expected_half = 1 / 2
    assert all_figures()[key].value == pytest.approx(expected_half), f"{key}: the words no longer fit the value"
    text = normalise((ROOT / f"{page}.md").read_text(encoding="utf-8"))
    assert words in text, f"{page}.md no longer says {words!r} ({key})"


@pytest.mark.parametrize("key", sorted(SAME_AS))
def test_seed_figure_shown_under_another_key(key):
    shown = registry.prose_figures()
    twin = SAME_AS[key]
    assert shown[key].value == shown[twin].value and shown[key].sources == shown[twin].sources
    assert registry.usage(ROOT).get(twin), f"{twin} (the same figure as {key}) is used on no page"
