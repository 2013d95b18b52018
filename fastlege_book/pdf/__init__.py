"""The PDFs, made from the built website: the report and the two-page kortversjon, tagged PDF/UA-1.

`build(html_dir, out_dir, edition)` reads the website's pages in _toc.yml order
(fastlege_book.pdf.assemble), writes one print document per PDF with the small print stylesheet
print.css, and lets WeasyPrint set it: A4, justified text with Norwegian hyphenation, running heads,
a table of contents and cross-references with page numbers, bookmarks, and a structure tree
(headings, paragraphs, lists, tables with header cells, figures with their text alternative,
links). fastlege_book.pdf.finish then makes the page furniture artifacts and completes the tags,
and fastlege_book.pdfcheck checks the result; a PDF that fails the check is not written.

File names and folders are fastlege_book.layout's (REPORT, SHORT, FIGURES_JSON, the work folder).
`python -m fastlege_book build pdf` (or `book`) runs this after the website, as a step of the build.
Command line: `python -m fastlege_book.pdf [HTML_DIR] [OUT_DIR]` (default: the work folder's html/
and pdf/ under the current directory).
"""

from __future__ import annotations

import contextlib
import copy
import gc
import html as html_text
import json
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lxml import html

from fastlege_book.buildinfo import Edition
from fastlege_book.layout import FIGURES_JSON, REPORT, SHORT
from fastlege_book.pdf import assemble, finish, linebreak, repagination

STYLESHEET = Path(__file__).with_name("print.css")
#: Chart heights tried for the kortversjon, largest first, until it fills exactly two pages (mm).
SHORT_CHART_HEIGHTS_MM = (84, 78, 72, 66, 60, 54, 48, 42)
#: A chapter's opening page: its heading says where the reader is, so no running head.
OPENING_PAGE = "@top-left { content: none; border: none; } @top-right { content: none; border: none; }"


class PdfError(Exception):
    """The PDFs could not be built or failed their check (the message says which and why)."""


def build(html_dir: Path, out_dir: Path, edition: Edition, toc_file: Path = Path("_toc.yml")) -> list[Path]:
    """Write the report and the kortversjon from the built website into out_dir; return their paths.

    html_dir: the built website (each page of _toc.yml as <docname>.html, _static/figures.json).
    Also writes the print HTML of each (for inspection) and a copy of the figure registry.
    Raises PdfError when a page is missing or a PDF fails fastlege_book.pdfcheck.
    """
    with _cyclic_gc_paused():
        return _build(html_dir, out_dir, edition, toc_file)


@contextlib.contextmanager
def _cyclic_gc_paused():
    """Python's cyclic garbage collector off for a while (on again after, if it was on).

    WeasyPrint builds a graph of boxes for the whole report that lives until the PDF is written. The
    collector walked all of it again and again (14 full collections, about 2,5 s of the 16 s the PDFs
    took) and found little to free: without it the PDF process peaks at 471 MB instead of 456 MB.
    Reference counting frees everything else as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(html_dir: Path, out_dir: Path, edition: Edition, toc_file: Path) -> list[Path]:
    from fastlege_book import pdfcheck

    out_dir.mkdir(parents=True, exist_ok=True)
    registry = html_dir / "_static" / FIGURES_JSON
    if not registry.is_file():
        raise PdfError(f"{registry}: no figure registry (build the website first)")
    figures = json.loads(registry.read_text(encoding="utf-8"))["figures"]
    try:
        report_html, report_doc = report_document(html_dir, toc_file, edition, figures)
        short_html = short_document(html_dir, toc_file, edition, figures, report_doc)
    except (FileNotFoundError, ValueError) as exc:
        raise PdfError(str(exc)) from None
    report = out_dir / REPORT.name
    short = out_dir / SHORT.name
    # Each figure as tables print it (digits) and as running text writes it (fire år, 15 millioner).
    texts = [f["text"] for f in figures] + [f["prose"] for f in figures if f.get("prose")]
    # The kortversjon is set in a second process while this one sets the report (about 0,6 s of the step).
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as second:
        short_problems = second.submit(_short_pdf, short_html, out_dir, short, texts)
        _write_pdf(report_html, out_dir, report, report_doc.descriptions)
        chapters = [page.title for page in report_doc.pages]
        problems = pdfcheck.check(report, chapters=chapters, figures=texts)
        problems += short_problems.result()
    if problems:
        for path in (report, short):
            path.replace(path.with_suffix(".failed.pdf"))
        raise PdfError("the PDFs fail their check:\n  " + "\n  ".join(problems))
    shutil.copyfile(registry, out_dir / FIGURES_JSON)
    return [report, short]


def _short_pdf(document: str, out_dir: Path, target: Path, figures: list[str]) -> list[str]:
    """Write the kortversjon and check it; its problems (an empty list when it passes).

    Raises PdfError when no chart height keeps it on two pages.
    """
    from fastlege_book import pdfcheck

    _write_short(document, out_dir, target)  # forked from build(): the collector is paused here too
    problems = pdfcheck.check(target, chapters=[], figures=figures)
    pages = finish.page_count(target)
    if pages != 2:
        problems.append(f"{target.name}: {pages} pages, the kortversjon must fill exactly two")
    return problems


def _write_pdf(document: str, out_dir: Path, target: Path, descriptions: dict[str, str]) -> int:
    """Set a print document with WeasyPrint as PDF/UA-1, finish its tags; return its page count."""
    import weasyprint

    repagination.install()  # each page with a page reference laid out twice, not three times
    linebreak.install()  # a line keeps its text when only its trailing space passes the margin
    (out_dir / target.with_suffix(".html").name).write_text(document, encoding="utf-8")
    # Uncompressed: finish.finish compresses every stream anyway (at Flate's highest level), so
    # WeasyPrint's own compression was work thrown away (about 0,9 s for the report; same bytes).
    raw = weasyprint.HTML(string=document, base_url=str(out_dir)).write_pdf(
        pdf_variant="pdf/ua-1", uncompressed_pdf=True
    )
    return finish.finish(raw, target, descriptions)


def _write_short(template: str, out_dir: Path, target: Path) -> None:
    """The kortversjon with the largest charts that keep it on two pages."""
    last = 0
    for height in SHORT_CHART_HEIGHTS_MM:
        last = _write_pdf(
            template.replace("--fl-chart-height: 70mm", f"--fl-chart-height: {height}mm"), out_dir, target, {}
        )
        if last <= 2:
            return
    raise PdfError(f"{target.name}: {last} pages even with {SHORT_CHART_HEIGHTS_MM[-1]} mm charts; shorten the summary")


# --- documents -------------------------------------------------------------------------------------
def _head(title: str, edition: Edition, extra_css: str = "") -> str:
    """<head> with the metadata WeasyPrint writes into the PDF (title, author, subject, keywords, dates)."""
    e = html_text.escape
    created = edition.built.strftime("%Y-%m-%dT%H:%M:%SZ")
    css = STYLESHEET.read_text(encoding="utf-8")
    return (
        f'<head><meta charset="utf-8"><title>{e(title)}</title>'
        f'<meta name="author" content="{e(edition.publisher)}">'
        f'<meta name="description" content="{e(edition.abstract)}">'
        f'<meta name="keywords" content="{e(", ".join(edition.keywords))}">'
        f'<meta name="generator" content="fastlege_book {e(edition.version)}, WeasyPrint">'
        f'<meta name="dcterms.created" content="{created}">'
        f'<meta name="dcterms.modified" content="{created}">'
        f"<style>{css}</style>"
        f"<style>:root {{ --fl-chart-height: 70mm; }}{extra_css}</style></head>"
    )


def _serialise(element) -> str:
    return html.tostring(element, encoding="unicode", method="html")


def _site_root(pages: dict[str, assemble.Page], root_doc: str) -> str:
    """The website's address (from the root page's og:url): https://…/fastlegeordningen/."""
    url = pages[root_doc].url
    suffix = root_doc + ".html"
    return url[: -len(suffix)] if url.endswith(suffix) else url.rsplit("/", 1)[0] + "/"


def report_document(
    html_dir: Path, toc_file: Path, edition: Edition, figures: list[dict]
) -> tuple[str, assemble.Document]:
    """The report as one print HTML document, and its assembled pages."""
    book = assemble.load_book(html_dir, toc_file)
    root_doc = next(iter(book))
    site = _site_root(book, root_doc)
    book[root_doc].title = "Om kunnskapsgrunnlaget"
    for page in book.values():
        assemble.mark_figure_keys(page)
        assemble.web_addresses(page)
    if assemble.FIGURES_APPENDIX in book:
        assemble.figures_appendix(book[assemble.FIGURES_APPENDIX], figures)
    doc = assemble.prepare(list(book.values()), book)
    if assemble.SUMMARY in book:
        sources = assemble.key_sources(book[assemble.SUMMARY], figures, _source_labels(figures))
        if sources is not None:
            book[assemble.SUMMARY].body.find(".//section").append(sources)
    body = [_title_page(edition, site), _colophon(edition, site), _contents(doc)]
    groups = []
    for number, page in enumerate(doc.pages):
        page.body.set("class", f"fl-chapter fl-{page.kind or 'intro'}")
        # Each chapter its own page group, so that its opening page can go without the running head.
        page.body.set("style", f"page: fl-chapter-{number}")
        groups.append(f"@page :nth(1 of fl-chapter-{number}) {{ {OPENING_PAGE} }}")
        body.append(_serialise(page.body))
    title = html_text.escape(edition.title)
    document = (
        f'<!DOCTYPE html><html lang="nb">{_head(edition.title, edition, "".join(groups))}'
        f'<body class="fl-report" data-fl-title="{title}">{"".join(body)}</body></html>'
    )
    return document, doc


def _source_labels(figures: list[dict]) -> dict[str, str]:
    """Short labels ("Morken mfl. (2019)") of every source the key figures name."""
    from fastlege_calc.sources import short_label

    ids = {s for f in assemble.key_figures(figures) for s in f["sources"]}
    return {source_id: short_label(source_id) for source_id in sorted(ids)}


def _title_page(edition: Edition, site: str) -> str:
    e = html_text.escape
    return (
        '<section class="fl-titlepage"><div class="fl-rule"></div>'
        f'<p class="fl-title">{e(edition.title)}</p>'
        '<p class="fl-subtitle">Kunnskapsgrunnlag om fastlegeordningen i Norge</p>'
        '<p class="fl-audience">For departementer, Stortinget, kommuner og fastleger</p>'
        f'<div class="fl-foot"><p><strong>{e(edition.publisher)}</strong></p>'
        f"<p>Versjon {e(edition.version)} · {e(edition.date_text)}</p></div></section>"
    )


def _colophon(edition: Edition, site: str) -> str:
    e = html_text.escape
    rows = [
        ("Tittel", e(edition.title)),
        ("Utgiver", e(edition.publisher)),
        ("Utgave", f"Versjon {e(edition.version)}, {e(edition.date_text)}"),
        ("Dataversjon", f"<code>{e(edition.data_version)}</code> (SHA-256 av filene i <code>data/</code>)"),
        ("Bygget fra commit", f"<code>{e(edition.commit)}</code>"),
        ("Byggedato", e(edition.date_text)),
        ("Lisens", "Tekst og data: CC BY 4.0. Kode: MIT."),
        ("Nettutgave", f'<a href="{e(site)}">{e(site)}</a>'),
        ("Kildekode og data", f'<a href="{e(edition.url)}">{e(edition.url)}</a>'),
    ]
    table = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
    return (
        '<section class="fl-colophon"><p class="fl-colophon-head">Kolofon</p>'
        f"<table>{table}</table>"
        "<p>Alle tall, tabeller og figurer er beregnet fra dataene i <code>data/</code> "
        "da kunnskapsgrunnlaget ble bygget. "
        f"En kortversjon på to sider finnes som <code>{SHORT.name}</code> på nettutgaven.</p>"
        '<p class="fl-colophon-head">Slik siteres kunnskapsgrunnlaget</p>'
        f"<p>{_citation(edition)}</p></section>"
    )


def _citation(edition: Edition) -> str:
    """The citation as HTML, its web address kept on one line (a broken address copies wrong)."""
    e = html_text.escape
    text = edition.citation()
    head, _, _ = text.rpartition(edition.url)
    return f'{e(head)}<a class="fl-nowrap" href="{e(edition.url)}">{e(edition.url)}</a>'


def _contents(doc: assemble.Document) -> str:
    """The table of contents: chapters and their sections, the appendices under «Vedlegg», with page numbers."""
    e = html_text.escape
    items = []
    in_appendix = False
    for page in doc.pages:
        if page.kind == "vedlegg" and not in_appendix:
            in_appendix = True
            items.append('<li class="fl-toc-part">Vedlegg</li>')
        number = f'<span class="fl-toc-num">{e(page.label)}</span>' if page.label else ""
        sections = []
        for heading in page.body.iter("h2"):
            section = heading.getparent()
            if not section.get("id") or not page.label:
                continue
            label = heading.find("span[@class='section-number']")
            text = " ".join(heading.text_content().split())
            if label is not None:
                text = text.removeprefix(label.text or "").strip()
                text = f'<span class="fl-toc-num">{e(label.text or "")}</span>{e(text)}'
            else:
                text = e(text)
            sections.append(f'<li class="fl-toc-2"><a href="#{e(section.get("id"))}">{text}</a></li>')
        sub = f"<ol>{''.join(sections)}</ol>" if sections else ""
        items.append(f'<li class="fl-toc-1"><a href="#{e(page.slug)}">{number}{e(page.title)}</a>{sub}</li>')
    heading = '<h1 data-fl-bookmark="Innhold" data-fl-head="Innhold">Innhold</h1>'
    return f'<nav class="fl-toc">{heading}<ol>{"".join(items)}</ol></nav>'


def short_document(
    html_dir: Path, toc_file: Path, edition: Edition, figures: list[dict], report: assemble.Document
) -> str:
    """The kortversjon: masthead, the summary with its sources, two key figures and how to cite."""
    e = html_text.escape
    book = assemble.load_book(html_dir, toc_file)
    site = _site_root(book, next(iter(book)))
    summary = book[assemble.SUMMARY]
    summary.label = ""  # the summary alone: no chapter label, no numbered sections
    assemble.mark_figure_keys(summary)
    assemble.web_addresses(summary)
    doc = assemble.prepare([summary], report.book)
    section = summary.body.find(".//section")
    sources = assemble.key_sources(summary, figures, _source_labels(figures))
    if sources is not None:
        section.append(sources)
    chosen = [_short_figure(report, label, number) for number, label in enumerate(assemble.SHORT_FIGURES, start=1)]
    report_url = site + REPORT.name
    closing = (
        '<aside class="fl-closing"><h2>Om kortversjonen</h2>'
        f"<p>Dette er en kortversjon av kunnskapsgrunnlaget <em>{e(edition.title)}</em>, versjon "
        f"{e(edition.version)}, {e(edition.date_text)}. Hele kunnskapsgrunnlaget med beregninger, figurer og kilder: "
        f'<a href="{e(report_url)}">{e(report_url)}</a>. '
        "Kapittel- og figurnumrene over viser til hele kunnskapsgrunnlaget. "
        f"Alle tall er beregnet fra versjonerte data (dataversjon <code>{e(edition.data_version)}</code>, "
        f"commit <code>{e(edition.commit)}</code>).</p>"
        f"<p><strong>Siteres:</strong> {_citation(edition)}</p></aside>"
    )
    masthead = (
        '<header class="fl-masthead">'
        f'<p class="fl-kicker">KORTVERSJON · Versjon {e(edition.version)} · {e(edition.date_text)}</p>'
        f'<p class="fl-title">{e(edition.title)}</p>'
        '<p class="fl-subtitle">Hovedbudskapene fra kunnskapsgrunnlaget</p></header>'
    )
    summary.body.set("class", "fl-summary")
    figures_part = '<section class="fl-short-figures"><h2>Nøkkeltall i figurer</h2>' + "".join(chosen) + "</section>"
    title = f"{edition.title} – kortversjon"
    foot = f"{edition.title} – kortversjon · versjon {edition.version} · {edition.date_text}"
    del doc
    return (
        f'<!DOCTYPE html><html lang="nb">{_head(title, edition)}'
        f'<body class="fl-short" data-fl-foot="{e(foot)}">{masthead}{_serialise(summary.body)}'
        f"{figures_part}{closing}</body></html>"
    )


def _short_figure(report: assemble.Document, label: str, number: int) -> str:
    """A figure of the report for the kortversjon: "Figur 1", with its number in the report after the caption."""
    for page in report.pages:
        for figure in page.body.iter("figure"):
            if figure.get("id") != f"{page.slug}--{label}":
                continue
            figure = copy.deepcopy(figure)
            for element in figure.iter():
                element.attrib.pop("id", None)
            for caption_number in figure.cssselect(".caption-number"):
                caption_number.text = f"Figur {number}"
            caption = figure.find(".//span[@class='caption-text']")
            in_report = report.numbers.get(f"{page.slug}--{label}", "")
            if caption is not None and in_report:
                note = html.Element("span")
                note.text = f" ({in_report.lower()} {assemble.IN_FULL_EDITION})"
                caption.append(note)
            return _serialise(figure)
    raise ValueError(f"kortversjon: figure '{label}' is not in the report")


def main(argv: list[str] | None = None) -> int:
    """Command line: build both PDFs from the work folder's website (or the given folders)."""
    import sys

    from fastlege_book.buildinfo import edition
    from fastlege_book.layout import Layout

    args = sys.argv[1:] if argv is None else argv
    if len(args) > 2 or any(a.startswith("-") for a in args):
        print(__doc__, file=sys.stderr)
        return 2
    layout = Layout.here()
    html_dir = Path(args[0]) if args else layout.work_html
    out_dir = Path(args[1]) if len(args) > 1 else layout.work_pdf
    try:
        written = build(html_dir, out_dir, edition(layout.root), toc_file=layout.toc)
    except PdfError as exc:
        print(f"pdf: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"pdf: {path} ({path.stat().st_size // 1024} kB)")
    return 0
