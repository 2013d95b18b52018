"""fastlege_book.pdfcheck on small PDFs: a tagged one that passes, and copies that break one rule each.

The good PDF is set by WeasyPrint as PDF/UA-1 and finished by fastlege_book.pdf.finish, like the
book's PDFs; each broken copy changes one thing with pikepdf, and the check must name it.
"""

from __future__ import annotations

import base64
import re
import shutil

import pikepdf
import pytest
import weasyprint
from hypothesis import given, settings
from hypothesis import strategies as st

from fastlege_book import pdfcheck
from fastlege_book.pdf import finish

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#0072B2"/></svg>'
)
HTML = f"""<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Prøve</title>
<style>@page {{ size: A5; @top-center {{ content: "Løpende topptekst"; }} }}
body {{ font-family: FreeSerif; }} h1 {{ bookmark-level: 1; }}</style></head><body>
<h1>Kapittel om lister</h1>
<p>Registeret talte 212 289 listeinnbyggere uten fastlege, se <a href="#tabell">tabellen</a>.</p>
<table id="tabell"><thead><tr><th scope="col">År</th><th scope="col">Uten fastlege</th></tr></thead>
<tbody><tr><td>2022</td><td>212 289</td></tr></tbody></table>
<img alt="Søyle for 2022" src="data:image/svg+xml;base64,{base64.b64encode(SVG.encode()).decode()}">
</body></html>"""
FIGURES = ["212 289", "2022"]


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """The small tagged PDF, finished as the book's PDFs are."""
    path = tmp_path_factory.mktemp("pdfcheck") / "good.pdf"
    raw = weasyprint.HTML(string=HTML).write_pdf(pdf_variant="pdf/ua-1")
    finish.finish(raw, path, {"tabell": "Tabellen over lister"})
    return path


def broken(good, tmp_path, change) -> list[str]:
    """Check a copy of the good PDF after change(pdf) has broken it."""
    path = tmp_path / "broken.pdf"
    shutil.copy(good, path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        change(pdf)
        pdf.save(path)
    return pdfcheck.check(path, chapters=["Kapittel om lister"], figures=FIGURES)


def elements(pdf, tag):
    return [e for e in pdfcheck._elements(pdf) if e.S == tag]


def test_the_good_pdf_passes(good):
    assert pdfcheck.check(good, chapters=["Kapittel om lister"], figures=FIGURES) == []


def test_the_running_head_is_an_artifact_and_the_text_is_tagged(good):
    with pikepdf.open(good) as pdf:
        content = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(pdf.pages[0]))
        assert b"/Artifact" in content
        tags = {str(e.S) for e in pdfcheck._elements(pdf)}
    assert {"/H1", "/P", "/Table", "/TH", "/TD", "/Figure", "/Link"} <= tags


def test_an_untagged_pdf_fails(good, tmp_path):
    problems = broken(good, tmp_path, lambda pdf: pdf.Root.__delattr__("StructTreeRoot"))
    assert any("no structure tree" in p for p in problems)


def test_a_figure_without_alt_fails(good, tmp_path):
    def drop_alt(pdf):
        for figure in elements(pdf, "/Figure"):
            del figure.Alt

    assert any("without alternative text" in p for p in broken(good, tmp_path, drop_alt))


def test_a_table_without_header_cells_fails(good, tmp_path):
    def headers_to_cells(pdf):
        for th in elements(pdf, "/TH"):
            th.S = pikepdf.Name("/TD")

    assert any("without header cells" in p for p in broken(good, tmp_path, headers_to_cells))


def test_a_header_cell_without_scope_fails(good, tmp_path):
    def drop_scope(pdf):
        for th in elements(pdf, "/TH"):
            del th.A.Scope

    assert any("without /Scope" in p for p in broken(good, tmp_path, drop_scope))


def test_a_pdf_without_language_fails(good, tmp_path):
    assert any("no document language" in p for p in broken(good, tmp_path, lambda pdf: pdf.Root.__delattr__("Lang")))


def test_a_pdf_in_another_language_fails(good, tmp_path):
    def english(pdf):
        pdf.Root.Lang = pikepdf.String("en")

    assert any("expected 'nb'" in p for p in broken(good, tmp_path, english))


def test_a_pdf_that_shows_its_file_name_fails(good, tmp_path):
    def file_name(pdf):
        pdf.Root.ViewerPreferences.DisplayDocTitle = False

    assert any("DisplayDocTitle" in p for p in broken(good, tmp_path, file_name))


def test_a_pdf_without_title_in_xmp_fails(good, tmp_path):
    def no_title(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            del meta["dc:title"]

    assert any("no title in the XMP" in p for p in broken(good, tmp_path, no_title))


def test_a_pdf_without_the_pdf_ua_identifier_fails(good, tmp_path):
    def no_identifier(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            del meta["pdfuaid:part"]

    assert any("PDF/UA identifier" in p for p in broken(good, tmp_path, no_identifier))


def test_a_pdf_without_bookmarks_fails(good, tmp_path):
    assert any("no bookmarks" in p for p in broken(good, tmp_path, lambda pdf: pdf.Root.__delattr__("Outlines")))


def test_a_chapter_without_a_bookmark_fails(good):
    problems = pdfcheck.check(good, chapters=["Kapittel om lister", "Et kapittel uten bokmerke"], figures=[])
    assert problems == [f"{good.name}: no bookmark for 'Et kapittel uten bokmerke'"]


def test_paint_outside_marked_content_fails(good, tmp_path):
    def untagged_rectangle(pdf):
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(b"0 0 10 10 re f"), prepend=False)

    problems = broken(good, tmp_path, untagged_rectangle)
    assert any("page 1: 1 painting operations neither tagged nor artifact" in p for p in problems)


def test_marked_content_outside_the_structure_tree_fails(good, tmp_path):
    def orphan(pdf):
        page = pdf.pages[0]
        stream = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))
        page.obj.Contents = pdf.make_stream(stream.replace(b"/MCID 0", b"/MCID 999", 1))

    assert any("not in the structure tree" in p for p in broken(good, tmp_path, orphan))


def test_a_font_without_unicode_map_fails(good, tmp_path):
    def no_tounicode(pdf):
        for font in pdf.pages[0].Resources.Font.values():
            del font.ToUnicode

    assert any("no /ToUnicode map" in p for p in broken(good, tmp_path, no_tounicode))


def test_a_font_not_embedded_fails(good, tmp_path):
    def not_embedded(pdf):
        for font in pdf.pages[0].Resources.Font.values():
            descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in descriptor:
                    del descriptor[key]

    assert any("not embedded" in p for p in broken(good, tmp_path, not_embedded))


def test_a_link_without_description_fails(good, tmp_path):
    def undescribed(pdf):
        for annot in pdf.pages[0].Annots:
            del annot.Contents

    assert any("without a description" in p for p in broken(good, tmp_path, undescribed))


def test_a_footnote_mark_after_a_figure_fails(tmp_path):
    path = tmp_path / "footnote.pdf"
    marked = HTML.replace("212 289 listeinnbyggere", "212 289<sup>14</sup> listeinnbyggere")
    finish.finish(weasyprint.HTML(string=marked).write_pdf(pdf_variant="pdf/ua-1"), path, {"tabell": "Tabellen"})
    problems = pdfcheck.check(path, chapters=[], figures=FIGURES)
    assert any("figure '212 289' is followed by a digit" in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("talte 212 28914 listeinnbyggere", "212 289"),  # footnote 14 after the figure
        ("tilføre 1,6 mrd. kr3 over", "1,6 mrd. kr"),  # a unit, then a footnote mark
        ("aksen 800 0001 000 000", "800 000"),  # chart labels run together
        ("talte 212\u00a028914 listeinnbyggere", "212\u00a0289"),  # no-break spaces in text and registry
    ],
)
def test_figures_run_on_into_digits(text, figure):
    assert pdfcheck.numbers_followed_by_non_digit(text, [figure])


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("om lag 100 mill. kr", "10"),  # a longer number that starts like the figure
        ("per uke 2,41 dager", "2,4"),  # more decimals: another number
        ("koster 800 000 kr i året", "80"),
        ("talte 212 289 listeinnbyggere", "212 289"),
        ("ved utgangen av 2022.", "2022"),
        ("i 2019 og 2 765 kr i 2024", "765"),  # part of a grouped number
    ],
)
def test_figures_followed_by_a_non_digit_pass(text, figure):
    assert pdfcheck.numbers_followed_by_non_digit(text, [figure]) == []


#: What pdfcheck._occurrences stands for: the regular expression it replaced (not after a digit or a
#: comma, nor after a digit and a space; non-overlapping), kept here as the definition.
def _occurrences_by_regex(text: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<![\d,])(?<!\d )" + re.escape(needle), text)]


@given(
    text=st.text(alphabet="12, a\u0663", max_size=40),
    needle=st.sampled_from(["1", "11", "12", "1 2", "2,1", "a1", " 1", "1,", "\u06631"]),
)
@settings(max_examples=400, deadline=None)
def test_occurrences_are_those_of_the_regular_expression(text, needle):
    assert list(pdfcheck._occurrences(text, needle)) == _occurrences_by_regex(text, needle)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("1111", "11"),  # overlapping: 0 only (1 and 2 follow a digit)
        ("a 11 11", "11"),  # the second follows a digit and a space
        (",5 5 b5", "5"),  # after a comma, after "5 ", after a letter
        ("5", "5"),  # at the start of the text
        ("\u06635", "5"),  # after an Arabic-Indic digit (a decimal digit to \d)
    ],
)
def test_occurrences_examples(text, needle):
    found = list(pdfcheck._occurrences(text, needle))
    assert found == _occurrences_by_regex(text, needle)
    expected = {"1111": [0], "a 11 11": [2], ",5 5 b5": [6], "5": [0], "\u06635": []}[text]
    assert found == expected
