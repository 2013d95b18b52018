"""The appendices in the built book: the discrepancy table, the Norwegian reference list and the glossary."""

from __future__ import annotations

import re

from fastlege_calc import data, discrepancies, sources

from .bookutil import normalise, page_text, pdf_text

REQUIRED_TERMS = [
    "basistilskudd",
    "egenandel",
    "knekkpunkt",
    "ALIS",
    "LEON",
    "8.2-avtale",
    "listetak",
    "normaltariff",
    "Helfo",
    "fastlegeliste",
    "listelengde",
    "per capita-tilskudd",
    "pasienttilpasset basistilskudd",
    "trønderopprøret",
    "legevakt",
    "fastlønn",
    "næringsdrivende",
    "takst",
    "refusjon",
]


ENGLISH = ["URL:", "visited on", " and ", "et al."]


def _entry_words(row) -> list[str]:
    """Words of a source that must appear in its reference: its title and its author or publisher."""
    who = sources.persons(row.author)[0].split(",")[0] if sources.persons(row.author) else row.publisher
    return [normalise(row.title), normalise(who)]


def test_every_source_is_in_the_kilder_page_in_norwegian(built_book):
    text = page_text(built_book / "_build/html/book/kilder.html")
    for row in data.load("sources").itertuples():
        for words in _entry_words(row):
            assert words in text, f"{row.source_id}: '{words}' missing from Kilder"
    assert "Lest 4. juli 2026" in text
    for english in ENGLISH:
        assert english not in text, f"English '{english}' in Kilder"
    assert "Thorsen, O., Johnsen, T. M. og Figenschou, L." in text


def test_every_source_is_in_the_pdf_in_norwegian(built_book):
    text = pdf_text(built_book / "_build/fastlegeordningen.pdf")
    start = text.index("Kildelisten lages ved hver bygging")  # the Kilder appendix, not a chart's source line
    bibliography = text[start:]
    squashed = bibliography.replace("- ", "").replace(" ", "")  # hyphenation and line breaks
    for row in data.load("sources").itertuples():
        for words in _entry_words(row):
            wanted = words.replace("- ", "").replace(" ", "")
            assert wanted in squashed, f"{row.source_id}: '{words}' missing from the PDF"
    for english in ("URL:", "visited on"):
        assert english not in text


def test_the_discrepancy_table_is_in_the_built_book(built_book):
    text = page_text(built_book / "_build/html/book/om-tallene.html")
    assert "Tabell" in text and "python -m fastlege_calc figures" in text
    for d in discrepancies.discrepancies():
        assert normalise(d.text.text) in text
        if d.official:
            assert normalise(d.official.text) in text


# --- the glossary ---------------------------------------------------------------------------------
def test_the_glossary_defines_every_required_term(built_book):
    html = (built_book / "_build/html/book/ordliste.html").read_text(encoding="utf-8")
    terms = {normalise(t).strip().lower() for t in re.findall(r'<dt id="term-[^"]*">(.*?)<a', html, flags=re.S)}
    missing = [t for t in REQUIRED_TERMS if t.lower() not in terms]
    assert missing == [], f"glossary lacks {missing}; has {sorted(terms)}"


def test_glossary_terms_link_from_other_pages(built_book):
    html = (built_book / "_build/html/book/om-tallene.html").read_text(encoding="utf-8")
    assert 'href="ordliste.html#term-Basistilskudd"' in html or "ordliste.html#term-basistilskudd" in html.lower()
