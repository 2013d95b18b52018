"""Issue 16: the corrections of FACTS-2026 §7, the contradictions the editor found, and the book's own voice.

Each correction is tested as its source states it, with the hand value written out and the source
named; each contradiction by comparing the two places that disagreed; the source-voice phrases of
EDITORIAL-REVIEW §2.2/§2.4/§2.6 by looking for them, unattributed, in the chapters this change rewrote.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fastlege_calc import action_plan, basistilskudd, calculator, discrepancies, registry
from fastlege_calc.data import load
from fastlege_calc.figures import figure
from fastlege_calc.sources import source
from tests.helpers import ROOT

#: The chapters whose voice and openings this change rewrote (issue 16, part 4).
CHAPTERS = ("hvorfor-viktig", "oppgaver", "under-press", "finansiering", "kommunene", "modeller")
ALL_PAGES = sorted((ROOT / "book").glob("*.md"))


def page(name: str) -> str:
    return (ROOT / "book" / f"{name}.md").read_text(encoding="utf-8")


def prose(text: str) -> str:
    """The page's running text: no front matter, code cells, directives' options or labels."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return "\n".join(line for line in text.splitlines() if not re.match(r"\s*(\(.*\)=|:)", line))


def sentences(text: str) -> list[str]:
    """The running text's sentences, each on one line (paragraphs joined, split after . ! ?)."""
    found = []
    for paragraph in re.split(r"\n\s*\n", prose(text)):
        joined = " ".join(line.strip() for line in paragraph.splitlines())
        found += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ{*])", joined) if s]
    return found


# --- 1. the corrections of FACTS-2026 §7, as the sources state them ---------------------------------------
def test_the_peak_without_a_gp_is_about_229_000_in_august_2023():
    # NRK, «Trenden har snudd …» (June 2024), citing Helsedirektoratet: about 229 000 in August 2023 (M).
    peak = figure("patients_without_gp_peak")
    assert (peak.value, peak.period, peak.source_id, peak.confidence, peak.rounded) == (
        229_000,
        "2023-08",
        "nrk_2024_trend",
        "M",
        True,
    )
    # Helsedirektoratet, statusrapport høsten 2023: 220 462 is the October 2023 value, its own row.
    october = figure("patients_without_gp_2023_10")
    assert (october.value, october.period, october.source_id) == (220_462, "2023-10", "hdir_status_h2023")
    assert peak.value > october.value


def test_the_sentence_calls_the_august_figure_the_highest_and_gives_october_as_october():
    sentence = registry.texts()["patients_without_gp_peak_sentence"].replace("\N{NO-BREAK SPACE}", " ")
    assert "høyeste i august 2023, med om lag 229 000" in sentence, sentence
    assert "220 462 i oktober 2023" in sentence, sentence
    assert sentence.index("høyeste") < sentence.index("229 000") < sentence.index("220 462"), sentence


def test_the_2018_register_counts_lists_without_a_gp():
    # Helsedirektoratet, Fastlegestatistikk 2018 (H): SSB's 4 814 lists exclude the 100 without a GP.
    row = load("gp_register").set_index("period_end").loc[dt.date(2018, 12, 31)]
    assert row.lists_total == 4814 + 100
    assert row.source_id == "hdir_fastlegestatistikk_2018"
    assert figure("hdir_2018_lists_with_gp").value == 4814
    assert figure("hdir_2018_lists_without_gp").value == 100
    assert figure("hdir_2018_patients_without_gp").value == 55_042


def test_both_income_figures_are_ssbs_for_two_groups():
    # SSB, Fastlegers inntekter og kostnader 2020: 1,71 mill. kr; KS quotes SSB's table for 3 066
    # representative self-employed GPs: 1,898 mill. kr (FACTS-2026 §7.4).
    assert figure("gp_income_2020_ssb").value == 1_710_000
    assert figure("gp_income_2020_ks").value == 1_898_000
    assert figure("gp_income_2020_ks_sample").value == 3066
    assert "SSB" in source("ks_inntekt")["note"]
    (row,) = [d for d in discrepancies.discrepancies() if d.text.key == "gp_income_2020_ssb"]
    assert "ikke funnet" not in row.explanation and "SSB" in row.explanation
    assert "brutto" not in page("modeller")


def test_the_rate_above_the_break_point_from_2022_is_stated_by_ks():
    # KS, Resultat av takstoppgjøret for legene 2021 (H): 653 kr under and 526 kr unchanged above the break point.
    rule = basistilskudd.rate_on(dt.date(2022, 1, 1))
    assert (rule.rate_nok_per_patient, rule.rate_above_kneepoint_nok_per_patient) == (653, 526)
    assert rule.source_id == "ks_takst_2021" and source("ks_takst_2021")["publisher"] == "KS"
    rows = load("basistilskudd_rates")
    note = rows[rows.valid_from == dt.date(2022, 1, 1)].note.iloc[0]
    assert "assum" not in note


def test_the_2024_regulation_is_of_tariffs_not_basistilskudd():
    # Helfo, «Endringer i takster for leger fra 1. juli 2024» (27.06.2024): takster, praksistilskudd and
    # fondsavsetninger +2,3 %, egenandeler +4,35 %; it does not say basistilskudd rose by 2,3 %.
    assert source("helfo_regulering_2024")["title"] == "Endringer i takster for leger fra 1. juli 2024"
    regulation = figure("regulation_2024_share")
    assert regulation.value == pytest.approx(0.023) and "basistilskudd" not in regulation.description
    for sentence in sentences(page("finansiering")):
        if "{{ regulation_2024_share }}" in sentence:
            assert "basistilskuddet med {{ regulation_2024_share }}" not in sentence, sentence


def test_the_11_bn_kr_comes_from_a_study_of_august_2022():
    # Dagens Medisin 2022-08-25 on a Helsedirektoratet study of August 2022 (M), not 2023.
    cost = figure("salaried_all_gps_cost")
    assert (cost.value, cost.period, cost.source_id, cost.confidence) == (11_000, "2022-08", "dagensmedisin_2022", "M")
    assert "{{ salaried_all_gps_cost_when }}" in page("modeller")


def test_the_9_percent_are_students_and_doctors_in_specialisation():
    # NRK 2019 on EY's evaluation: medical students and doctors in specialisation together (FACTS-2026 §7.8).
    share = figure("students_want_gp_share")
    assert share.value == pytest.approx(0.09) and "leger i spesialisering" in share.description
    (sentence,) = [s for s in sentences(page("under-press")) if "{{ students_want_gp_share }}" in s]
    assert "legene i spesialisering" in sentence


def test_the_75_hour_figure_is_from_the_2018_report():
    # TV2 (March 2018) and NPK (2018-03-06), reporting the Helsedirektoratet/NKLM report: 25 % above 62 hours,
    # 10 % above 75 hours (M). It is missing only from the two journal articles.
    assert figure("hours_2018_p90_report").value == 75
    assert figure("report_2018_above_75h_share").value == pytest.approx(0.10)
    assert figure("report_2018_above_62h_share").value == pytest.approx(0.25)
    (row,) = [d for d in discrepancies.discrepancies() if d.text.key == "hours_2018_p90_text"]
    assert row.official is not None and row.official.key == "hours_2018_p90_report"
    assert "har vi ikke funnet i de publiserte artiklene" not in page("under-press")


def test_the_two_editions_of_the_2019_list_length_differ_by_their_listed_patients():
    # Helsedirektoratet: årsrapport 2023 counts 5 311 792 listed patients with a GP for Q4 2019, the autumn-2023
    # status report 5 294 706: 17 086 fewer, hence 1 084 against 1 088 (FACTS-2026 §7.9).
    register_2019 = load("gp_register").set_index("period_end").loc[dt.date(2019, 12, 31)]
    assert register_2019.patients_with_gp - figure("patients_with_gp_2019_status").value == 17_086
    assert (register_2019.avg_list_length_patients, figure("avg_list_length_2019_status").value) == (1088, 1084)


# --- 2. the contradictions: two places compared ----------------------------------------------------------
def test_no_chapter_says_the_plan_adds_its_amount_over_four_years():
    # KS: 1,6 mrd. kr is the annual increase by 2024 against 2020, not a sum over four years.
    over_years = re.compile(r"over (\{\{ action_plan_years \}\}|fire|4) år")
    for path in ALL_PAGES:
        for sentence in sentences(path.read_text(encoding="utf-8")):
            if re.search(r"\{\{ (action_plan_total|action_plan_total_official|ap_need|ap_gap) \}\}", sentence):
                assert not over_years.search(sentence), f"{path.name}: {sentence}"
    assert action_plan.plan_total_nok() == figure("action_plan_total_official").value * 1_000_000


def test_the_summary_and_regn_selv_give_the_same_rise_for_a_list_of_1000():
    # Rates of 1 January 2022 (KS) against the flat rate of 1 July 2019: 653 × 1 000 − 499 × 1 000.
    expected = 653 * 1000 - 499 * 1000
    start = calculator.parameters()
    calculated = calculator.results(
        start["list_length_patients"],
        start["rate_up_to_kneepoint_nok"],
        start["rate_above_kneepoint_nok"],
        start["kneepoint_patients"],
    )["plan_effect"]
    summary = registry.prose_figures()["ap_annual_rise"].value
    assert start["list_length_patients"] == 1000
    assert calculated == summary == expected
    for name in ("regn-selv", "finansiering"):
        assert "{{ ap_annual_rise }}" in page(name), name
    # Wherever a page (the summary included) gives the rise for the example list, it is this figure.
    for path in ALL_PAGES:
        text = path.read_text(encoding="utf-8")
        for sentence in sentences(text):
            if "{{ action_plan_example_list_length }}" in sentence and re.search(
                r"\{\{ (ap_|action_plan_rise)", sentence
            ):
                assert "{{ ap_annual_rise }}" in sentence, f"{path.name}: {sentence}"


def test_the_154_kr_is_a_rise_since_2019_and_the_2022_step_was_11_kr():
    # 653 − 499 = 154 kr since the flat rate of 1 July 2019; the step on 1 January 2022 was 653 − 642 = 11 kr.
    shown = registry.prose_figures()
    assert shown["ap_rise_per_patient"].value == 653 - 499
    assert shown["ap_step_2022"].value == 653 - 642
    using = [p for p in ALL_PAGES if "{{ action_plan_rise_per_patient_text }}" in p.read_text(encoding="utf-8")]
    assert ROOT / "book" / "finansiering.md" in using
    for path in using:  # the note's figure is the note's, and the page says it is a rise since 2019
        text = path.read_text(encoding="utf-8")
        for said in [s for s in sentences(text) if "{{ action_plan_rise_per_patient_text }}" in s]:
            assert "Allmennlegeforeningen" in said, said
        assert "{{ bt_2019_07_01_date }}" in text, path.name
    assert "samlede" in page("finansiering")


def test_the_list_that_would_cover_a_salaried_gp_counts_the_break_point():
    # Up to 1 000 patients 154 kr each, above it 526 − 499 = 27 kr each (rates of 1 January 2022, KS).
    shown = registry.prose_figures()
    low = 1000 + (800_000 - 154 * 1000) / 27
    high = 1000 + (1_000_000 - 154 * 1000) / 27
    assert shown["ap_patients_to_match_low"].value == pytest.approx(low)
    assert shown["ap_patients_to_match_high"].value == pytest.approx(high)
    assert shown["ap_patients_to_match_low"].value != pytest.approx(800_000 / 154)


def test_basistilskudd_is_defined_as_patient_adjusted_since_may_2023():
    text = page("finansiering")
    assert "uansett hvor mye" not in text
    (definition,) = [p for p in re.split(r"\n\s*\n", text) if "1. **Basistilskudd**" in p]
    assert "pasienttilpasset" in definition and "{{ bt_2023_05_01_date }}" in definition
    assert basistilskudd.rate_on(dt.date(2023, 5, 1)).scheme == "patient_adjusted"


def test_the_appendix_says_the_article_cites_a_source_for_its_250_000():
    # Thorsen, Johnsen og Figenschou cite their reference 1 (Kristoffersen, Tidsskr 2022) for the sentence.
    (row,) = [d for d in discrepancies.discrepancies() if d.official and d.official.key.startswith("register_2022")]
    assert "ingen kilde" not in row.explanation and "referanse" in row.explanation


# --- 3. the book's own voice in the chapters rewritten ----------------------------------------------------
#: Phrases the review quotes as a source's claim in the book's own voice (EDITORIAL-REVIEW §2.2, §2.4, §2.6).
CLAIMS = (
    "forsterker seg selv",
    "bruker ressursene svært effektivt",
    "lønner seg ikke for samfunnet",
    "må tas vare på",
    "ikke er kompensert",
    "Arbeidstiden har økt kraftig",
    "gjør det umulig for en næringsdrivende",
    "god kontroll over kostnadene",
    "møtte kritikk",
    "urimelige behandling",
    "bekymringsfull tro",
    "helt nødvendige",
    "kritisk lav",
)
#: Who and how: the sentence names the party and says it is their view.
ATTRIBUTED = re.compile(
    r"(Allmennlegeforeningen|Legeforeningen|[Ff]oreningen|Thorsen|[Ff]orfatterne|KS|NRK|NPK)\b[^.]*"
    r"\b(mente|mener|skrev|skriver|anslo|anslår|kalte|beskrev|fryktet)\b"
    r"|\b(ifølge|Ifølge) (Allmennlegeforeningen|foreningen|forfatterne|KS|NRK|NPK)"
    r"|det (forfatterne|de|foreningen) kalte"
)
#: Words the review names as evaluative in the book's own voice, and the journal named for three authors.
NEVER = (r"\b[Bb]are \{\{", r"det anerkjente", r"ifølge Tidsskriftet", r"Tidsskriftet skrev", r"Dette kapitlet")


@pytest.mark.parametrize("name", CHAPTERS)
def test_a_source_texts_claim_is_attributed_inside_its_sentence(name):
    for sentence in sentences(page(name)):
        for claim in CLAIMS:
            if claim.lower() in sentence.lower():
                assert ATTRIBUTED.search(sentence), f"{name}: «{claim}» in the book's own voice: {sentence}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_evaluative_word_or_journal_attribution_in_the_books_voice(name):
    text = prose(page(name))
    for pattern in NEVER:
        assert not re.search(pattern, text), f"{name}: {pattern}"


def test_the_register_sentence_on_practice_models_says_no_bare():
    assert " bare " not in registry.texts()["models_lists_sentences"]


def test_the_check_finds_an_unattributed_claim_and_accepts_an_attributed_one():
    assert not ATTRIBUTED.search("Fastlegeordningen bruker ressursene svært effektivt.")
    assert ATTRIBUTED.search(
        "Allmennlegeforeningen skrev i {{ af_123_year }} at ordningen bruker ressursene svært effektivt."
    )
    assert re.search(NEVER[0], "Bare {{ referred_share }} går videre.")


def test_the_pressure_chapters_headings_describe():
    headings = [line for line in page("under-press").splitlines() if line.startswith("#")]
    argued = ("svikter", "langt over det normale", "ikke mer inntekt", "Flere står uten", "som manglet", "under press")
    for heading in headings:
        assert not any(word in heading for word in argued), heading


def test_the_patient_adjusted_basistilskudd_has_the_other_sides_reason_or_says_not_found():
    (paragraph,) = [p for p in re.split(r"\n\s*\n", page("finansiering")) if "møtte kritikk" in p]
    assert "begrunnelse" in paragraph and "ikke funnet" in paragraph


@pytest.mark.parametrize("name", CHAPTERS)
def test_each_chapter_opens_with_findings_and_their_numbers(name):
    text = prose(page(name))
    body = text.split("\n# ", 1)[1].split("\n", 1)[1]
    first = next(p for p in re.split(r"\n\s*\n", body) if p.strip())
    assert len(re.findall(r"\{\{ \w+ \}\}", first)) >= 2, f"{name}: {first}"
    assert "Dette kapitlet" not in first and "kapitlet forklarer" not in first
