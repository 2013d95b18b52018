"""Preview cards (sphinxext-opengraph): a rebuild's site keeps only the cards its pages name, as a clean build's."""

from __future__ import annotations

from types import SimpleNamespace

from fastlege_book import sphinx_ext

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
