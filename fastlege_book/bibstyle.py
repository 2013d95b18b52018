"""Norwegian bibliography and citations for sphinxcontrib-bibtex: 'og', 'mfl.', 'Lest 4. juli 2026', no 'URL:'.

Registered as plugins the way sphinxcontrib-bibtex documents custom styles; `_config.yml` selects
them with `bibtex_default_style: norsk` and `bibtex_reference_style: forfatter_aar`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import field as bib_field
from pybtex.style.template import href, names, optional, sentence, tag, words
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

FORMATTING_STYLE = "norsk"
REFERENCE_STYLE = "forfatter_aar"
AND = " og "
OTHERS = " mfl."


class NorwegianStyle(UnsrtStyle):
    """Reference list entries in Norwegian, sorted by author, year and title.

    'Thorsen, O., Johnsen, T. M. og Figenschou, L. Tittel. Utgiver 2022. https://… Lest 4. juli 2026.'
    Personal names are abbreviated to initials.
    """

    default_sorting_style = "author_year_title"
    default_name_style = "lastfirst"  # Thorsen, O.

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("abbreviate_names", True)
        super().__init__(*args, **kwargs)

    def format_names(self, role, as_sentence=True):
        """Names joined with ', ' and ' og ' (never 'and')."""
        formatted = names(role, sep=", ", sep2=AND, last_sep=AND)
        return sentence[formatted] if as_sentence else formatted

    def format_url(self, e):
        """The address as a link, without an English 'URL:' label."""
        url = bib_field("url", raw=True)
        return href(url)[url]

    def format_web_refs(self, e):
        """The link, then 'Lest <date>' (the date is already written in Norwegian in the urldate field)."""
        return words[
            optional[sentence[self.format_url(e)]],
            optional[sentence[words["Lest", bib_field("urldate")]]],
        ]

    def get_misc_template(self, e):
        """Author (person or organisation), title in italics, publisher and year, note, link and access date."""
        return toplevel[
            optional[sentence[self.format_names("author")]],
            optional[sentence[tag("em")[bib_field("title")]]],
            sentence[optional[bib_field("howpublished")], optional[bib_field("year")]],
            optional[sentence[bib_field("note")]],
            self.format_web_refs(e),
        ]


def _round_brackets() -> BracketStyle:
    return BracketStyle(left="(", right=")")


def _norwegian_persons() -> PersonStyle:
    return PersonStyle(sep2=AND, last_sep=AND, other=OTHERS)


@dataclass
class NorwegianAuthorYearStyle(AuthorYearReferenceStyle):
    """Citations as '(Helsedirektoratet, 2024)' and 'Thorsen mfl. (2022)': round brackets, 'og', 'mfl.'."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round_brackets)
    bracket_textual: BracketStyle = field(default_factory=_round_brackets)
    bracket_author: BracketStyle = field(default_factory=_round_brackets)
    bracket_label: BracketStyle = field(default_factory=_round_brackets)
    bracket_year: BracketStyle = field(default_factory=_round_brackets)
    person: PersonStyle = field(default_factory=_norwegian_persons)


def register() -> None:
    """Make both styles known to pybtex and sphinxcontrib-bibtex (safe to call more than once)."""
    pybtex.plugin.register_plugin("pybtex.style.formatting", FORMATTING_STYLE, NorwegianStyle, force=True)
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", REFERENCE_STYLE, NorwegianAuthorYearStyle, force=True
    )
