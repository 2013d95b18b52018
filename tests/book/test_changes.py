"""The built page "Endringer i tallene" and the registry agree with the package (recording editions: tests/unit)."""

from __future__ import annotations

import json

from fastlege_book import editions
from fastlege_calc import registry

from .bookutil import page_text


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
    if expected:
        assert f"Siden da har {len(expected)} tall endret seg" in text
    else:
        assert "Ingen tall har endret seg siden den utgaven" in text
