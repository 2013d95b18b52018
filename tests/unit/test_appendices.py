"""The appendices without a build: the discrepancy table from data, refused input, the BibTeX names."""

from __future__ import annotations

import re

import pytest

from fastlege_calc import data, discrepancies, registry, sources
from fastlege_calc.data import DataError
from tests.helpers import ROOT, replace_in


# --- the discrepancy table, from data ------------------------------------------------------------
def test_every_pair_in_the_data_is_a_row_of_the_table_with_both_numbers():
    frame = data.load("discrepancies")
    shown = registry.prose_figures()
    rows = discrepancies.rows()
    assert len(rows) == len(frame)
    for number, (row, pair) in enumerate(zip(rows, frame.itertuples(index=False), strict=True), start=1):
        assert row["Nr."] == str(number)
        assert shown[pair.text_key].text in row["Kildeteksten eller rapporten sier"]
        if isinstance(pair.official_key, str):
            assert shown[pair.official_key].text in row["Offisiell statistikk"]
        else:
            assert row["Offisiell statistikk"] == discrepancies.MISSING


def test_the_numbers_in_the_table_are_the_stored_values_in_norwegian_format():
    figures = data.load("figures").set_index("key")
    register = data.load("gp_register").set_index("period_end")
    by_key = {d.text.key: d for d in discrepancies.discrepancies()}
    text = by_key["patients_without_gp_text"]
    assert text.text.value == figures.loc["patients_without_gp_text", "value"]
    official = next(d.official for d in discrepancies.discrepancies() if d.official.key.startswith("register_2022"))
    expected = register[[str(p).startswith("2022-12") for p in register.index]].patients_without_gp.iloc[0]
    assert official.value == expected
    # Norwegian grouping: a (no-break) space between thousands, never a comma or a point.
    assert re.fullmatch(r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+", official.text)
    hours = by_key["hours_2018_p75_text"]
    assert hours.official.text.startswith(f"{int(hours.official.value)},")  # decimal comma: 62,2 timer


def test_explanations_carry_no_typed_numbers():
    for d in discrepancies.discrepancies():
        assert not re.search(r"\d", d.difference + d.explanation), d


def test_every_source_text_figure_with_an_official_counterpart_in_facts_is_compared():
    compared = {(d.text.key, d.official.key if d.official else None) for d in discrepancies.discrepancies()}
    for pair in [
        ("patients_without_gp_text", "patients_without_gp_peak"),
        ("action_plan_rise_per_patient_text", "ap_rise_per_patient"),
        ("consultations_per_year_text", "consultations_2019"),
        ("scheme_cost_total_text", "scheme_cost_2019_total_published"),
        ("activity_based_share_text", "activity_share_2019"),
        ("hours_2018_p75_text", "hours_2018_p75"),
        ("hours_2018_p90_text", "hours_2018_p90_report"),
        ("avg_list_length_2019_status", "register_2019_avg_list_length"),
    ]:
        assert pair in compared


def test_an_unknown_figure_key_names_file_row_and_column(data_copy):
    replace_in(data_copy / "discrepancies.csv", "consultations_2023_ssb", "consultations_2024_ssb")
    with pytest.raises(DataError) as info:
        discrepancies.check()
    error = info.value
    assert (error.file, error.line, error.column) == ("discrepancies.csv", 7, "official_key")
    assert "consultations_2024_ssb" in error.rule and "[foreign-key]" in error.rule


def test_an_unknown_source_names_file_row_and_column(data_copy):
    replace_in(data_copy / "discrepancies.csv", ",ks_inntekt\n", ",ks_inntekt_2099\n")
    with pytest.raises(DataError) as info:
        data.validate(data_copy)
    error = info.value
    assert (error.file, error.line, error.column) == ("discrepancies.csv", 13, "source_id")
    assert "ks_inntekt_2099" in error.rule


def test_digits_in_an_explanation_are_refused(data_copy):
    replace_in(data_copy / "discrepancies.csv", "Notatet runder av til hele timer.", "Notatet runder til 62 timer.")
    with pytest.raises(DataError) as info:
        data.validate(data_copy)
    assert (info.value.file, info.value.line, info.value.column) == ("discrepancies.csv", 10, "explanation")


def test_a_malformed_author_list_is_refused(data_copy):
    replace_in(data_copy / "sources.csv", '"Thorsen, Olav; Johnsen', '"Thorsen Olav; Johnsen')
    with pytest.raises(DataError) as info:
        data.validate(data_copy)
    assert (info.value.file, info.value.line, info.value.column) == ("sources.csv", 3, "author")


# --- the reference list ---------------------------------------------------------------------------
def test_personal_authors_become_bibtex_names_and_the_publisher_howpublished():
    bib = sources.bibtex()
    entry = bib[bib.index("@misc{thorsen_2022") :].split("\n}\n")[0]
    assert "author = {Thorsen, Olav and Johnsen, Tor Magne and Figenschou, Lise}" in entry
    assert "howpublished = {Tidsskrift for Den norske legeforening}" in entry
    assert "urldate = {4. juli 2026}" in entry
    assert sources.short_label("morken_2019") == "Morken mfl. (2019)"


def test_kilder_and_ordliste_sources_exist():
    assert (ROOT / "book" / "kilder.md").is_file() and (ROOT / "book" / "ordliste.md").is_file()


def test_a_sentence_that_says_another_page_gives_a_figure_names_only_pages_that_show_it():
    """'… den samme økningen som kapitlet X oppgir, {{ ap_annual_rise }}': X shows that figure.

    The calculator said the summary gave the 154 000 kr too, after the summary had stopped showing it.
    """
    from tests.unit.test_terms_and_voice import sentences

    labels = {}
    for page in (ROOT / "book").glob("*.md"):
        for label in re.findall(r"^\((kap-[\w-]+)\)=", page.read_text(encoding="utf-8"), re.M):
            labels[label] = f"book/{page.stem}"
    shown_on = registry.usage(ROOT)
    checked = 0
    for page in sorted((ROOT / "book").glob("*.md")):
        for _, sentence in sentences(page.read_text(encoding="utf-8")):
            if not re.search(r"\b(oppgir|oppga)\b", sentence) or "{{" not in sentence:
                continue
            named = [labels[label] for label in re.findall(r"\{ref\}`(kap-[\w-]+)`", sentence)]
            named += ["book/sammendrag"] if re.search(r"\bsammendraget\b", sentence) else []
            for key in registry.SUBSTITUTION.findall(sentence):
                for other in named:
                    checked += 1
                    assert other in shown_on.get(key, []), f"{page.name}: «{sentence}» — {other} does not show {key}"
    assert checked
