"""The chapter Ansvar og penger: nominal and real cost growth, who pays, who decides, from data."""

from __future__ import annotations

import re

import pytest

from fastlege_calc import cost_growth, data, registry
from tests.helpers import ROOT, normalise, replace_in

CHAPTER = ROOT / "book" / "ansvar-og-penger.md"


def _row(year: int):
    table = data.load("cost_per_inhabitant")
    return table[table.year == year].iloc[0]


def test_the_rows_the_hand_calculations_use_are_the_data():
    # Helsedirektoratet, Arbeidet med allmennlegetjenesten, ch. 4.7, tables 4.9–4.10
    assert (_row(2019).nok_per_inhabitant, _row(2019).nok_per_inhabitant_fixed_prices) == (1946, 2333)
    assert (_row(2024).nok_per_inhabitant, _row(2024).nok_per_inhabitant_fixed_prices) == (2765, 2765)
    assert set(data.load("cost_per_inhabitant").price_base_year) == {2024}


def test_real_growth_equals_the_hand_calculation_from_the_fixed_price_rows():
    expected = 2765 / 2333 - 1  # 2024 and 2019 in 2024 prices: 0,1852
    assert cost_growth.real_growth_share(2019, 2024) == pytest.approx(expected)
    shown = registry.prose_figures()["cost_growth_real"]
    assert shown.value == pytest.approx(expected)
    assert normalise(shown.text) == "18,5 %"  # the review's 18,5 %, computed


def test_nominal_growth_equals_the_hand_calculation_from_the_current_price_rows():
    expected = 2765 / 1946 - 1  # 2024 and 2019 in current prices: 0,4209
    assert cost_growth.nominal_growth_share(2019, 2024) == pytest.approx(expected)
    shown = registry.prose_figures()["cost_growth_nominal"]
    assert shown.value == pytest.approx(expected)
    assert normalise(shown.text) == "42,1 %"


def test_the_sentence_names_nominal_and_real_growth_and_the_price_year():
    sentence = normalise(registry.phrases()["cost_growth_sentence"].text)
    assert "løpende priser" in sentence and "nominelt" in sentence
    assert "faste 2024-priser" in sentence and "reelle" in sentence
    assert "en økning på 42,1 %" in sentence and "en økning på 18,5 %" in sentence


def test_a_changed_row_changes_the_sentence(data_copy):
    # 2019 in 2024 prices raised above the 2024 cost: real growth becomes a fall of 2 765 / 3 000 − 1 = −7,8 %
    replace_in(data_copy / "cost_per_inhabitant.csv", "2019,1946,2333,2024,", "2019,1946,3000,2024,")
    sentence = normalise(registry.phrases()["cost_growth_sentence"].text)
    expected = 2765 / 3000 - 1
    assert round(expected * 100, 1) == -7.8
    assert "reelle endringen var en nedgang på 7,8 %" in sentence
    assert "3 000 kr per innbygger" in sentence
    assert "en økning på 42,1 % nominelt" in sentence  # the current prices did not change
    short = normalise(registry.phrases()["cost_growth_real_sentence"].text)
    assert short == "Regnet i faste 2024-priser var den reelle endringen fra 2019 til 2024 en nedgang på 7,8 %"


def test_fixed_prices_in_two_price_years_are_refused(data_copy):
    replace_in(data_copy / "cost_per_inhabitant.csv", "2019,1946,2333,2024,", "2019,1946,2333,2023,")
    with pytest.raises(ValueError, match="one year's prices"):
        cost_growth.price_base_year()


def test_the_payers_shares_are_the_cost_rows_of_the_latest_year():
    # scheme_cost_fixed_prices.csv, 2023: basis 4 516, refunds 7 291, patient payment 2 232
    shares = cost_growth.payer_shares(2023)
    total = 4516 + 7291 + 2232
    assert shares["basis_funding"] == pytest.approx(4516 / total)
    assert shares["refunds"] == pytest.approx(7291 / total)
    assert shares["patient_payment"] == pytest.approx(2232 / total)
    assert registry.prose_figures()["payer_refunds_share_last"].value == pytest.approx(7291 / total)


def test_the_responsibility_table_has_every_row_with_its_source_and_no_code():
    markdown = cost_growth.responsibilities_table().data
    table = data.load("responsibilities")
    rows = [line for line in markdown.splitlines() if line.startswith("| ")][1:]
    assert len(rows) == len(table)
    for line, (actor, source) in zip(rows, zip(table.actor, table.source_id, strict=True), strict=True):
        assert line.startswith(f"| {actor} |") and "{cite:p}`" + source + "`" in line
    assert not re.search(r"\| (decides|negotiates|administers|pays) \|", markdown)


def test_the_chapter_follows_the_chapter_on_why_the_scheme_matters():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert toc.index("book/hvorfor-viktig") < toc.index("book/ansvar-og-penger") < toc.index("book/oppgaver")
    text = CHAPTER.read_text(encoding="utf-8")
    for call in ("responsibilities_table()", "payers_table()", "cost_per_inhabitant_table()"):
        assert f"cost_growth.{call}" in text
    assert "{{ cost_growth_sentence }}" in text.split("##")[0]  # a finding opens the chapter


def test_the_2026_budget_figure_is_called_a_satsing_not_the_budget_for_gp_services():
    """115 mill. kr is the new spending (the figure's row: «Satsing på allmennlegetjenester»), not the whole budget.

    Every page that shows it says «en satsing på» before it, so a reader does not take it for the appropriation.
    """
    assert registry.prose_figures()["budget_2026_gp_services"].description.startswith("Satsing på")
    shown = 0
    for page in sorted((ROOT / "book").glob("*.md")):
        text = " ".join(page.read_text(encoding="utf-8").split())
        for match in re.finditer(r"\{\{ budget_2026_gp_services \}\}", text):
            shown += 1
            assert text[max(0, match.start() - 20) : match.start()].endswith("en satsing på "), page.name
    assert shown >= 2
