"""Norwegian bibliography and citations for sphinxcontrib-bibtex: 'og', 'mfl.', 'Lest 4. juli 2026', no 'URL:'.

Registered as plugins the way sphinxcontrib-bibtex documents custom styles; `_config.yml` selects
them with `bibtex_default_style: norsk` and `bibtex_reference_style: forfatter_aar`. Each entry of
the list opens with its author and year as the text cites it, 'Helsedirektoratet (2024a).', and the
list is sorted the Norwegian way (fastlege_calc.sources.bibliography_key: ICU collation, Æ Ø Å last).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from docutils import nodes
from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field as bib_field
from pybtex.style.template import href, join, names, optional, sentence, tag, words
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

FORMATTING_STYLE = "norsk"
SORTING_STYLE = "norsk"
REFERENCE_STYLE = "forfatter_aar"
#: pybtex's backend that sphinxcontrib-bibtex formats each citation with (registered in `register`).
PLAINTEXT_BACKEND = "plaintext"
AND = " og "
OTHERS = " mfl."


class NorwegianSorting(BaseSortingStyle):
    """The Norwegian order of a reference list: author or publisher, year, title, with ICU's bokmål collation.

    The entry's key is its source id in data/sources.csv (fastlege_calc.sources.bibliography_key).
    """

    def sorting_key(self, entry):
        """(author key, year label, title key) of one entry."""
        from fastlege_calc.sources import bibliography_key

        return bibliography_key(entry.key)


class NorwegianStyle(UnsrtStyle):
    """Reference list entries in Norwegian, author and year first, sorted the Norwegian way (NorwegianSorting).

    'Thorsen, O., Johnsen, T. M. og Figenschou, L. (2022). Tittel. Utgiver. https://… Lest 4. juli 2026.'
    Personal names are abbreviated to initials.
    """

    default_sorting_style = SORTING_STYLE
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
        """Author and year as cited (person or organisation), title in italics, publisher, note, link, access date."""
        return toplevel[
            sentence[words[self.format_names("author", as_sentence=False), join["(", bib_field("year"), ")"]]],
            optional[sentence[tag("em")[bib_field("title")]]],
            optional[sentence[bib_field("howpublished")]],
            optional[sentence[bib_field("note")]],
            self.format_web_refs(e),
        ]


def _round_brackets() -> BracketStyle:
    return BracketStyle(left="(", right=")")


def _round_brackets_semicolons() -> BracketStyle:
    """Several works in one parenthesis are separated by semicolons: '(NPK, 2018; TV2, 2018)' (APA 7, §8.12).

    With sphinxcontrib-bibtex's default comma the author and year of one work ran into the next:
    '(NPK, 2018, TV2, 2018)'.
    """
    return BracketStyle(left="(", right=")", sep="; ")


def _norwegian_persons() -> PersonStyle:
    return PersonStyle(sep2=AND, last_sep=AND, other=OTHERS)


@dataclass
class NorwegianAuthorYearStyle(AuthorYearReferenceStyle):
    """Citations as '(Helsedirektoratet, 2024)', '(NPK, 2018; TV2, 2018)' and 'Thorsen mfl. (2022)'.

    Round brackets, 'og', 'mfl.', and semicolons between the works of one parenthesis.
    """

    bracket_parenthetical: BracketStyle = field(default_factory=_round_brackets_semicolons)
    bracket_textual: BracketStyle = field(default_factory=_round_brackets)
    bracket_author: BracketStyle = field(default_factory=_round_brackets)
    bracket_label: BracketStyle = field(default_factory=_round_brackets)
    bracket_year: BracketStyle = field(default_factory=_round_brackets)
    person: PersonStyle = field(default_factory=_norwegian_persons)


def register() -> None:
    """Make both styles known to pybtex and sphinxcontrib-bibtex (safe to call more than once).

    Also registers pybtex's own plain-text backend by name: sphinxcontrib-bibtex looks it up for every
    citation it resolves, and a name pybtex does not hold at run time is searched among the entry
    points of every installed package (about 4 ms a look-up, 3 s for the book's 660 citations, in the
    Sphinx process that resolves the pages one after another).
    """
    pybtex.plugin.register_plugin("pybtex.style.formatting", FORMATTING_STYLE, NorwegianStyle, force=True)
    pybtex.plugin.register_plugin("pybtex.style.sorting", SORTING_STYLE, NorwegianSorting, force=True)
    pybtex.plugin.register_plugin("pybtex.backends", PLAINTEXT_BACKEND, PlaintextBackend, force=True)
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", REFERENCE_STYLE, NorwegianAuthorYearStyle, force=True
    )


class AuthorYearEntries(SphinxPostTransform):
    """The bibliography without numbered labels: each entry opens with its author and year instead.

    sphinxcontrib-bibtex links citations only to a list of citations, whose entries it gives a label from
    the formatting style ("[1]"); the book cites by author and year, which each entry starts with
    (NorwegianStyle), so the labels go. Runs after sphinxcontrib-bibtex writes the list (priority 5) and
    before references are resolved (10).
    """

    default_priority = 6

    def run(self, **kwargs) -> None:
        """Drop the label of every citation sphinxcontrib-bibtex wrote (it marks them with their docname)."""
        for citation in list(self.document.findall(nodes.citation)):
            if "docname" in citation:
                for label in [child for child in citation.children if isinstance(child, nodes.label)]:
                    citation.remove(label)
