"""The Sphinx extension on the fixture book: numbers as links with their source, the changes page, the stamp.

Read-only checks on the session's build of tests/extension/books/mini (the real book's checks of the
same features, page by page, are in tests/book).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from fastlege_book import provenance
from fastlege_book.layout import Layout
from fastlege_calc import fmt, registry
from tests.helpers import changed_since_edition, normalise, reread_and_executed

from .conftest import build


class Numbers(HTMLParser):
    """Each {tall} number of a page: its text, its link and the text of its tooltip."""

    def __init__(self):
        super().__init__()
        self.found: list[dict] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        """Open a number's link or tooltip."""
        a = dict(attrs)
        if tag == "a" and "fl-tall-link" in (a.get("class") or ""):
            self.found.append({"href": a["href"], "tip_id": a.get("aria-describedby"), "text": "", "tip": ""})
            self._in = "text"
        elif tag == "span" and a.get("role") == "tooltip" and self.found:
            assert a["id"] == self.found[-1]["tip_id"]
            self._in = "tip"

    def handle_data(self, data):
        """Collect the text of the open link or tooltip."""
        if self._in:
            self.found[-1][self._in] += data

    def handle_endtag(self, tag):
        """Close it."""
        if tag in ("a", "span"):
            self._in = None


def numbers(page) -> list[dict]:
    parser = Numbers()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def test_each_number_is_its_figure_linked_to_its_row_with_its_source_in_a_tooltip(mini):
    page = Layout.here(mini).site / "book" / "index.html"
    shown = registry.prose_figures()
    keys = registry.SUBSTITUTION.findall((mini / "book" / "index.md").read_text(encoding="utf-8"))
    found = numbers(page)
    assert [n["href"].split("#")[1].removeprefix(provenance.ANCHOR) for n in found] == keys
    for number, key in zip(found, keys, strict=True):
        assert normalise(number["text"]) == normalise(shown[key].prose), key  # running text: its form (words)
        assert number["href"] == f"tall-og-kilder.html#{provenance.ANCHOR}{key}"
        assert number["tip"].startswith("Kilde") and shown[key].description in number["tip"], number["tip"]
        assert "Sikkerhet:" in number["tip"]
    assert len({n["tip_id"] for n in found}) == len(found)  # each tooltip has an id of its own


def test_a_page_without_numbers_gets_no_number_markup(mini):
    page = (Layout.here(mini).site / "book" / "rolig.html").read_text(encoding="utf-8")
    assert numbers(Layout.here(mini).site / "book" / "rolig.html") == []
    assert "{{" not in page and "{tall}" not in page


def test_the_changes_page_compares_with_the_latest_edition(mini):
    text = normalise(re.sub(r"<[^>]+>", " ", (Layout.here(mini).site / "book" / "endringer.html").read_text()))
    assert re.search(r"Tallene sammenlignes med utgave \S+, utgitt \d+\. \w+ \d{4}\.", text), text
    changed = changed_since_edition(mini, registry.substitutions())  # the repository's data: the mini book's
    if changed:
        count = fmt.count_words(len(changed), "ett") if len(changed) <= 12 else fmt.number(len(changed))
        assert f"Siden da har {count} tall endret seg." in text, text
    else:
        assert "Ingen tall har endret seg siden den utgaven." in text, text
    assert 'href="../_static/figures.json"' in (Layout.here(mini).site / "book" / "endringer.html").read_text()


def test_the_registry_and_the_execution_log_are_where_the_layout_says(mini):
    layout = Layout.here(mini)
    assert layout.site_figures_json.is_file()
    assert "notebooks/beregning" in layout.execution_log.read_text(encoding="utf-8")


def test_the_notebook_shows_the_rate_from_the_data(mini):
    page = (Layout.here(mini).site / "notebooks" / "beregning.html").read_text(encoding="utf-8")
    assert "Sats fra 1. januar 2022: 653,00 kr" in page  # data/basistilskudd_rates.csv, 2022-01-01


def test_a_build_with_no_change_skips_sphinx(mini):
    # Read-only: the stamp finds nothing to do, so nothing in the folder changes.
    reread, executed, result = reread_and_executed(mini, lambda: build(mini))
    assert "html: up to date" in result.stdout and "Running Jupyter-Book" not in result.stdout
    assert (reread, executed) == (set(), [])
