"""No sentence said twice: each fact is stated once, where it belongs, and referred to elsewhere.

EDITORIAL-REVIEW §1.3 and §4.4: the same sentences stood in several chapters (and twice in one). The
check reads every page of book/ as the reader sees its words: figures and phrases filled in from the
registry, citations and cross-references left out, so two sentences that print the same are the same.
"""

from __future__ import annotations

import collections
import re

from fastlege_calc import registry
from tests.helpers import ROOT
from tests.unit.test_terms_and_voice import sentences

#: Short sentences repeat by nature ('Se figur …'); from this many words on a repeat is a repeated statement.
MIN_WORDS = 8


def as_read(sentence: str, texts: dict[str, str]) -> str:
    """The sentence with its figures and phrases filled in and its citations and references left out."""
    filled = registry.SUBSTITUTION.sub(lambda m: texts.get(m.group(1), m.group(0)), sentence)
    filled = re.sub(r"\{cite:[pt]\}`[^`]*`|\{(?:ref|numref|term)\}`[^`]*`", "", filled)
    return " ".join(filled.replace("\u00a0", " ").split()).strip(" .")


def repeated(pages: dict[str, str]) -> dict[str, list[str]]:
    """Sentences of at least MIN_WORDS words that stand more than once, with where they stand."""
    texts = registry.texts()
    where: dict[str, list[str]] = collections.defaultdict(list)
    for name, text in pages.items():
        for line, sentence in sentences(text):
            read = as_read(sentence, texts)
            if len(read.split()) >= MIN_WORDS:
                where[read].append(f"{name}:{line}")
    return {sentence: places for sentence, places in where.items() if len(places) > 1}


def test_no_sentence_stands_twice_in_the_book():
    pages = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "book").glob("*.md"))}
    found = repeated(pages)
    assert found == {}, "\n".join(f"{places}: «{sentence}»" for sentence, places in found.items())


def test_the_check_finds_a_sentence_repeated_with_the_same_figures():
    page = "Per innbygger steg kostnaden fra {{ cost_per_inhabitant_first }} til mye mer enn før i året."
    assert repeated({"a.md": page, "b.md": "Innledning.\n\n" + page})
    assert not repeated({"a.md": page, "b.md": "Noe helt annet står her, med mange nok ord til å telle."})
