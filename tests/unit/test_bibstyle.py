"""The Norwegian bibliography plug-ins (fastlege_book.bibstyle) as pybtex and sphinxcontrib-bibtex find them."""

from __future__ import annotations

from importlib.metadata import entry_points

import pybtex.plugin
from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.richtext import Text

from fastlege_book import bibstyle


def test_the_plain_text_backend_is_found_without_searching_every_packages_entry_points(monkeypatch):
    # sphinxcontrib-bibtex looks the backend up once per citation it resolves (about 660 in the book);
    # searching the installed packages' entry points each time cost 3 s of the build.
    bibstyle.register()

    def search(**_):
        raise AssertionError("pybtex searched the installed packages' entry points")

    monkeypatch.setattr(pybtex.plugin, "entry_points", search)
    assert pybtex.plugin.find_plugin("pybtex.backends", bibstyle.PLAINTEXT_BACKEND) is PlaintextBackend


def test_the_registered_backend_is_the_one_pybtex_declares_under_that_name():
    declared = entry_points(group="pybtex.backends", name=bibstyle.PLAINTEXT_BACKEND)
    assert [entry.load() for entry in declared] == [PlaintextBackend]


def test_the_norwegian_styles_are_found_by_the_names_config_selects():
    bibstyle.register()
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", bibstyle.FORMATTING_STYLE) is bibstyle.NorwegianStyle
    assert pybtex.plugin.find_plugin("pybtex.style.sorting", bibstyle.SORTING_STYLE) is bibstyle.NorwegianSorting


def test_several_works_in_one_parenthesis_are_separated_by_semicolons():
    """'(NPK, 2018; TV2, 2018)': a comma between works ran one work's year into the next work's author."""
    style = bibstyle.NorwegianAuthorYearStyle()
    works = [Text("NPK, 2018"), Text("TV2, 2018"), Text("NRK, 2024")]
    assert style.bracket_parenthetical.outer(works[:2], brackets=True).format().render_as("text") == (
        "(NPK, 2018; TV2, 2018)"
    )
    assert style.bracket_parenthetical.outer(works, brackets=True).format().render_as("text") == (
        "(NPK, 2018; TV2, 2018; NRK, 2024)"
    )
    # one work keeps its own comma between author and year
    assert style.bracket_parenthetical.outer(works[:1], brackets=True).format().render_as("text") == "(NPK, 2018)"
