"""Page numbers of references with fewer page layouts (fastlege_book.pdf.repagination on WeasyPrint).

The corrected bookkeeping must lay out the same pages as WeasyPrint's own, text and page numbers
included, with each page laid out at most twice instead of three times; and the numbers it prints
must be the pages the targets are on.
"""

from __future__ import annotations

import re

import pytest
import weasyprint
import weasyprint.layout.page
from weasyprint.css import targets

from fastlege_book.pdf import repagination

pytestmark = pytest.mark.skipif(
    weasyprint.__version__ != repagination.WEASYPRINT_VERSION, reason="the correction is for WeasyPrint 70.0"
)

#: Page numbers as print.css makes them: a table of contents with leaders, references "(del X,
#: side N)" and "X på side N"; A6 pages, so that a few words fill one.
CSS = """
@page { size: A6; margin: 10mm; @bottom-center { content: counter(page); } }
body { font: 10pt/1.3 FreeSerif; }
section { break-before: page; }
.toc a::after { content: leader(".") " " target-counter(attr(href), page); }
a.where::after { content: " (" attr(data-where) ", side " target-counter(attr(href), page) ")"; }
a.page::after { content: " på side " target-counter(attr(href), page); }
"""
SECTIONS = 6
#: Words before the references in each section.
WORD_COUNTS = (100, 345)


def _document(words: int) -> str:
    """A table of contents, then sections that each refer to every section (earlier and later ones)."""
    toc = "".join(f'<li><a href="#s{n}">Del {n}</a></li>' for n in range(SECTIONS))
    refs = " ".join(
        f'<a class="page" href="#s{k}">mål{k}</a> og <a class="where" data-where="del {k}" href="#s{k}">del {k}</a>'
        for k in range(SECTIONS)
    )
    filler = " ".join(f"ord{i}" for i in range(words))
    body = "".join(
        f'<section id="s{n}"><h1>Del {n}</h1><p>{filler} {refs} {refs}</p></section>' for n in range(SECTIONS)
    )
    return _html(toc, body)


def _moving_document(words: int, sections: int = 12) -> str:
    """Sections that each refer 40 times to the last one, on a page after the ninth.

    The last section's number, once known, is two digits wide where the first layout printed 0: the
    longer paragraphs move the following sections (the last one with its own references) to later pages.
    """
    toc = "".join(f'<li><a href="#s{n}">Del {n}</a></li>' for n in range(sections))
    refs = " ".join(f'<a class="page" href="#s{sections - 1}">mål</a>' for _ in range(40))
    filler = " ".join(f"ord{i}" for i in range(words))
    body = "".join(
        f'<section id="s{n}"><h1>Del {n}</h1><p>{filler} {refs}</p><p>{filler}</p></section>' for n in range(sections)
    )
    return _html(toc, body)


def _html(toc: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="nb"><head><style>{CSS}</style></head><body>'
        f'<nav class="toc"><ol>{toc}</ol></nav>{body}</body></html>'
    )


def _render(html: str) -> tuple[list[str], dict[str, int], int]:
    """Each laid-out page's text, each anchor's first page (1 = first), and how many page layouts were made."""
    made = []
    remake = weasyprint.layout.page.remake_page

    def counted(index, *args):
        made.append(index)
        return remake(index, *args)

    weasyprint.layout.page.remake_page = counted
    try:
        document = weasyprint.HTML(string=html).render()
    finally:
        weasyprint.layout.page.remake_page = remake
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
    return [" ".join(_texts(page._page_box)) for page in document.pages], anchors, len(made)


def _texts(box) -> list[str]:
    found = [box.text] if getattr(box, "text", None) else []
    for child in getattr(box, "children", None) or []:
        found += _texts(child)
    return found


def _install(monkeypatch) -> None:
    """install() for one test: WeasyPrint's own methods are put back afterwards."""
    for name in ("collect_missing_counters", "cache_target_page_counters"):
        monkeypatch.setattr(targets.TargetCollector, name, getattr(targets.TargetCollector, name))
    assert repagination.install()
    assert repagination.install()  # a second call changes nothing
    assert targets.TargetCollector.collect_missing_counters is repagination.collect_missing_counters


def _stock_and_corrected(monkeypatch, html: str) -> tuple[int, list[str], dict[str, int], int]:
    """Lay out html with WeasyPrint alone, then corrected; both must give the same pages.

    Returns WeasyPrint's own number of page layouts, then the corrected pages, anchors and layouts.
    """
    stock_pages, stock_anchors, stock_layouts = _render(html)
    _install(monkeypatch)
    pages, anchors, layouts = _render(html)
    assert pages == stock_pages
    assert anchors == stock_anchors
    return stock_layouts, pages, anchors, layouts


@pytest.mark.parametrize("words", WORD_COUNTS)
def test_the_same_pages_with_each_page_with_references_laid_out_twice_not_three_times(monkeypatch, words):
    stock_layouts, pages, _, layouts = _stock_and_corrected(monkeypatch, _document(words))
    # The contents (page 1) and each page with a "side N" refer to pages; the others have no reference.
    with_references = 1 + sum("side " in text for text in pages[1:])
    assert stock_layouts == len(pages) + 2 * with_references
    assert layouts == len(pages) + with_references


@pytest.mark.parametrize("words", (69, 159))
def test_the_same_pages_when_the_numbers_move_text_to_later_pages(monkeypatch, words):
    """Numbers wider than the first layout's 0 move text: pages are laid out again until none moves."""
    stock_layouts, pages, anchors, layouts = _stock_and_corrected(monkeypatch, _moving_document(words))
    assert layouts < stock_layouts
    # The last section refers to itself: it is on the page its own references print.
    last = anchors["s11"]
    assert last >= 10
    assert f"på side {last}" in pages[last - 1]
    assert all(f"på side {last}" in text for text in pages if "på side" in text)


def test_the_contents_print_the_page_each_section_starts_on(monkeypatch):
    _install(monkeypatch)
    pages, anchors, _ = _render(_document(WORD_COUNTS[-1]))
    contents = re.findall(r"Del (\d+)[ .]+ (\d+)\b", pages[0])
    assert [int(n) for n, _ in contents] == list(range(SECTIONS))
    assert {f"s{n}": int(page) for n, page in contents} == {f"s{n}": anchors[f"s{n}"] for n in range(SECTIONS)}
    # The last section starts after page 9: its number is wider than the first layout's 0.
    assert anchors[f"s{SECTIONS - 1}"] >= 10
    # References on a page of their own print their target's page (one at a page's foot may differ in
    # WeasyPrint alone too, where its box is split across the break; the test above holds them equal).
    shown = re.findall(r"\(del (\d+), side (\d+)\)", " ".join(pages))
    assert shown
    right = sum(int(page) == anchors[f"s{n}"] for n, page in shown)
    assert right >= len(shown) - 2 * SECTIONS
