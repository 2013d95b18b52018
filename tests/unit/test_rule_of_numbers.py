"""The rule of numbers: no figure is typed into the prose; every number comes from fastlege_calc."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fastlege_calc import registry
from tests.helpers import ROOT

PAGES = sorted([*(ROOT / "book").glob("*.md"), *(ROOT / "notebooks").glob("*.md")])

#: Digits that are names, not figures, each with the reason it is allowed.
ALLOWED_TERMS = [
    r"8\.2-avtale\w*",  # the name of an agreement type (term of art)
    r"covid-19",  # the name of a disease
    r"på 1-2-3",  # the title of source text 1
    r"versjon 2\.0",  # the title of source text 2
    r"CC BY 4\.0",  # the name of a licence
    r"tabell 12005",  # the name of SSB's statistics table (Fastlegelister og fastlegekonsultasjoner)
    r"(?:Meld\. St\.|Prop\.|Innst\.) \d+(?: S)?",  # the names of a white paper, a bill, a recommendation
    r"LIS1",  # the name of the first part of doctors' specialisation
    r"(?:SFS|ASA) \d+",  # the names of KS's agreements with Legeforeningen (særavtalen, rammeavtalen)
]
YEAR = r"(?<!\d)(?<!\d[,.])(?:19|20)\d\d(?!\d|[,.]\d)"  # calendar years are not figures
LIST_NUMBER = r"^\s*\d+\.\s"  # numbered list items
SUBSTITUTION = r"\{\{[^}]*\}\}"
SUBSTITUTION_KEY = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _prose_lines(text: str) -> list[tuple[int, str]]:
    """The lines a reader sees as prose, with line numbers: no front matter, code, options or targets."""
    lines = text.splitlines()
    out, fence, in_front_matter = [], None, lines[:1] == ["---"]
    for number, line in enumerate(lines, start=1):
        if in_front_matter:
            in_front_matter = not (number > 1 and line == "---")
            continue
        opening = re.match(r"^(`{3,}|~{3,})\s*(\{([\w:-]+)\})?\s*(\S*)", line)
        if fence is None and opening:
            directive = opening.group(3)
            fence = (opening.group(1), directive is None or directive in {"code-cell", "code-block", "code"})
            continue
        if fence is not None:
            if line.startswith(fence[0]) and line.strip() == fence[0]:
                fence = None
                continue
            is_code = fence[1]
            caption = re.match(r"^\s*caption:\s*(.*)$", line)
            if is_code and not caption:
                continue
            if caption:
                line = caption.group(1)
            elif re.match(r"^:[\w-]+:", line):
                continue  # directive options
        if re.match(r"^\(.*\)=\s*$", line):
            continue  # reference targets
        out.append((number, line))
    return out


def typed_numbers(text: str) -> list[tuple[int, str]]:
    """Every digit sequence a writer typed into the prose, with its line number."""
    found = []
    for number, line in _prose_lines(text):
        line = re.sub(SUBSTITUTION, " ", line)
        line = re.sub(r"`[^`]*`", " ", line)  # inline code and roles such as {numref}`fig-x`
        line = re.sub(r"\]\([^)]*\)", "]", line)  # link targets
        line = re.sub(r"https?://\S+", " ", line)
        for term in ALLOWED_TERMS:
            line = re.sub(term, " ", line, flags=re.IGNORECASE)
        line = re.sub(LIST_NUMBER, " ", line)
        line = re.sub(YEAR, " ", line)
        found += [(number, match) for match in re.findall(r"\d[\d\s,.]*", line)]
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_figure_is_typed_into_the_prose(page: Path):
    typed = typed_numbers(page.read_text(encoding="utf-8"))
    assert typed == [], f"{page.relative_to(ROOT)}: figures typed by hand (line, text): {typed}"


@pytest.mark.parametrize(
    "prose",
    [
        "Om lag 70 % av inntektene er aktivitetsbaserte.",
        "Handlingsplanen gir 1,6 mrd. kroner.",
        "En liste på 1\u00a0000 pasienter.",
        "Fastlegene jobber 55,6 timer i uken.",
        "Satsen gjaldt fra 1. januar 2022.",
        "Kostnaden var 2023,5 millioner.",
        "```{code-cell} ipython3\n---\nmystnb:\n  figure:\n    caption: Satser fra 2022, 653 kr.\n---\nx\n```",
    ],
)
def test_the_check_catches_a_typed_figure(prose):
    assert typed_numbers(prose), prose


@pytest.mark.parametrize(
    "prose",
    [
        "Ordningen ble innført i 2001.",
        "1. Basistilskudd fra kommunen",
        "Satsen var {{ bt_2019_07_01 }} fra {{ bt_2019_07_01_date }}.",
        "Se {numref}`fig-2` og `python -m fastlege_calc figures`.",
        "Næringsdrivende med 8.2-avtale.",
        "```{code-cell} ipython3\nx = 1600000\n```",
        "---\njupytext:\n  format_version: 0.13\n---\nTekst.",
    ],
)
def test_the_check_allows_years_lists_substitutions_and_code(prose):
    assert typed_numbers(prose) == [], prose


#: Words about time and order a writer must not type beside a figure: they come from the rows (fastlege_calc.phrases).
TYPED_TIME = re.compile(
    r"\b(januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|høsten|våren|"
    r"sommeren|vinteren|forsommeren|ved utgangen av)\b",
    re.IGNORECASE,
)
TYPED_ORDER = re.compile(r"\b(høyeste|laveste|flest|færrest|på toppen|hvert år)\b", re.IGNORECASE)
#: A comparison of two figures: a verb of change with "fra … til" between two substitutions.
TYPED_CHANGE = re.compile(r"\b(steg|falt|økte|sank|vokste|gikk (?:opp|ned))\b[^.]*\bfra\b[^.]*\btil\b")


def sentences_with_figures(text: str) -> list[tuple[int, str]]:
    """Each prose sentence that shows a figure ({{ key }}), with the line it starts on."""
    found, paragraph = [], []
    for number, line in [*_prose_lines(text), (0, "")]:
        if line.strip():
            paragraph.append((number, line.strip()))
            continue
        joined = " ".join(part for _, part in paragraph)
        start = paragraph[0][0] if paragraph else 0
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ{*])", joined):
            if "{{" in sentence:
                found.append((start, sentence))
        paragraph = []
    return found


def typed_time_and_order(text: str) -> list[tuple[int, str]]:
    """Years, months, seasons, 'highest' and comparisons of two figures typed beside a figure, by sentence."""
    found = []
    for line, sentence in sentences_with_figures(text):
        prose = re.sub(r"`[^`]*`", " ", sentence)
        words = re.sub(SUBSTITUTION, " ", prose)
        hits = re.findall(YEAR, words) + [m.group(0) for m in TYPED_TIME.finditer(words)]
        hits += [m.group(0) for m in TYPED_ORDER.finditer(words)]
        if len(SUBSTITUTION_KEY.findall(prose)) >= 2:
            hits += [m.group(0) for m in TYPED_CHANGE.finditer(re.sub(SUBSTITUTION, "X", prose))]
        found += [(line, hit) for hit in hits]
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_time_or_order_is_typed_beside_a_figure(page: Path):
    typed = typed_time_and_order(page.read_text(encoding="utf-8"))
    assert typed == [], f"{page.relative_to(ROOT)}: words about time or order typed beside a figure: {typed}"


@pytest.mark.parametrize(
    "prose",
    [
        "Det høyeste tallet er {{ patients_without_gp_peak }} i oktober 2023.",
        "Ved utgangen av {{ register_first_year }} var det {{ register_patients_without_gp_first }}.",
        "Antallet økte fra {{ register_gps_first }} til {{ register_gps_latest }}.",
        "Konsultasjoner i 2019: {{ consultations_2019 }}.",
        "Høsten 2020 svarte {{ tromso_gps_seeking_other_job }} at de søkte annen jobb.",
    ],
)
def test_the_check_catches_typed_time_and_order(prose):
    assert typed_time_and_order(prose), prose


@pytest.mark.parametrize(
    "prose",
    [
        "{{ register_without_gp_course }}. Trønderopprøret kom i 2017.",
        "Helsedirektoratet talte {{ consultations_2019 }} konsultasjoner {{ consultations_2019_when }}.",
        "LEON betyr laveste effektive omsorgsnivå.",
    ],
)
def test_the_check_allows_generated_words_and_sentences_without_figures(prose):
    assert typed_time_and_order(prose) == [], prose


def test_every_substitution_used_in_the_book_exists():
    known = registry.texts()
    for page in PAGES:
        used = set(SUBSTITUTION_KEY.findall(page.read_text(encoding="utf-8")))
        assert used <= set(known), f"{page.name} uses unknown keys {sorted(used - set(known))}"


def test_substitutions_are_formatted_the_norwegian_way():
    for key, text in registry.substitutions().items():
        assert text.strip(), key
        assert not re.search(r"\d\.\d", text), f"{key}: English decimal point in {text!r}"
        assert not re.search(r"\d{4,}", re.sub(YEAR, "", text)), f"{key}: ungrouped digits in {text!r}"
        assert "nan" not in text.lower() and "none" not in text.lower(), f"{key}: {text!r}"


def test_computed_figures_follow_the_formulas():
    figures = registry.prose_figures()
    assert figures["ap_annual_rise"].value == 154 * 1000
    assert figures["ap_annual_rise"].text == "154\u00a0000\u00a0kr"
    assert figures["bt_2022_01_01"].text == "653\u00a0kr"
    assert figures["bt_2023_07_01"].text == "841,80\u00a0kr"
    assert figures["activity_share_2019"].text == "73,1\u00a0%"
    assert figures["action_plan_total"].text == "1,6\u00a0mrd.\u00a0kr"
    assert figures["normal_week_hours"].text == "37,5\u00a0timer"
    assert figures["tromso_reduced_list_share"].text == "66\u00a0%"
    assert figures["bt_2022_01_01_date"].text == "1. januar 2022"


def test_every_shown_figure_names_a_known_source():
    from fastlege_calc.sources import source

    for shown in registry.prose_figures().values():
        assert shown.sources, shown.key
        for source_id in shown.sources:
            source(source_id)


def test_the_registry_lists_the_pages_that_show_each_figure(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "book" / "a.md").write_text("Økningen er {{ ap_annual_rise }} og {{ap_gap}}.\n", encoding="utf-8")
    (tmp_path / "notebooks" / "b.md").write_text("Se {{ ap_annual_rise }}.\n", encoding="utf-8")
    records = {r["key"]: r for r in registry.records(tmp_path)}
    assert records["ap_annual_rise"]["pages"] == ["book/a", "notebooks/b"]
    assert records["ap_gap"]["pages"] == ["book/a"]
    assert records["ap_need"]["pages"] == []
    assert records["ap_annual_rise"]["text"] == registry.substitutions()["ap_annual_rise"]
