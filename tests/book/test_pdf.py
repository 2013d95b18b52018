"""The PDF editions as a reader gets them: the full report and the two-page kortversjon.

Read-only checks on the session's `built_book` (conftest). The checks are properties (every chapter in
_toc.yml, every chart in the chapters), not counts of today's book, so they hold while chapters and
charts are added. fastlege_book.pdfcheck (tested on small PDFs in tests/unit/test_pdfcheck.py) checks
the tags here on the real PDFs; the build facts without a build are checked in
tests/unit/test_buildinfo.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess

import pytest
import yaml
from pypdf import PdfReader

from fastlege_book import buildinfo, pdfcheck
from fastlege_book.pdf import assemble
from fastlege_calc import __version__, data, fmt, registry
from tests.helpers import ROOT

from .bookutil import normalise, pdf_text, shown_figures

A4_PT = (595, 842)


CITATION = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def report(book):
    return book / "_build" / "fastlegeordningen.pdf"


def short(book):
    return book / "_build" / "fastlegeordningen-kortversjon.pdf"


def toc_files(book) -> list[str]:
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def chapter_title(book, file: str) -> str:
    text = (book / f"{file}.md").read_text(encoding="utf-8")
    text = re.sub(r"^```.*?^```", "", re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S), flags=re.M | re.S)
    return re.search(r"^# (.+)$", text, flags=re.M).group(1).strip()


def chart_cells(markdown: str) -> int:
    """Code cells in a MyST notebook that draw a chart with fastlege_calc.charts."""
    cells = re.findall(r"^```\{code-cell\}.*?^```", markdown, flags=re.M | re.S)
    return sum(1 for cell in cells if re.search(r"\bcharts\.\w+\(", cell))


def page_texts(path) -> list[str]:
    """The text of each page (pdftotext; pages are separated by form feeds)."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return [normalise(page) for page in out.stdout.split("\f")]


# --- both PDFs ------------------------------------------------------------------------------------
@pytest.mark.parametrize("which", [report, short], ids=["report", "kortversjon"])
def test_every_page_is_a4(built_book, which):
    for number, page in enumerate(PdfReader(which(built_book)).pages, start=1):
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4_PT, f"page {number}"


@pytest.mark.parametrize("which", [report, short], ids=["report", "kortversjon"])
def test_all_fonts_are_embedded(built_book, which):
    out = subprocess.run(["pdffonts", str(which(built_book))], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        # name type encoding emb sub uni object ID: "emb" is the fourth column from the end.
        assert row.split()[-5] == "yes", row


@pytest.mark.parametrize("which", [report, short], ids=["report", "kortversjon"])
def test_metadata_title_author_subject_keywords_language(built_book, which):
    reader = PdfReader(which(built_book))
    meta = reader.metadata
    assert meta.title.startswith(CITATION["title"])
    assert meta.author == CITATION["authors"][0]["name"]
    assert meta.subject == CITATION["abstract"]
    for keyword in CITATION["keywords"]:
        assert keyword in meta["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "nb"


@pytest.mark.parametrize("which", [report, short], ids=["report", "kortversjon"])
def test_no_unresolved_reference_markup_or_notebook_output(built_book, which):
    text = pdf_text(which(built_book))
    assert "??" not in text
    assert "{{" not in text and "}}" not in text
    assert not re.search(r"\\[A-Za-z@]+", text), re.search(r".{40}\\[A-Za-z@]+.{40}", text)
    for raw in ("<Figure", "<IPython", "<altair", "ChartFigure(", "Chart({", "<Set title"):
        assert raw not in text, raw


def build_epoch() -> str:
    """The SOURCE_DATE_EPOCH the built book was given (tests/helpers.build_env)."""
    return os.environ.get("SOURCE_DATE_EPOCH") or buildinfo.last_commit_epoch(ROOT)


def test_build_date_is_source_date_epoch_in_text_and_metadata(built_book):
    epoch = build_epoch()
    if not epoch:
        pytest.skip("not a git checkout: the build date is the clock's")
    built = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    for pdf in (report(built_book), short(built_book)):
        assert PdfReader(pdf).metadata.creation_date.replace(tzinfo=dt.UTC) == built
        assert normalise(fmt.date_long(built.date())) in pdf_text(pdf)


@pytest.mark.parametrize(("which", "margin_mm"), [(report, 26), (short, 17)], ids=["report", "kortversjon"])
def test_nothing_sticks_out_of_the_text_block(built_book, which, margin_mm):
    # Every word (table cells, chart labels, web addresses included) lies between the side margins.
    out = subprocess.run(
        ["pdftotext", "-bbox", str(which(built_book)), "-"], capture_output=True, text=True, check=True
    ).stdout
    margin = margin_mm / 25.4 * 72
    outside = [
        (word, float(x0), float(x1))
        for x0, x1, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', out)
        if float(x0) < margin - 2 or float(x1) > A4_PT[0] - margin + 2
    ]
    assert not outside, outside[:10]


# --- the report -----------------------------------------------------------------------------------
def test_title_page_and_colophon(built_book, monkeypatch):
    if build_epoch():
        monkeypatch.setenv("SOURCE_DATE_EPOCH", build_epoch())
    pages = page_texts(report(built_book))
    title, colophon = pages[0], pages[1]
    assert CITATION["title"] in title and f"Versjon {__version__}" in title
    assert CITATION["authors"][0]["name"] in title
    assert data.data_version(built_book / "data") in colophon
    assert normalise(buildinfo.git_commit(ROOT)) in colophon
    citation = normalise(buildinfo.edition(ROOT).citation())
    assert citation in colophon
    assert citation in normalise(pdf_text(short(built_book)))


def test_every_chapter_title_is_a_bookmark_and_in_the_text(built_book):
    reader = PdfReader(report(built_book))

    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield normalise(item.title)

    bookmarks = set(titles(reader.outline))
    text = pdf_text(report(built_book))
    for file in toc_files(built_book):
        title = normalise(chapter_title(built_book, file))
        assert any(mark == title or mark.endswith(f" {title}") for mark in bookmarks), file  # "5 Tittel"
        assert title in text, file


def test_chapters_are_numbered_and_the_appendices_lettered(built_book):
    toc = yaml.safe_load((built_book / "_toc.yml").read_text(encoding="utf-8"))
    text = pdf_text(report(built_book))
    assert "Innhold" in text
    number = 0
    for part in toc["parts"]:
        for i, chapter in enumerate(part["chapters"]):
            label = str(number := number + 1) if part.get("numbered") else chr(ord("A") + i)
            heading = "KAPITTEL" if part.get("numbered") else "VEDLEGG"
            title = normalise(chapter_title(built_book, chapter["file"]))
            assert f"{heading} {label} {title}" in text, (label, title)


def test_figure_count_matches_the_charts_in_the_chapters(built_book):
    charts = sum(chart_cells((built_book / f"{file}.md").read_text(encoding="utf-8")) for file in toc_files(built_book))
    captions = set(re.findall(r"Figur ([0-9A-Z]+\.\d+)\b", pdf_text(report(built_book))))
    assert charts > 0
    assert len(captions) == charts, sorted(captions)


def test_bibliography_is_in_the_kilder_chapter(built_book):
    pages = page_texts(report(built_book))
    kilder = next(i for i, p in enumerate(pages) if re.search(r"VEDLEGG [A-Z] Kilder", p))
    assert "Allmennlegeforeningen" in pages[kilder]
    assert not any("Bibliografi" in p for p in pages)  # Sphinx's own chapter at the end is gone


def test_links_are_clickable(built_book):
    reader = PdfReader(report(built_book))
    internal = external = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            if obj.get("/Subtype") != "/Link":
                continue
            action = obj.get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                external += 1
            else:
                internal += 1
    assert internal >= len(toc_files(built_book))  # at least the table of contents
    assert external >= 1


def test_the_summary_fits_one_page_of_the_report(built_book):
    """Issue 16: the summary is one page. Its chapter opens a page; the next chapter opens the next one."""
    pages = PdfReader(report(built_book)).pages
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(report(built_book)), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, len(pages) + 1)
    ]
    opens = [i for i, t in enumerate(texts) if re.search(r"KAPITTEL 1\s", t)]
    after = [i for i, t in enumerate(texts) if re.search(r"KAPITTEL 2\s", t)]
    assert len(opens) == 1 and len(after) == 1, (opens, after)
    assert after[0] - opens[0] == 1, f"the summary runs from page {opens[0] + 1} to page {after[0]}"


# --- the kortversjon ------------------------------------------------------------------------------
def test_kortversjon_is_two_pages_with_the_registry_numbers(built_book):
    assert len(PdfReader(short(built_book)).pages) == 2
    summary = (built_book / f"{assemble.SUMMARY}.md").read_text(encoding="utf-8")
    keys = set(registry.SUBSTITUTION.findall(summary))
    numbers = registry.substitutions()
    text = pdf_text(short(built_book))
    for key in shown_figures(keys):
        assert normalise(numbers[key]) in text, key
    assert data.data_version(built_book / "data") in text


def test_kortversjon_has_its_charts_and_points_to_the_report(built_book):
    text = pdf_text(short(built_book))
    for number in range(1, len(assemble.SHORT_FIGURES) + 1):
        assert re.search(rf"Figur {number} .*\(figur \d+\.\d+ {assemble.IN_FULL_EDITION}\)", text), number
    assert "Millioner kroner (faste priser)" in text  # axis title of the cost chart (fig-inntektskilder)
    assert re.search(r"https://\S+/fastlegeordningen\.pdf", text)  # its web address, not a file link
    # Links to other chapters name their number in the report instead of a dead link.
    summary = (built_book / f"{assemble.SUMMARY}.md").read_text(encoding="utf-8")
    if "{ref}" in summary:
        assert re.search(r"\((kapittel \d+|vedlegg [A-Z])\)", text)
        assert "viser til hele kunnskapsgrunnlaget" in text  # the closing box says whose numbers they are


# --- PDF/UA, numbers that copy right, paper that tells the truth -----------------------------------
def registry_texts(book) -> list[str]:
    return [f["text"] for f in json.loads((book / "_build" / "fastlegeordningen-figures.json").read_text())["figures"]]


def test_both_pdfs_pass_the_accessibility_check(built_book):
    chapters = [chapter_title(built_book, file) for file in toc_files(built_book)]
    assert pdfcheck.check(report(built_book), chapters=chapters, figures=registry_texts(built_book)) == []
    assert pdfcheck.check(short(built_book), chapters=[], figures=registry_texts(built_book)) == []


def test_a_reader_copying_a_figure_from_the_kortversjon_gets_the_figure(built_book):
    # pdftotext as a reader's copy: every figure of the summary, exactly, and then no digit.
    summary = (built_book / f"{assemble.SUMMARY}.md").read_text(encoding="utf-8")
    shown = registry.prose_figures()  # the summary is running text: numbers as it writes them (fire år)
    raw = subprocess.run(["pdftotext", str(short(built_book)), "-"], capture_output=True, text=True, check=True).stdout
    text = pdfcheck.normalise(raw)
    for key in shown_figures(registry.SUBSTITUTION.findall(summary)):
        figure = pdfcheck.normalise(shown[key].prose)
        figure = f"(?:{re.escape(figure)}|{re.escape(figure[:1].upper() + figure[1:])})"
        assert re.search(figure + r"(?!\d)", text), (key, figure)
    assert "212 289" in text and "212 28914" not in text


def test_the_kortversjon_has_bookmarks_and_links_the_report_on_the_web(built_book):
    import pikepdf

    with pikepdf.open(short(built_book)) as pdf:
        with pdf.open_outline() as outline:
            assert [item.title for item in outline.root]
        uris = [
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.obj.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        ]
    assert any(uri.startswith("https://") and uri.endswith("/fastlegeordningen.pdf") for uri in uris), uris


def test_paper_does_not_speak_of_clicks_or_hovering(built_book):
    for pdf in (report(built_book), short(built_book)):
        text = pdf_text(pdf).lower()
        for screen_word in ("klikk", "lenker hit", "hold musen", "skriv inn dine", "nettleseren"):
            assert screen_word not in text, (pdf.name, screen_word)


def test_cross_references_print_chapter_and_the_right_page(built_book):
    pages = page_texts(report(built_book))
    opening = {
        int(m.group(1)): number
        for number, page in enumerate(pages, start=1)
        if (m := re.match(r"\s*KAPITTEL (\d+)\b", page))
    }
    found = re.findall(r"\(kapittel (\d+), side (\d+)\)", pdf_text(report(built_book)))
    assert found, "no cross-reference to a chapter with its page"
    for chapter, page in found:
        assert opening[int(chapter)] == int(page), (chapter, page)


def test_appendix_tables_are_numbered_by_their_letter(built_book):
    text = pdf_text(report(built_book))
    appendices = text[text.index("VEDLEGG A ") :]
    captions = re.findall(r"Tabell ([0-9A-Z]+)\.\d+ (?!\(side)", appendices)  # captions, not references
    assert captions and all(c.isalpha() for c in captions), captions


def test_the_figures_appendix_is_short_on_paper_and_says_where_the_full_table_is(built_book):
    pages = page_texts(report(built_book))
    start = next(i for i, p in enumerate(pages) if re.match(r"\s*VEDLEGG [A-Z] Tall og kilder", p))
    end = next(i for i, p in enumerate(pages) if i > start and re.match(r"\s*VEDLEGG [A-Z] ", p))
    assert end - start <= 3
    appendix = " ".join(pages[start:end])
    assert "tall-og-kilder.html" in appendix.replace(" ", "") and "figures.json" in appendix


def test_the_municipal_map_is_a_vector_figure_beside_a_compact_table(built_book):
    """The map prints as vector shapes (no image), followed by the municipalities above the top threshold.

    As many rows as the text counts, with the numbers the website's table shows; the table of all 357
    (with its column Kommunenummer) stays on the website.
    """
    from fastlege_calc import municipal_tables

    pages = page_texts(report(built_book))
    caption = "Andel av listeinnbyggerne på lister uten fastlege etter kommune"
    number = next(i for i, p in enumerate(pages) if caption in p)
    images = subprocess.run(
        ["pdfimages", "-list", "-f", str(number + 1), "-l", str(number + 1), str(report(built_book))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    assert images == [], f"page {number + 1}: the map is an image"
    rows = municipal_tables.above_threshold_rows()
    assert 0 < len(rows) == registry.prose_figures()["muni_recent_above_high_latest"].value < 357
    text = " ".join(pages[number : number + 3])
    for row in rows.itertuples():
        name = re.escape(row.kommunenavn.split(" ")[0])
        share = re.escape(normalise(fmt.percent(row.share_latest_pct / 100, 1)))
        assert re.search(rf"{name}.*?{share}.*?{re.escape(normalise(fmt.number(row.listed_patients)))}", text), row
    chapter = " ".join(p for p in pages if "Fastlegeordningen i kommunene" in p)
    assert "Kommunenummer" not in chapter
