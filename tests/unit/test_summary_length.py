"""The summary fits one page of the PDF: a check without a build (the book tier measures the real page).

Measured on the build of 2026-12-01 (tests/book/test_pdf.py::test_the_summary_fits_one_page_of_the_report):
the summary's running text at 355 words, with 20 figures (each also listed with its source in the
print-only "Kilder til tallene" after it, about a third of a line each) and a datastatus note of four
series, left about four lines of the A4 page free. The budget below allows a few words more and no
more figures; a summary over it will not fit, one under it may still not (long source names).
"""

from __future__ import annotations

import re

from fastlege_calc import registry
from tests.helpers import ROOT
from tests.unit.test_terms_and_voice import sentences

SUMMARY = ROOT / "book" / "sammendrag.md"
MAX_WORDS = 380
MAX_FIGURES = 20


def _figures_shown(text: str) -> set[str]:
    """The registry figures the page shows: its {{ key }} figures and those inside its phrases."""
    said, figures = registry.phrases(), registry.prose_figures()
    keys = registry.SUBSTITUTION.findall(text)
    return {k for key in keys for k in (key, *(said[key].figures if key in said else ())) if k in figures}


def _words_as_read(text: str) -> int:
    """Words of the text as printed: figures and phrases written out, a citation and a chapter reference as printed."""
    texts = registry.texts()
    body = registry.SUBSTITUTION.sub(lambda m: texts[m.group(1)], text)
    body = re.sub(r"\{cite:p\}`[^`]*`", "(Kilde, 2022)", body)
    body = re.sub(r"\{ref\}`[^`]*`", "«Kapittel» (kapittel 5, side 17)", body)
    body = re.sub(r"\[[^\]]*\]\{\.fl-screen-only\}", "", body)  # not on paper
    return len(re.findall(r"\S+", " ".join(s for _, s in sentences(body))))


def test_the_summary_keeps_within_one_page_of_words_and_figures():
    text = SUMMARY.read_text(encoding="utf-8")
    assert _words_as_read(text) <= MAX_WORDS
    assert len(_figures_shown(text)) <= MAX_FIGURES


def test_the_word_count_counts_figures_as_printed():
    # a figure counts as the words it prints ("117 899" is two: the digit groups are split by a space)
    one = _words_as_read("Da sto {{ muni_patients_without_gp }} uten fastlege.")
    assert one == len(f"Da sto {registry.texts()['muni_patients_without_gp']} uten fastlege.".split())
