"""fastlege_book.pdf.assemble and .charts on a tiny built website: what paper gets instead of the screen."""

from __future__ import annotations

import json
import re

import pytest
import vl_convert as vlc
from lxml import html

from fastlege_book.pdf import assemble, charts

SITE = "https://example.org/bok/"
TOC = """format: jb-book
root: book/index
parts:
  - caption: Kunnskapsgrunnlaget
    numbered: true
    chapters:
      - file: book/sammendrag
  - caption: Vedlegg
    chapters:
      - file: book/om-tallene
"""


def page(docname: str, article: str) -> str:
    return (
        f'<html lang="nb"><head><meta property="og:url" content="{SITE}{docname}.html"></head>'
        f'<body><article class="bd-article">{article}</article></body></html>'
    )


def number(key: str, text: str) -> str:
    return (
        f'<span class="fl-tall"><a class="fl-tall-link" href="tall-og-kilder.html#tall-{key}">{text}</a>'
        f'<span class="fl-tall-tip" role="tooltip">Kilde: KS (2024). Normal arbeidsuke.</span></span>'
    )


def chart_element(alt: str) -> str:
    spec = vlc.vegalite_to_vega(
        {
            "data": {"values": [{"x": "a", "y": 100000}, {"x": "b", "y": 1200000}]},
            "mark": "bar",
            "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}},
            "width": "container",
        }
    )
    spec["description"] = alt
    return (
        f'<figure id="fig-a"><div class="fl-chart"><div class="fl-chart-view" role="img" aria-label="{alt}"></div>'
        f'<script type="application/json" class="fl-chart-spec">{json.dumps(spec)}</script>'
        '<details class="fl-chart-data"><summary>Tallene bak figuren</summary><table><tr><td>1</td></tr></table>'
        '</details></div><figcaption><p><span class="caption-number">Figur 1.1 </span>'
        '<span class="caption-text">Stolper.</span></p></figcaption></figure>'
    )


@pytest.fixture
def site(tmp_path):
    (tmp_path / "_toc.yml").write_text(TOC, encoding="utf-8")
    book = tmp_path / "html" / "book"
    book.mkdir(parents=True)
    (book / "index.html").write_text(
        page(
            "book/index",
            '<section id="x"><h1>Tittel</h1><p class="fl-pdf-link"><a href="../a.pdf">PDF</a></p></section>',
        ),
        encoding="utf-8",
    )
    summary = (
        '<section id="sammendrag"><span id="kap-sammendrag"></span>'
        '<h1><span class="section-number">1. </span>Sammendrag<a class="headerlink" href="#s">#</a></h1>'
        f"<p>Fastlegene jobbet {number('hours', '55,6 timer')}, mot {number('week', '37,5 timer')}. "
        '<span class="fl-screen-only">Klikk på tallet.</span><span class="fl-print-only">Se kildene.</span> '
        'Se <a class="reference internal" href="om-tallene.html#kap-om-tallene">'
        '<span class="std std-ref">Om tallene</span></a> og <a class="reference internal" '
        'href="om-tallene.html#tab-a"><span class="std std-numref">Tabell 1</span></a>.</p>'
        f"{chart_element('Stolpediagram med to stolper.')}"
        "</section>"
    )
    (book / "sammendrag.html").write_text(page("book/sammendrag", summary), encoding="utf-8")
    appendix = (
        '<section id="om-tallene"><span id="kap-om-tallene"></span><h1>Om tallene</h1>'
        '<section id="data"><h2>Data</h2><p>Mer i '
        '<a class="reference internal" href="../_static/figures.json">registeret</a>.</p>'
        '<table class="table" id="tab-a"><caption><span class="caption-number">Tabell 1 </span>'
        '<span class="caption-text">Tallene.</span></caption><thead><tr><th class="head">År</th></tr></thead>'
        "<tbody><tr><td>2022</td></tr></tbody></table></section></section>"
    )
    (book / "om-tallene.html").write_text(page("book/om-tallene", appendix), encoding="utf-8")
    return tmp_path


@pytest.fixture
def document(site):
    book = assemble.load_book(site / "html", site / "_toc.yml")
    for p in book.values():
        assemble.mark_figure_keys(p)
    return assemble.prepare(list(book.values()), book), book


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def test_toc_order_numbers_chapters_and_letters_appendices(site):
    root, chapters = assemble.toc_order(site / "_toc.yml")
    assert root == "book/index"
    assert chapters == [("book/sammendrag", "1"), ("book/om-tallene", "A")]


def test_numbers_are_plain_text_with_nothing_after_them(document):
    _doc, book = document
    paragraph = book["book/sammendrag"].body.find(".//p")
    assert "Fastlegene jobbet 55,6 timer, mot 37,5 timer." in text_of(paragraph)
    assert not paragraph.cssselect("a.fl-tall-link") and not paragraph.cssselect(".fl-tall-tip")


def test_paper_gets_the_print_sentence_and_not_the_screen_one(document):
    _doc, book = document
    text = text_of(book["book/sammendrag"].body)
    assert "Se kildene." in text
    assert "Klikk" not in text


def test_appendix_tables_are_numbered_by_their_letter_and_references_follow(document):
    _doc, book = document
    caption = book["book/om-tallene"].body.find(".//caption")
    assert text_of(caption).startswith("Tabell A.1 Tallene.")
    numref = book["book/sammendrag"].body.cssselect("a.fl-xref-page")[0]
    assert text_of(numref) == "Tabell A.1"
    assert numref.get("href") == "#book-om-tallene--tab-a"


def test_chapter_references_name_the_appendix_and_point_inside_the_document(document):
    _doc, book = document
    ref = book["book/sammendrag"].body.cssselect("a.fl-xref-where")[0]
    assert text_of(ref) == "«Om tallene»"
    assert ref.get("data-fl-where") == "vedlegg A"
    assert ref.get("href") == "#book-om-tallene--kap-om-tallene"


def test_links_to_files_of_the_website_get_its_web_address(document):
    _doc, book = document
    link = next(a for a in book["book/om-tallene"].body.iter("a") if text_of(a) == "registeret")
    assert link.get("href") == SITE + "_static/figures.json"


def test_headings_get_chapter_labels_and_section_numbers(document):
    _doc, book = document
    assert text_of(book["book/sammendrag"].body.find(".//h1")) == "Kapittel 1 Sammendrag"
    assert text_of(book["book/om-tallene"].body.find(".//h2")) == "A.1 Data"
    assert book["book/om-tallene"].body.find(".//h1").get("data-fl-bookmark") == "A Om tallene"


def test_a_chart_becomes_an_svg_image_with_its_text_alternative(document):
    _doc, book = document
    body = book["book/sammendrag"].body
    image = body.find(".//img")
    assert image.get("alt") == "Stolpediagram med to stolper."
    assert image.get("src").startswith("data:image/svg+xml;base64,")
    assert not body.cssselect("details") and not body.cssselect("script")


def test_ids_are_unique_across_pages(document):
    doc, _book = document
    ids = [e.get("id") for p in doc.pages for e in p.body.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_the_key_sources_name_each_figure_and_no_mark_touches_a_number(document):
    _doc, book = document
    figures = [
        {"key": "hours", "text": "55,6 timer", "unit": "hours_per_week", "sources": ["m"], "description": "Arbeidstid"},
        {"key": "week", "text": "37,5 timer", "unit": "hours_per_week", "sources": ["k"], "description": "Normal uke"},
    ]
    paragraph = assemble.key_sources(book["book/sammendrag"], figures, {"m": "Morken mfl. (2019)", "k": "KS (2024)"})
    text = text_of(paragraph)
    assert (
        text == "Kilder til tallene. Morken mfl. (2019): 55,6 timer (arbeidstid). KS (2024): 37,5 timer (normal uke)."
    )
    assert not re.search(
        r"\d[^\s\d,.]*\d", text.replace("55,6", "").replace("37,5", "").replace("2019", "").replace("2024", "")
    )


def test_the_key_sources_keep_the_capital_of_a_name_and_lower_a_common_word(document):
    _doc, book = document
    figures = [
        {
            "key": "week",
            "text": "37,5 timer",
            "unit": "hours_per_week",
            "sources": ["a"],
            "description": "Legeforeningens",
        },
        {"key": "hours", "text": "55,6 timer", "unit": "hours_per_week", "sources": ["m"], "description": "Arbeidstid"},
    ]
    labels = {"a": "Allmennlegeforeningen (2022)", "m": "Morken mfl. (2019)"}
    text = text_of(assemble.key_sources(book["book/sammendrag"], figures, labels))
    assert "(Legeforeningens)" in text and "(arbeidstid)" in text, text


def test_the_key_sources_put_no_bracket_inside_a_bracket(document):
    _doc, book = document
    description = (
        "Høyeste månedlige antall listeinnbyggere uten fastlege (om lag), august 2023"  # as the registry gives it
    )
    figures = [{"key": "hours", "text": "229 000", "unit": "patients", "sources": ["n"], "description": description}]
    text = text_of(assemble.key_sources(book["book/sammendrag"], figures, {"n": "NRK (2024)"}))
    inside = text[text.index("229 000") :]
    assert inside.count("(") == 1 and inside.count(")") == 1, text  # one pair around the description
    assert "uten fastlege, om lag, august 2023)" in text, text  # every word kept, in order


def test_hidden_chart_labels_leave_the_svg():
    svg = (
        '<svg><text opacity="1">800 000</text><text opacity="0">900 000</text>'
        '<text fill="#000" opacity="0">1 000 000</text><text>Kroner</text></svg>'
    )
    assert charts.visible_only(svg) == '<svg><text opacity="1">800 000</text><text>Kroner</text></svg>'


def test_the_print_chart_has_no_hidden_labels():
    spec = vlc.vegalite_to_vega(
        {
            "data": {"values": [{"x": v, "y": v} for v in range(0, 2_000_001, 100_000)]},
            "mark": "point",
            "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
            "width": 120,
        }
    )
    drawn = charts.svg(spec, 200)
    assert 'opacity="0"' not in drawn
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", drawn)
    assert labels and len(labels) < 30  # Vega drew fewer labels than ticks and the hidden ones are gone
    assert html.fromstring(drawn.encode()) is not None


def test_a_one_word_table_cell_is_not_hyphenated_and_a_long_cell_is():
    table = html.fromstring(
        "<div><table><tbody><tr><td>Bestemmer</td><td>Vedtar statsbudsjettet og behandler meldinger</td>"
        "<td>2 765 kr</td><td>Omsorgsdepartementet</td></tr></tbody></table></div>"
    )
    page = assemble.Page(docname="book/x", label="1", url="", title="X", body=table)
    assemble.clean(page)
    cells = table.cssselect("td")
    assert [("fl-nowrap" in c.classes) for c in cells] == [True, False, False, False]
