"""The report's print stylesheet (fastlege_book/pdf/print.css) as WeasyPrint sets it: page breaks.

A table's caption left alone at the foot of a page is a table of its own in the PDF's tags, one
without header cells: the PDF check refuses it and the build publishes nothing (this happened to
Tabell B.1 once a paragraph was added above it). Every position of a table on the page is tried.
"""

from __future__ import annotations

import weasyprint

from fastlege_book.pdf import STYLESHEET

#: Heights of the space above each table, in millimetres: from a table at the top of the page to one
#: whose caption is the last line that fits (an A4 page with print.css's margins has 242 mm of text).
SPACER_MM = range(200, 246, 2)


def _document() -> str:
    rows = "".join(f"<tr><td>{year}</td><td>{year - 1990} %</td></tr>" for year in range(2020, 2026))
    sections = "".join(
        f'<div style="break-before: page; height: {mm}mm"></div>'
        f"<table><caption>Tabell {mm}</caption>"
        f'<thead><tr><th scope="col">Hode {mm}</th><th scope="col">Andel</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        for mm in SPACER_MM
    )
    css = STYLESHEET.read_text(encoding="utf-8")
    return f'<!DOCTYPE html><html lang="nb"><head><style>{css}</style></head><body>{sections}</body></html>'


def _texts(box) -> list[str]:
    found = [box.text] if getattr(box, "text", None) else []
    for child in getattr(box, "children", None) or []:
        found += _texts(child)
    return found


def test_a_caption_is_never_left_at_the_foot_of_a_page_without_its_table():
    pages = weasyprint.HTML(string=_document()).render().pages
    words_by_page = [" ".join(_texts(page._page_box)).split() for page in pages]
    alone = []
    for mm in SPACER_MM:
        caption_page = next(i for i, words in enumerate(words_by_page) if f"Tabell {mm}" in " ".join(words))
        header_page = next(i for i, words in enumerate(words_by_page) if f"Hode {mm}" in " ".join(words))
        if caption_page != header_page:
            alone.append(f"{mm} mm above: caption on page {caption_page + 1}, header on page {header_page + 1}")
    assert not alone, alone
