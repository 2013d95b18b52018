"""The previews of a shared link: the card's typeface and the page's description.

sphinxext-opengraph writes each page's Open Graph tags and description and draws its preview card.

**Typeface.** Roboto Flex, sphinxext-opengraph's own, with a real bold face for the page title.

sphinxext-opengraph draws each page's Open Graph card with matplotlib in Roboto Flex and asks for bold for
the page title. Roboto Flex ships as one variable font (weights 100–1000 in one file), and matplotlib cannot
choose a variable font's weight: it registers the file as weight 400 only and warns "findfont: Failed to find
font weight bold for Roboto Flex, now using 400". `register_fonts` registers the file and a static bold
instance of it (wght 700, every other axis at its default) made with fontTools' instancer, so the title is
set in Roboto Flex Bold. The instance depends only on the font file and fontTools: it is made once per
environment (about 3 s) and kept under a name holding the SHA-256 of both (`bold_instance`).

**Description.** sphinxext-opengraph builds it from the page's text nodes one by one, stripping each and
guessing the spaces between them, and knows nothing of the book's print-only words: a citation came out
as "i 2019( Helsedirektoratet, 2021)" and *Endringer i tallene* as "Denne siden Dette vedlegget
sammenligner". `page_description` (installed by `use_page_description`) writes it from the page's
paragraphs as they read on screen instead: the same text, the same length, spaces as written.

**The card.** sphinxext-opengraph cut the card's copy of the description at 157 characters, in the middle
of a word, with "..." ("I 30 kommuner sto mer e..."), and drew the Sphinx logo in the card's corner, as
if Sphinx had published the briefing. `use_card_text` gives the card the description cut at a whole word
with "…" (at most CARD_DESCRIPTION_MOST characters: three of the card's lines) and draws no logo.
"""

from __future__ import annotations

import hashlib
import html
import inspect
import io
import re
import tempfile
from pathlib import Path

import fontTools
import matplotlib.font_manager
import sphinxext.opengraph
from docutils import nodes
from fontTools.ttLib import TTFont
from sphinx.application import Sphinx

from fastlege_calc.charts import vlcache

#: The variable font sphinxext-opengraph bundles and draws its cards in (its default when no font is set).
ROBOTO_FLEX = Path(sphinxext.opengraph.__file__).parent / "_static" / "Roboto-Flex.ttf"
#: The family name matplotlib registers both files under; _config.yml names it in `ogp_social_cards`.
FAMILY = "Roboto Flex"
#: matplotlib's "bold" (CSS and OpenType weight 700).
BOLD_WEIGHT = 700


def instance_name(font_bytes: bytes) -> str:
    """The file name of the bold instance of a font: SHA-256 of the font's bytes, fontTools' version and the weight.

    A different font file or fontTools version gives a different name, so a kept instance is never stale.
    """
    material = font_bytes + f"|fontTools {fontTools.version}|wght {BOLD_WEIGHT}".encode()
    return f"bold-{BOLD_WEIGHT}-{hashlib.sha256(material).hexdigest()[:16]}.ttf"


def _instantiate(font_bytes: bytes) -> bytes:
    """A static instance of a variable font at weight BOLD_WEIGHT, every other axis at its default (TrueType bytes)."""
    from fontTools.varLib import instancer  # only when an instance is made (once per environment)

    font = TTFont(io.BytesIO(font_bytes))
    axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes} | {"wght": BOLD_WEIGHT}
    out = io.BytesIO()
    instancer.instantiateVariableFont(font, axes).save(out)
    return out.getvalue()


def bold_instance(font: Path, folder: Path) -> Path:
    """The bold instance of the variable font file `font`, kept in `folder` by content (made there when missing).

    Where `folder` cannot be written (a read-only environment) the instance is made into a temporary file.
    Raises what fontTools raises for a file that is not a variable font with a weight axis.
    """
    font_bytes = font.read_bytes()
    name = instance_name(font_bytes)
    content = vlcache.cached(folder, name, lambda: _instantiate(font_bytes))
    if (folder / name).is_file():
        return folder / name
    with tempfile.NamedTemporaryFile(suffix=".ttf", delete=False) as handle:
        handle.write(content)
    return Path(handle.name)


def register_fonts(app: Sphinx) -> None:
    """builder-inited: register Roboto Flex and its bold instance with matplotlib before any card is drawn.

    Runs in the main process, so the processes that write pages in parallel (forked from it) have both.
    """
    if app.builder.format != "html":
        return
    manager = matplotlib.font_manager.fontManager
    manager.addfont(ROBOTO_FLEX)
    manager.addfont(bold_instance(ROBOTO_FLEX, vlcache.environment_cache()))


#: White space as the page's source has it (line breaks, runs of spaces); a no-break space in a number stays.
_ONE_SPACE = re.compile(r"[ \t\r\n]+")
#: Classes of inline text that the website does not show (its print form of a phrase).
NOT_ON_SCREEN = ("fl-print-only",)
#: Where a paragraph is not part of the page's running text: notes, tables, figures, footnotes, comments.
NOT_RUNNING_TEXT = (
    nodes.Admonition,
    nodes.Invisible,
    nodes.table,
    nodes.figure,
    nodes.caption,
    nodes.footnote,
    nodes.citation,
    nodes.sidebar,
    nodes.topic,
)


def page_description(doctree: nodes.document, description_length: int, known_titles=frozenset()) -> str:
    """A page's description for its link preview: its running text as a reader sees it on screen.

    doctree: the page, resolved; description_length: the most characters (sphinxext-opengraph's setting,
    200 by default); known_titles is accepted for sphinxext-opengraph's call and not needed (no title is
    a paragraph). The page's paragraphs in order, outside notes, tables, figures and footnotes, without
    print-only words, white space as one space (a number's no-break spaces kept); a longer text ends at
    a word with "…". HTML-escaped, as sphinxext-opengraph's own.
    """
    words: list[str] = []
    length = 0
    for paragraph in doctree.findall(nodes.paragraph):
        if _inside(paragraph, NOT_RUNNING_TEXT):
            continue
        text = _ONE_SPACE.sub(" ", _screen_text(paragraph)).strip(" ")
        if not text:
            continue
        words.append(text)
        length += len(text) + 1
        if length > description_length:
            break
    return html.escape(_shortened(" ".join(words), description_length), quote=True)


def _inside(node: nodes.Node, kinds: tuple[type, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent
    return False


def _screen_text(paragraph: nodes.paragraph) -> str:
    """The paragraph's text without its print-only parts."""
    parts = []
    for text in paragraph.findall(nodes.Text):
        node, hidden = text.parent, False
        while node is not None and node is not paragraph.parent:
            if any(name in NOT_ON_SCREEN for name in node.get("classes", [])):
                hidden = True
                break
            node = node.parent
        if not hidden:
            parts.append(text.astext())
    return "".join(parts)


def _shortened(text: str, most: int) -> str:
    """text, or its words up to `most` characters in all with "…" after the last (no word cut)."""
    if len(text) <= most:
        return text
    cut = text[: most - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–-") + "…"


#: The most characters of the description on a page's card: three lines of its 17-point text, which
#: grows upwards from above the address and stays clear of a two-line page title (sphinxext-opengraph aims
#: at two lines, 160 characters). _config.yml gives sphinxext-opengraph the same limit, so it cuts nothing.
CARD_DESCRIPTION_MOST = 230


def card_description(description: str) -> str:
    """The description as a page's card shows it: whole words, at most CARD_DESCRIPTION_MOST characters.

    description: a page's description, HTML-escaped (page_description's, as the meta tags need it); returns
    it as plain text (the card draws it as given: "&amp;" would be drawn as such), whole when short enough,
    else its words up to the limit with "…" after the last.
    """
    return _shortened(html.unescape(description), CARD_DESCRIPTION_MOST)


def use_card_text() -> None:
    """Let sphinxext-opengraph draw each page's card with `card_description` and without the Sphinx logo.

    Wraps sphinxext.opengraph.social_card_for_page (the description) and
    sphinxext.opengraph._social_cards.create_social_card_objects (the logo: its `image_mini`, which
    sphinxext-opengraph sets to its own Sphinx logo when none is configured). Raises RuntimeError when a
    sphinxext-opengraph release no longer has them or their arguments (the build must not draw the old card).
    """
    from sphinxext.opengraph import _social_cards

    for module, name, argument in (
        (sphinxext.opengraph, "social_card_for_page", "description"),
        (_social_cards, "create_social_card_objects", "image_mini"),
    ):
        function = getattr(module, name, None)
        if function is None or argument not in inspect.signature(function).parameters:
            raise RuntimeError(f"sphinxext-opengraph {sphinxext.opengraph.__version__}: no {name}({argument}=…)")
    social_card_for_page = sphinxext.opengraph.social_card_for_page
    create_social_card_objects = _social_cards.create_social_card_objects

    def card_for_page(config_social, site_name, title, description, *args, **kwargs):
        return social_card_for_page(config_social, site_name, title, card_description(description), *args, **kwargs)

    def objects_without_logo(*args, image_mini=None, **kwargs):
        return create_social_card_objects(*args, **kwargs)

    # Each wrapped once, however often Sphinx sets the extension up in one process.
    if not getattr(social_card_for_page, "fastlege_card", False):
        card_for_page.fastlege_card = True
        sphinxext.opengraph.social_card_for_page = card_for_page
    if not getattr(create_social_card_objects, "fastlege_card", False):
        objects_without_logo.fastlege_card = True
        _social_cards.create_social_card_objects = objects_without_logo


def use_page_description() -> None:
    """Let sphinxext-opengraph take each page's description from `page_description`.

    That is og:description, the description meta tag and the card's text. Called when the extension is
    set up, before any page is written (the processes that write pages are forked after it).
    """
    sphinxext.opengraph.get_description = page_description
