"""The built page "Endringer i tallene" and the registry agree with the package (recording editions: tests/unit)."""

from __future__ import annotations

import html
import json
import re

from fastlege_book import editions
from fastlege_calc import fmt, registry

from .bookutil import normalise, page_text


def test_built_changes_page_and_registry_agree_with_the_package(built_book):
    site = json.loads((built_book / "_build" / "html" / "_static" / "figures.json").read_text(encoding="utf-8"))
    assert {f["key"]: f["text"] for f in site["figures"]} == registry.substitutions()
    assert {f["key"]: f["pages"] for f in site["figures"]} == {
        r["key"]: r["pages"] for r in registry.records(built_book)
    }
    latest = editions.editions(built_book)[-1]
    expected = editions.changes(latest, editions.registry_document(built_book))
    text = page_text(built_book / "_build" / "html" / "book" / "endringer.html")
    assert f"Tallene sammenlignes med utgave {latest['edition']}" in text
    listed, years = editions.split_source_years(expected)
    if listed:
        count = fmt.count_words(len(listed), "ett") if len(listed) <= 12 else fmt.number(len(listed))
        assert normalise(f"Siden da har {count} tall endret seg") in text
    else:
        assert "Ingen tall har endret seg siden den utgaven" in text
    # A source's year of publication is no row of the table: one sentence sums them up.
    page = (built_book / "_build" / "html" / "book" / "endringer.html").read_text(encoding="utf-8")
    table = page[page.index('class="fl-changes') :] if listed else ""
    table = normalise(html.unescape(re.sub(r"<[^>]+>", " ", table[: table.find("</table>")])))
    assert all(normalise(c.description) in table for c in listed)
    assert not [c.description for c in years if normalise(c.description) in table]
    assert (editions.source_years_sentence(years) in text) == bool(years)
