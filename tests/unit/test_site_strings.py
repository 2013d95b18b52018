"""The Norwegian strings of the website's interface (fastlege_book/locale): translated, and compiled as committed."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from fastlege_book.sphinx_ext import CATALOGUES, LOCALE_DIR, compiled_catalogue


@pytest.mark.parametrize("name", CATALOGUES)
def test_the_committed_catalogue_is_its_po_file_compiled(name):
    po = LOCALE_DIR / "nb_NO" / "LC_MESSAGES" / f"{name}.po"
    committed = po.with_suffix(".mo").read_bytes()
    hint = "run: .venv/bin/python -c 'from fastlege_book.sphinx_ext import write_catalogues; write_catalogues()'"
    assert committed == compiled_catalogue(po), f"{po.with_suffix('.mo').name} is stale; {hint}"


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_string_of_a_catalogue_is_translated(name):
    with (LOCALE_DIR / "nb_NO" / "LC_MESSAGES" / f"{name}.po").open(encoding="utf-8") as text:
        catalogue = read_po(text, "nb_NO")
    messages = [m for m in catalogue if m.id]
    assert messages
    untranslated = [m.id for m in messages if not m.string or m.string == m.id or m.fuzzy]
    assert not untranslated, untranslated


def test_the_search_field_names_the_document_by_its_one_name():
    """'Søk i kunnskapsgrunnlaget …': 'notatet' is the union's budget note in this document, not the document."""
    from types import SimpleNamespace

    from fastlege_book import sphinx_ext

    config = SimpleNamespace(templates_path=[], html_context=None, html_theme_options=None)
    sphinx_ext._add_templates(None, config)
    text = config.html_theme_options["search_bar_text"]
    assert "kunnskapsgrunnlaget" in text and "notatet" not in text, text


def test_the_pdf_links_name_the_document_by_its_one_name():
    """The footer's link to the full PDF: 'notatet' is the union's note, the document is 'kunnskapsgrunnlaget'."""
    from fastlege_book import layout

    assert "kunnskapsgrunnlaget" in layout.REPORT.label and "notatet" not in layout.REPORT.label
    assert not any("notatet" in pdf.label for pdf in layout.PDFS)
