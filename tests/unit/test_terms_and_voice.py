"""One term per concept, and the source texts' claims never in the book's own voice.

Two lists of rules, each rule with its reason (EDITORIAL-REVIEW §1.6, §2.1–2.6 and DEVELOPERS.md):

- TERMS: a drifting variant of a term and the term the book uses instead. The glossary
  (book/ordliste.md) defines the terms and is not scanned for them (it may name a variant to say it
  is not used).
- VOICE: a claim of a source text or a party, or an evaluative word, that the book may only give
  as someone's view. A rule with `attributed_ok` passes when the same sentence names who holds the
  view (a verb of saying and a party: "Allmennlegeforeningen mente i 2022 at …"); the others are
  never right in this book (a heading that argues, "ifølge Tidsskriftet" for three authors' claim).

The scan covers every page of book/ (SCANNED); `python -m tests.unit.test_terms_and_voice` prints what
it finds.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.unit.test_rule_of_numbers import _prose_lines

BOOK = ROOT / "book"


@dataclass(frozen=True)
class Rule:
    """A pattern (regular expression, case-sensitive unless it says (?i)), what to write instead, and why."""

    pattern: str
    instead: str
    why: str
    attributed_ok: bool = False


#: Variants of a term that drift from the one term per concept (DEVELOPERS.md, EDITORIAL-REVIEW §1.6).
TERMS = [
    Rule(r"(?i)\bfast lege\b", "fastlege", "one form for the GP: fastlege (listeinnbyggere uten fastlege)"),
    Rule(
        r"(?i)\bnordmenn\b",
        "innbyggere / listeinnbyggere",
        "the register counts residents on lists, not citizens",
    ),
    Rule(
        r"(?i)\bkort\w* ned listene\b|\bkortet (\S+ ){1,5}ned listene\b",
        "satte ned listetaket",
        "the source says the GPs lowered their cap (listetak); a list's size is its listelengde",
    ),
    Rule(r"(?i)\blistestørrelse\w*", "listelengde", "one term for a list's size: listelengde"),
    Rule(
        r"(?i)\bper ?capita-?tilskudd\w*|\bpercapitatilskudd\w*",
        "basistilskudd",
        "one term for the per-patient grant: basistilskudd",
    ),
    Rule(
        r"(?i)basistilskudd[^.]*\bper innbygger\b",
        "per listepasient",
        "basistilskudd is paid per patient on a list, not per inhabitant",
    ),
    Rule(
        r"\b(?:ville|vil|kan|kunne|må|måtte|skal|skulle|bør) det trengs\b",
        "ville det trenges",
        "after a modal verb the passive infinitive: trenges (EDITORIAL-REVIEW §1.4)",
    ),
    Rule(r"(?i)\bsnittlisten\b", "gjennomsnittlig listelengde", "colloquial (EDITORIAL-REVIEW §1.5)"),
    Rule(r"(?i)\bpå toppen av\b", "i tillegg til", "an anglicism, «on top of» (EDITORIAL-REVIEW §1.5)"),
    Rule(
        r"[Kk]apitlet \{ref\}`kap-(om-tallene|regn-selv|tall-og-kilder|endringer|kilder|ordliste)`",
        "Vedlegget {ref}`…`",
        "an appendix is a vedlegg, not a kapittel (the PDF prints «vedlegg B» beside it)",
    ),
]
#: The document's one name for itself: the glossary is held to it as well (it says what it is written for).
SELF_NAME = Rule(
    r"\b[Bb]oken\b|\bboka\b",
    "kunnskapsgrunnlaget",
    "the document's one name for itself (EDITORIAL-REVIEW §1.6)",
)
TERMS.append(SELF_NAME)

#: Claims of the source texts, headings that argue and evaluative words (EDITORIAL-REVIEW §2.1–2.6).
VOICE = [
    Rule(r"Handlingsplanen er for liten", "a heading that describes", "the union's position as a heading (§2.2)"),
    Rule(r"\bDet haster\b|\bDet hastet\b", "a heading that describes", "the union's position as a heading (§2.2)"),
    Rule(r"(?i)hva trengs\?", "Sammendrag", "the union's own heading «Hva trengs?» (§2.2)"),
    Rule(r"Det finnes lovende tiltak", "a heading that describes", "an evaluation as a heading (§2.2, §5 item 7)"),
    Rule(
        r"(?i)ifølge Tidsskriftet|Tidsskriftet skr[ei]v|Tidsskriftets tall",
        "Thorsen, Johnsen og Figenschou skrev",
        "three authors' claim is not the journal's (§2.1)",
    ),
    Rule(
        r"(?i)dette (kapitlet|vedlegget) forklarer",
        "two or three findings with their numbers",
        "a chapter opens with what it found, not what it will explain (§1.7)",
    ),
    Rule(
        r"(?i)forsterke[rt]? seg selv",
        "Allmennlegeforeningen mente i 2022 at …",
        "the union's claim, which the newest figures do not bear out (§2.4)",
        attributed_ok=True,
    ),
    Rule(
        r"(?i)svært effektivt",
        "attribute or support with research",
        "an opinion stated as fact (§2.4)",
        attributed_ok=True,
    ),
    Rule(
        r"(?i)det trengs nærmere",
        "Legeforeningen mente i 2022 at det trengs …",
        "the union's estimate stated as the book's (§2.4)",
        attributed_ok=True,
    ),
    Rule(r"(?i)uten et kraftig løft", "attribute it", "the union's prediction (§2.4)", attributed_ok=True),
    Rule(r"(?i)må tas vare på", "attribute it or leave it out", "normative (§2.4)", attributed_ok=True),
    Rule(r"(?i)lønner seg ikke for samfunnet", "attribute it", "no evidence cited (§2.4)", attributed_ok=True),
    Rule(r"(?i)ikke (er )?kompensert", "attribute it", "no time series supports it (§2.4)", attributed_ok=True),
    Rule(r"(?i)inntekten har stått stille", "attribute it", "no time series supports it (§2.4)", attributed_ok=True),
    Rule(
        r"(?i)gjør det umulig for en næringsdrivende",
        "Allmennlegeforeningen mener at …",
        "an inference stated as fact (§2.4)",
        attributed_ok=True,
    ),
    Rule(r"(?i)god kontroll over kostnadene", "attribute it", "an opinion stated as fact (§2.4)", attributed_ok=True),
    Rule(r"(?i)til tross for motstand", "Thorsen mfl. skrev at …", "the authors' view (§2.4)", attributed_ok=True),
    Rule(
        r"(?i)tatt ansvar for sine fastleger",
        "attribute it or leave it out",
        "implies other municipalities have not (§2.4)",
        attributed_ok=True,
    ),
    Rule(
        r"(?i)viser hvorfor modellen virker",
        "viser hvilket økonomisk insentiv modellen gir",
        "an example shows an incentive, not an effect (§2.4)",
    ),
    Rule(
        r"(?i)statens urimelige behandling|bekymringsfull tro",
        "attribute it or leave it out",
        "the ministry described unattributed (§2.3)",
        attributed_ok=True,
    ),
    Rule(r"(?i)det anerkjente LEON", "LEON-prinsippet", "an evaluative word in the book's voice (§2.6)"),
    Rule(r"(?i)nesten hele veksten", "om lag fire av fem", "goes beyond the data (§2.6)"),
    Rule(
        r"\b[Bb]are \{\{", "the figure without «bare»", "an evaluative word before a figure (§2.6)", attributed_ok=True
    ),
]

#: A sentence names who holds a view: a verb of saying and a party (or a citation naming its author).
SAYING = re.compile(
    r"\b(mente|mener|skrev|skriver|foreslo|foreslår|anslår|anslo|regnet|regner|hevdet|hevder|oppga|oppgir|"
    r"advarte|tilrådde|krevde|krever|ifølge)\b",
    re.I,
)
PARTY = re.compile(
    r"\b(Allmennlegeforeningen|Legeforeningen|[Ff]oreningen|Thorsen|[Ff]orfatterne|KS|[Ee]kspertutvalget|"
    r"[Rr]egjeringen|[Dd]epartementet|De|de|[Nn]otatet|[Aa]rtikkelen|[Dd]ebattinnlegget)\b|\{cite:t\}"
)

#: The chapters this scan covers now (their writers keep them clean).
SCANNED = sorted(path.name for path in BOOK.glob("*.md"))
#: Chapters not yet held to the rules (none since issue 16 landed; a chapter being rewritten may wait here).
CHAPTERS_TO_SWITCH_ON: list[str] = []
#: The glossary defines terms and may name a variant to say it is not used: the TERMS rules skip it.
GLOSSARY = "ordliste.md"
#: Every term the glossary must define (one term per concept, DEVELOPERS.md and the brief of issue 16).
GLOSSARY_TERMS = [
    "Fastlege",
    "Fastlegeliste",
    "Listelengde",
    "Listetak",
    "Listeinnbygger",
    "Basistilskudd",
    "Basisfinansiering",
    "Knekkpunkt",
    "Egenandel",
    "Normaltariff",
    "Særavtalen",
    "ALIS",
    "LIS",
    "Legevakt",
    "Handlingsplan for allmennlegetjenesten",
]


def sentences(text: str) -> list[tuple[int, str]]:
    """The prose of a MyST page as sentences with the line each starts on (no front matter, code or options)."""
    prose = _prose_lines(text)
    found: list[tuple[int, str]] = []
    paragraph: list[tuple[int, str]] = []
    for number, line in [*prose, (0, "")]:
        if line.strip() and not line.startswith("#"):
            paragraph.append((number, line.strip()))
            continue
        if paragraph:
            start, joined = paragraph[0][0], " ".join(part for _, part in paragraph)
            found += [(start, s) for s in re.split(r"(?<=[.!?])\s+(?=[*«A-ZÆØÅ{])", joined) if s]
            paragraph = []
        if line.startswith("#"):
            found.append((number, line.lstrip("#").strip()))
    return found


def attributed(sentence: str) -> bool:
    """True when the sentence names who holds its view: a verb of saying and a party."""
    return bool(SAYING.search(sentence) and PARTY.search(sentence))


def offences(text: str, *, glossary: bool = False) -> list[tuple[int, str, Rule]]:
    """Every sentence of a page that breaks a rule: (line, sentence, rule). The glossary skips TERMS."""
    rules = [SELF_NAME, *VOICE] if glossary else [*TERMS, *VOICE]
    found = []
    for line, sentence in sentences(text):
        for rule in rules:
            if re.search(rule.pattern, sentence) and not (rule.attributed_ok and attributed(sentence)):
                found.append((line, sentence, rule))
    return found


def _page_offences(name: str) -> list[str]:
    path = BOOK / name
    found = offences(path.read_text(encoding="utf-8"), glossary=name == GLOSSARY)
    return [f"book/{name}:{line}: «{sentence}» → {rule.instead} ({rule.why})" for line, sentence, rule in found]


@pytest.mark.parametrize("name", SCANNED)
def test_one_term_per_concept_and_claims_attributed(name):
    found = _page_offences(name)
    assert found == [], "\n".join(found)


def test_every_chapter_is_scanned_or_listed_to_be_switched_on():
    on_disk = {p.name for p in BOOK.glob("*.md")}
    assert on_disk <= set(SCANNED) | set(CHAPTERS_TO_SWITCH_ON), sorted(
        on_disk - set(SCANNED) - set(CHAPTERS_TO_SWITCH_ON)
    )
    assert not set(SCANNED) & set(CHAPTERS_TO_SWITCH_ON)


@pytest.mark.parametrize(
    "text",
    [
        "Da sto 117 899 listeinnbyggere på en fastlegeliste uten fast lege.",
        "Flere enn 250 000 nordmenn sto uten fastlege.",
        "I Tromsø kortet {{ tromso_reduced_list_share }} av fastlegene ned listene sine.",
        "Basistilskuddet økte med 154 kr per innbygger.",
        "**Handlingsplanen er for liten.** Mange kommuner har egne ordninger.",
        "**Det haster.** Tallet stiger.",
        "Ifølge Tidsskriftet står flere enn {{ x }} uten fastlege.",
        "Dette kapitlet forklarer hvor pengene kommer fra.",
        "Dagens rekrutteringskrise forsterker seg selv.",
        "Fastlegeordningen bruker ressursene svært effektivt.",
        "Bare {{ referred_share }} av kontaktene går videre.",
        "Boken viser det som notatets tall.",
        "Med {{ n }} pasienter per liste ville det trengs {{ m }} leger.",
        "Snittlisten var da {{ n }} pasienter.",
        "Legevakt på toppen av en full arbeidsuke.",
        "Kapitlet {ref}`kap-om-tallene` samler stedene der kildene er uenige.",
    ],
)
def test_the_scan_catches_drift_and_the_sources_voice(text):
    assert offences(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Da sto {{ n }} listeinnbyggere på en fastlegeliste uten fastlege.",
        "Allmennlegeforeningen mente i 2022 at krisen forsterket seg selv.",
        "Thorsen, Johnsen og Figenschou skrev i 2022 at flere enn {{ x }} sto uten fastlege.",
        "Foreningen mente at ordningen bruker ressursene svært effektivt.",
        "I Tromsø satte {{ tromso_reduced_list_share }} av fastlegene ned listetaket.",
        "Kostnaden per innbygger steg.",
        "**Situasjonen nå.** SSBs siste tall gjelder {{ muni_latest_when }}.",
    ],
)
def test_the_scan_passes_attributed_claims_and_the_right_terms(text):
    assert offences(text) == [], offences(text)


def test_the_glossary_defines_every_term():
    text = (BOOK / GLOSSARY).read_text(encoding="utf-8")
    glossary = text[text.index("```{glossary}") :]
    defined = {line.strip() for line in glossary.splitlines() if line and not line.startswith((" ", "`"))}
    missing = [term for term in GLOSSARY_TERMS if term not in defined]
    assert missing == [], f"book/ordliste.md defines no entry for {missing}"


def test_the_glossary_does_not_offer_a_drifting_variant_as_a_term():
    text = (BOOK / GLOSSARY).read_text(encoding="utf-8")
    glossary = text[text.index("```{glossary}") :]
    entries = [line.strip() for line in glossary.splitlines() if line and not line.startswith((" ", "`"))]
    drifting = [e for e in entries for rule in TERMS if re.search(rule.pattern, e)]
    assert drifting == [], f"glossary entries that are variants the book does not use: {drifting}"


def test_the_glossary_calls_the_document_by_its_one_name():
    assert offences("Ordene under brukes i denne boken.", glossary=True)
    found = _page_offences(GLOSSARY)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.md")), ids=lambda p: p.name)
def test_the_notebooks_keep_the_terms_and_the_voice(path):
    found = [f"{path.name}:{line}: «{s}» → {rule.instead}" for line, s, rule in offences(path.read_text("utf-8"))]
    assert found == [], "\n".join(found)


def test_the_discrepancy_tables_words_keep_the_terms_and_the_voice():
    """The explanations in data/discrepancies.csv are printed in appendix B as the book's own sentences."""
    import csv

    with (ROOT / "data" / "discrepancies.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    found = [
        f"data/discrepancies.csv row {number} ({column}): «{s}» → {rule.instead}"
        for number, row in enumerate(rows, start=2)
        for column, text in row.items()
        for _, s, rule in offences(text or "")
    ]
    assert found == [], "\n".join(found)


def test_the_generated_phrases_and_tooltips_keep_the_terms_and_the_voice():
    """The sentences fastlege_calc writes (registry phrases) and every figure's description, as the pages show them."""
    found = registry_offences()
    assert found == [], "\n".join(found)


def test_the_charts_words_keep_the_terms_and_the_voice():
    """Every chart's text alternative and legend labels, as screen readers and the PDF give them."""
    from fastlege_calc import charts

    found = []
    for name, entry in sorted(charts.REGISTRY.items()):
        for _, sentence, rule in offences(entry.build().alt_text):
            found.append(f"{name}: «{sentence}» → {rule.instead} ({rule.why})")
    assert found == [], "\n".join(found)


def registry_offences() -> list[str]:
    """What the TERMS and VOICE rules find in the generated phrases and the figures' descriptions (tooltips)."""
    from fastlege_calc import registry

    texts = {f"phrase {k}": p.text for k, p in registry.phrases().items()}
    texts |= {f"figure {k}": f.description for k, f in registry.prose_figures().items()}
    return [
        f"{where}: «{sentence}» → {rule.instead} ({rule.why})"
        for where, text in sorted(texts.items())
        for _, sentence, rule in offences(text)
    ]


def main(names: list[str]) -> int:
    """Print what the scan finds in the given chapters (default: CHAPTERS_TO_SWITCH_ON that exist, and the registry)."""
    found = registry_offences() if not names else []
    names = names or [n for n in CHAPTERS_TO_SWITCH_ON if (BOOK / n).is_file()]
    found += [line for name in names for line in _page_offences(name)]
    print("\n".join(found) or "nothing found")
    return 0


if __name__ == "__main__":
    sys.exit(main([Path(a).name for a in sys.argv[1:]]))
