"""The appendices in the built book: the discrepancy table, the Norwegian reference list and the glossary."""

from __future__ import annotations

import re

from lxml import html as lxml_html

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
    # The entries' own words are Norwegian; a title is given as published (some are English).
    titles = set(data.load("sources").title)
    style_words = text
    for title in sorted(titles, key=len, reverse=True):
        style_words = style_words.replace(title, "")
    for english in ENGLISH:
        assert english not in style_words, f"English '{english}' in Kilder"
    assert "Thorsen, O., Johnsen, T. M. og Figenschou, L." in text


def test_every_source_is_in_the_pdf_in_norwegian(built_book):
    text = pdf_text(built_book / "_build/fastlegeordningen.pdf")
    start = text.index("Kildelisten lages ved hver bygging")  # the Kilder appendix, not a chart's source line
    bibliography = text[start:]
    squashed = bibliography.replace("- ", "").replace("\u2010 ", "").replace(" ", "")  # hyphenation, line breaks
    for row in data.load("sources").itertuples():
        for words in _entry_words(row):
            wanted = words.replace("- ", "").replace(" ", "")
            assert wanted in squashed, f"{row.source_id}: '{words}' missing from the PDF"
    for english in ("URL:", "visited on"):
        assert english not in text


def _bibliography_entries(site) -> list[tuple[str, str]]:
    """(id, text) of every entry of Kilder, in the order the page lists them."""
    tree = lxml_html.parse(str(site / "book" / "kilder.html")).getroot()
    entries = tree.cssselect("div.citation-list > div.citation")
    assert entries and not tree.cssselect("div.citation .label"), "Kilder lists numbered labels"
    return [(e.get("id"), " ".join(e.text_content().split())) for e in entries]


def _cited(source_id: str) -> str:
    return f"{sources.cited_author(sources.source(source_id))} ({sources.year_label(source_id)})"


def test_kilder_is_in_norwegian_order_and_each_entry_opens_with_author_and_year(built_book):
    entries = _bibliography_entries(built_book / "_build" / "html")
    expected = sorted(data.load("sources").source_id, key=sources.bibliography_key)
    assert len(entries) == len(expected)
    for (_, text), source_id in zip(entries, expected, strict=True):
        row = sources.source(source_id)
        assert normalise(row["title"]) in normalise(text), (source_id, text[:80])
        people = sources.persons(row.get("author"))
        opening = people[0].split(",")[0] if people else row["publisher"]
        assert text.startswith(opening) and f"({sources.year_label(source_id)})." in text, text[:100]
    assert not re.match(r"\[\d+\]", entries[0][1])


def test_every_citation_names_its_source_as_the_list_does_with_letters_where_needed(built_book):
    site = built_book / "_build" / "html"
    ordered = sorted(data.load("sources").source_id, key=sources.bibliography_key)
    by_anchor = {anchor: source_id for (anchor, _), source_id in zip(_bibliography_entries(site), ordered, strict=True)}
    seen, wrong = set(), []
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0].startswith("_"):
            continue
        for link in lxml_html.parse(str(page)).getroot().cssselect("a[href*='kilder.html#']"):
            anchor = link.get("href").split("#")[1]
            if anchor not in by_anchor or "tall-og-kilder" in link.get("href"):
                continue
            source_id = by_anchor[anchor]
            cited = f"{sources.cited_author(sources.source(source_id))}, {sources.year_label(source_id)}"  # (KS, 2021a)
            text = " ".join(link.text_content().split())
            # {cite:p} links "KS, 2021a"; {cite:t} writes "KS (2021a)" and links the year.
            if text not in (cited, sources.year_label(source_id)):
                wrong.append((page.name, text, cited))
            seen.add((page.name, source_id))
    assert not wrong, wrong[:5]
    # The income note (KS 2021a) and the KS/Ipsos survey (KS 2022a) are both cited in the text and in Tall og kilder.
    assert ("modeller.html", "ks_inntekt") in seen and ("modeller.html", "ks_ipsos_2021") in seen
    assert ("tall-og-kilder.html", "ks_ipsos_2021") in seen


def test_the_pdf_lists_the_sources_in_norwegian_order_with_letters(built_book):
    text = pdf_text(built_book / "_build/fastlegeordningen.pdf")
    bibliography = text[text.index("Kildelisten lages ved hver bygging") :]
    ordered = sorted(data.load("sources").source_id, key=sources.bibliography_key)
    positions = [
        bibliography.find(_cited(s) + ".") for s in ordered if not sources.persons(sources.source(s)["author"])
    ]
    assert -1 not in positions and positions == sorted(positions)
    assert "KS (2021a)." in bibliography and "KS (2021b)." in bibliography
    assert "[1]" not in bibliography


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
