"""Search that finds what a reader types: Norwegian words, years and figures as the book prints them.

Sphinx's search index keeps "2024", but the book prints 212 289 with no-break spaces between digit
groups, so the index holds "212" and "289", not the number. `SearchNorwegianNumbers` also indexes
each grouped number as one word ("212289"). On the search page, fastlege-search.js joins the groups
a reader types ("212 289" → "212289"), keeps queries made of digits (Sphinx drops them), builds each
preview from the page's article without tooltips or navigation, and says in Norwegian when nothing
was found.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx
from sphinx.search.no import SearchNorwegian

#: A whole number printed in groups of three: 212 289, 1 600 000 (no-break or narrow no-break spaces).
GROUPED_NUMBER = re.compile(r"(?<![\d,])\d{1,3}(?:[\u00a0\u202f]\d{3})+(?![\d])")


class SearchNorwegianNumbers(SearchNorwegian):
    """Norwegian search (Sphinx's stemmer and stop words) that also indexes grouped numbers as one word."""

    def split(self, input: str) -> list[str]:
        """The words of a text, and each grouped number without its spaces: '212 289 uten' → [..., '212289']."""
        joined = [re.sub(r"\D", "", m.group(0)) for m in GROUPED_NUMBER.finditer(input)]
        return super().split(input) + joined


SCRIPT = "fastlege-search.js"


def _only_on_the_search_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """fastlege-search.js (deferred: it runs after Sphinx's search tools) is left out of every other page."""
    if pagename != "search" and "script_files" in context:
        context["script_files"] = [
            a for a in context["script_files"] if str(getattr(a, "filename", a)).rsplit("/", 1)[-1] != SCRIPT
        ]


def setup(app: Sphinx) -> None:
    """Register the search language (html_search_language "no") and the search page's script."""
    app.add_search_language(SearchNorwegianNumbers)
    app.add_js_file(SCRIPT, loading_method="defer")
    app.connect("html-page-context", _only_on_the_search_page)
