"""Preview cards (sphinxext-opengraph): a rebuild's site keeps only the cards its pages name, as a clean build's.

The cards' title is set in a real bold of their font (fastlege_book.cards), with no matplotlib font warning.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import fontTools
import matplotlib.font_manager
import pytest
from docutils import nodes
from fontTools.ttLib import TTFont
from matplotlib.ft2font import FT2Font
from sphinxext.opengraph import _social_cards

from fastlege_book import cards, sphinx_ext
from fastlege_calc.charts import vlcache

SITE = "https://fastlegeordningen.github.io/fastlegeordningen/"


def page(card: str) -> str:
    """A page head naming its card the way sphinxext-opengraph writes it."""
    return f'<html><head><meta property="og:image" content="{SITE}{sphinx_ext.SOCIAL_CARDS}/{card}" /></head></html>'


def built_site(tmp_path):
    out = tmp_path / "html"
    cards = out / sphinx_ext.SOCIAL_CARDS
    cards.mkdir(parents=True)
    (out / "book").mkdir()
    (out / "book" / "index.html").write_text(page("summary_book_index_1a2b3c4d.png"), encoding="utf-8")
    (out / "book" / "tiltak.html").write_text(page("summary_book_tiltak_5e6f7a8b.png"), encoding="utf-8")
    old = "summary_book_tiltak_00000000.png"  # tiltak's card before its description changed
    for name in ("summary_book_index_1a2b3c4d.png", "summary_book_tiltak_5e6f7a8b.png", old):
        (cards / name).write_bytes(b"\x89PNG")
    app = SimpleNamespace(outdir=str(out), builder=SimpleNamespace(format="html"))
    return app, cards


def test_a_card_no_page_names_any_more_is_removed_and_the_named_ones_stay(tmp_path):
    # tiltak's description changed (new numbers): its new card is named, the old one (00000000) is not.
    app, cards = built_site(tmp_path)
    sphinx_ext._drop_unused_cards(app, None)
    assert sorted(p.name for p in cards.iterdir()) == [
        "summary_book_index_1a2b3c4d.png",
        "summary_book_tiltak_5e6f7a8b.png",
    ]


def test_a_failed_build_removes_no_card(tmp_path):
    app, cards = built_site(tmp_path)
    sphinx_ext._drop_unused_cards(app, RuntimeError("the build failed"))
    assert len(list(cards.iterdir())) == 3


# --- the cards' font: Roboto Flex with a bold instance (fastlege_book.cards) ---------------------------
@pytest.fixture(scope="module")
def bold(tmp_path_factory) -> Path:
    """The bold instance of sphinxext-opengraph's Roboto Flex, made in a scratch folder (about 3 s)."""
    return cards.bold_instance(cards.ROBOTO_FLEX, tmp_path_factory.mktemp("fonts"))


def test_the_bold_instance_is_roboto_flex_at_weight_700_and_the_variable_font_is_400(bold):
    entry = matplotlib.font_manager.ttfFontProperty(FT2Font(str(bold)))
    assert (entry.name, entry.weight, entry.style) == ("Roboto Flex", 700, "normal")
    variable = matplotlib.font_manager.ttfFontProperty(FT2Font(str(cards.ROBOTO_FLEX)))
    assert (variable.name, variable.weight) == ("Roboto Flex", 400)  # why matplotlib found no bold before
    assert TTFont(bold)["OS/2"].usWeightClass == 700 and "fvar" not in TTFont(bold)  # static, not variable


def test_a_card_is_drawn_with_a_bold_title_and_no_font_warning(bold, tmp_path, monkeypatch, caplog):
    """The build's warning "Failed to find font weight bold for Roboto Flex" came from the card's title."""
    monkeypatch.setattr(vlcache, "environment_cache", lambda: bold.parent)  # the instance made above, not remade
    cards.register_fonts(SimpleNamespace(builder=SimpleNamespace(format="html")))
    bold_title = matplotlib.font_manager.FontProperties(family=cards.FAMILY, weight="bold")
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        assert Path(matplotlib.font_manager.findfont(bold_title)) == bold
        objects = _social_cards.create_social_card_objects(font=cards.FAMILY)
        _social_cards.render_social_card(
            tmp_path / "card.png", "Fastlegeordningen", "Tall og kilder", "…", SITE, objects
        )
    assert not [r.getMessage() for r in caplog.records if "Failed to find font" in r.getMessage()]
    assert (tmp_path / "card.png").read_bytes()[:4] == b"\x89PNG"


def test_the_kept_instance_follows_the_font_file_and_fonttools(tmp_path, monkeypatch):
    """Kept by content: another font file (or fontTools version) gets its own instance, never the old one."""
    monkeypatch.setattr(cards, "_instantiate", lambda font_bytes: b"bold of " + font_bytes)
    font, kept = tmp_path / "font.ttf", tmp_path / "kept"
    font.write_bytes(b"font A")
    first = cards.bold_instance(font, kept)
    assert first.read_bytes() == b"bold of font A"
    font.write_bytes(b"font B")
    second = cards.bold_instance(font, kept)
    assert second.read_bytes() == b"bold of font B" and second != first
    # The same font again is not made again: the kept file is used.
    monkeypatch.setattr(cards, "_instantiate", lambda font_bytes: pytest.fail("made again"))
    assert cards.bold_instance(font, kept) == second
    monkeypatch.setattr(fontTools, "version", "0.0-other")
    assert cards.instance_name(b"font B") != second.name


# --- the description of a shared link -----------------------------------------------------------------
def _page(*paragraphs: nodes.paragraph, note: str = "") -> nodes.document:
    """A resolved page: a title, an 'Eldre tall' note (an admonition) and the given paragraphs."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("page", get_default_settings(Parser))
    section = nodes.section()
    section += nodes.title(text="Fastlegens oppgaver")
    if note:
        box = nodes.admonition()
        box += nodes.paragraph(text=note)
        section += box
    for paragraph in paragraphs:
        section += paragraph
    document += section
    return document


def _cited() -> nodes.paragraph:
    """'… i 2019 (Helsedirektoratet, 2021).' as Sphinx resolves a citation: brackets and a link in an inline."""
    paragraph = nodes.paragraph()
    paragraph += nodes.Text("Helsedirektoratet talte 14 292 722 konsultasjoner i 2019 ")
    citation = nodes.inline(classes=["bibtex-citation"])
    citation += nodes.Text("(")
    citation += nodes.reference(text="Helsedirektoratet, 2021", refuri="#kilde")
    citation += nodes.Text(")")
    paragraph += citation
    paragraph += nodes.Text(".")
    return paragraph


def _screen_and_print() -> nodes.paragraph:
    paragraph = nodes.paragraph()
    paragraph += nodes.inline(text="Denne siden", classes=["fl-screen-only"])
    paragraph += nodes.inline(text="Dette vedlegget", classes=["fl-print-only"])
    paragraph += nodes.Text(" sammenligner tallene\nmed forrige utgave.")
    return paragraph


def test_a_link_preview_reads_as_the_page_does_on_screen():
    page = _page(_cited(), _screen_and_print(), note="De nyeste tallene er eldre enn denne utgaven.")
    expected = (
        "Helsedirektoratet talte 14 292 722 konsultasjoner i 2019 (Helsedirektoratet, 2021). "
        "Denne siden sammenligner tallene med forrige utgave."
    )
    assert cards.page_description(page, 200) == expected


def test_a_long_description_ends_at_a_whole_word_within_its_length():
    page = _page(_cited(), _screen_and_print())
    full = cards.page_description(page, 1000)
    for most in (40, 57, 80, 120):
        short = cards.page_description(page, most)
        assert len(short) <= most and short.endswith("…"), short
        assert full.startswith(short[:-1]) and full[len(short) - 1] in " ,.)", (short, full)


def test_sphinxext_opengraph_takes_its_descriptions_from_the_book(monkeypatch):
    import sphinxext.opengraph

    monkeypatch.setattr(sphinxext.opengraph, "get_description", sphinxext.opengraph.get_description)
    cards.use_page_description()
    tags = sphinxext.opengraph.get_tags(
        {"title": "Fastlegens oppgaver", "pagename": "book/oppgaver", "meta": {}, "metatags": ""},
        _page(_cited()),
        srcdir=".",
        outdir=".",
        config=SimpleNamespace(
            ogp_description_length=200,
            ogp_type="website",
            ogp_site_url="https://example.org/",
            ogp_canonical_url="",
            ogp_site_name="Fastlegeordningen",
            ogp_enable_meta_description=True,
            ogp_image="",
            ogp_image_alt="",
            ogp_use_first_image=False,
            ogp_social_cards={"enable": False},
            ogp_custom_meta_tags=(),
        ),
        builder=SimpleNamespace(get_target_uri=lambda name: name + ".html"),
        env=None,
    )
    assert "i 2019 (Helsedirektoratet, 2021)." in tags


# --- the card: whole words, no Sphinx logo --------------------------------------------------------------
def test_a_long_description_ends_on_the_card_at_a_whole_word_with_an_ellipsis():
    words = ["Summert", "over", "kommunene", "sto", "117\u00a0899", "listeinnbyggere", "uten", "fastlege"] * 8
    text = " ".join(words)
    shown = cards.card_description(text)
    assert len(shown) <= cards.CARD_DESCRIPTION_MOST and shown.endswith("…") and "..." not in shown
    kept = shown[:-1].split(" ")
    assert kept == words[: len(kept)]  # every word on the card is whole, in order
    assert len(shown) + 1 + len(words[len(kept)]) >= cards.CARD_DESCRIPTION_MOST  # the next word would not fit
    assert cards.card_description("Kort & greit") == "Kort & greit"  # short: whole, and drawn unescaped


def test_the_config_lets_sphinxext_opengraph_cut_nothing_before_the_card_does():
    config = (Path(__file__).parents[2] / "_config.yml").read_text(encoding="utf-8")
    assert f"description_max_length: {cards.CARD_DESCRIPTION_MOST}" in config


def test_a_drawn_card_has_the_description_at_a_whole_word_and_no_sphinx_logo(tmp_path, monkeypatch):
    """Draws a card through sphinxext-opengraph as a build does, with the logo drawing and the text recorded."""
    import sphinxext.opengraph

    monkeypatch.setattr(sphinxext.opengraph, "social_card_for_page", sphinxext.opengraph.social_card_for_page)
    logos, texts = [], []
    real_objects = _social_cards.create_social_card_objects

    def recording_objects(*args, image_mini=None, **kwargs):
        logos.append(image_mini)
        return real_objects(*args, **kwargs)

    real_render = _social_cards.render_social_card

    def recording_render(path, site, title, description, *rest):
        texts.append(description)
        return real_render(path, site, title, description, *rest)

    monkeypatch.setattr(_social_cards, "create_social_card_objects", recording_objects)
    monkeypatch.setattr(_social_cards, "render_social_card", recording_render)
    cards.use_card_text()
    description = "I 30 kommuner sto mer enn 20 % av listeinnbyggerne på en liste uten lege. " * 5
    env = SimpleNamespace()
    config = SimpleNamespace(html_logo=None)
    sphinxext.opengraph.social_card_for_page(
        {"description_max_length": cards.CARD_DESCRIPTION_MOST},
        "Fastlegeordningen",
        "Kommunene",
        description,
        "book/kommunene",
        SITE,
        SITE + "book/kommunene.html",
        srcdir=tmp_path,
        outdir=tmp_path,
        config=config,
        env=env,
    )
    assert logos == [None]  # sphinxext-opengraph asked for its Sphinx logo; the card got none
    assert texts == [cards.card_description(description)] and texts[0].endswith("…")
    assert list((tmp_path / "_images" / "social_previews").glob("*.png"))
