"""The print documents, assembled from the built website's HTML.

Each page of the website (in _toc.yml order) gives its article; here it becomes a chapter of one
print document, with what paper needs instead of what a screen needs:

- ids made unique across pages, links to other pages turned into links inside the document, and
  links to pages that are not printed turned into the page's web address;
- cross-references that print where they point: «Tittel» (kapittel 4, side 9), Figur 5.1 (side 14);
- chapters numbered 1, 2, …, appendices lettered A, B, …, sections, figures and tables numbered by
  their chapter or appendix ("Tabell C.1"), captions where they start;
- each chart as a static SVG (fastlege_book.pdf.charts) with the website's text alternative as alt;
- no tooltips, no code, no forms, nothing marked `fl-screen-only`; `fl-print-only` is shown;
- no mark touches a number: the numbers' links and tooltips go, and the summary's figures get their
  sources in a short list after the summary instead of footnotes.

The functions take and return lxml elements; fastlege_book.pdf.build writes the documents.
"""

from __future__ import annotations

import base64
import copy
import json
import posixpath
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from lxml import etree, html

from fastlege_book.pdf import charts
from fastlege_calc import phrases

#: Where the kortversjon's figure captions send a reader for the same figure: the whole document, by its one
#: name (the site's "Hele kunnskapsgrunnlaget som PDF"), not "rapporten". A chapter it names is just
#: "(kapittel 6)": the kortversjon has no chapters, and its closing box says the numbers are the whole one's.
IN_FULL_EDITION = "i hele kunnskapsgrunnlaget"
#: The summary chapter: its figures are the key figures, and it is the body of the kortversjon.
SUMMARY = "book/sammendrag"
#: The appendix that lists every figure; on paper it keeps the key figures only.
FIGURES_APPENDIX = "book/tall-og-kilder"
#: Figures of the report shown in the kortversjon (their labels in the chapters), in this order: the official
#: trends the summary speaks of (listeinnbyggere uten fastlege, the cost by payer in fixed prices), not the
#: source texts' comparisons or the break-point rules abolished in 2023 (EDITORIAL-REVIEW §4.1, §5 item 1).
SHORT_FIGURES = ("fig-kommuner-landet", "fig-inntektskilder")

#: Elements the printed page does without (website controls, tooltips, code, hidden data tables).
DROP = (
    "script",
    "style",
    "form",
    "button",
    "input",
    ".headerlink",
    ".fl-tall-tip",
    ".cell_input",
    ".fl-screen-only",
    ".fl-pdf-link",
    ".toctree-wrapper",
    "details.fl-chart-data",
    ".fl-chart-download",
)


@dataclass
class Page:
    """One page of the website as a chapter of the print document."""

    docname: str
    #: "1".."8" for chapters, "A", "B", … for appendices, "" for the introduction.
    label: str
    url: str
    title: str
    body: html.HtmlElement
    #: Ids on this page (after prefixing) that name the chapter itself.
    chapter_ids: set[str] = field(default_factory=set)

    @property
    def slug(self) -> str:
        """The page's anchor in the print document: its docname with '-' for '/'."""
        return self.docname.replace("/", "-")

    @property
    def kind(self) -> str:
        """'kapittel', 'vedlegg' or '' (the introduction)."""
        if not self.label:
            return ""
        return "kapittel" if self.label[0].isdigit() else "vedlegg"

    @property
    def heading_label(self) -> str:
        """'Kapittel 5', 'Vedlegg B' or ''."""
        return f"{self.kind.capitalize()} {self.label}" if self.label else ""


def toc_order(toc_file: Path) -> tuple[str, list[tuple[str, str]]]:
    """The root page and every chapter of _toc.yml with its label: [("book/sammendrag", "1"), …].

    Numbered parts give 1, 2, …; the other parts (appendices) A, B, …. Raises ValueError for a
    table of contents without parts.
    """
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    if "parts" not in toc:
        raise ValueError(f"{toc_file}: expected 'parts' (format jb-book)")
    chapters, number, letter = [], 0, 0
    for part in toc["parts"]:
        for chapter in part.get("chapters", []):
            if part.get("numbered"):
                number += 1
                chapters.append((chapter["file"], str(number)))
            else:
                chapters.append((chapter["file"], chr(ord("A") + letter)))
                letter += 1
    return toc["root"], chapters


def read_page(html_dir: Path, docname: str, label: str) -> Page:
    """One built page: its web address (og:url), title and article, not yet changed for print.

    Raises FileNotFoundError naming the page when it was not built, ValueError when it has no article.
    """
    path = html_dir / f"{docname}.html"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: page of _toc.yml not built (build the website first)")
    tree = html.fromstring(path.read_bytes())
    article = tree.find(".//article")
    if article is None:
        raise ValueError(f"{path}: no <article> (not a page of the book's theme?)")
    og = tree.find(".//meta[@property='og:url']")
    url = og.get("content") if og is not None else ""
    h1 = article.find(".//h1")
    title = _text_without(h1, ".section-number", ".headerlink") if h1 is not None else docname
    body = html.Element("section")
    for child in article:
        body.append(child)
    return Page(docname=docname, label=label, url=url, title=title, body=body)


def _text_without(element, *selectors: str) -> str:
    """An element's text with the parts matching the CSS selectors left out, whitespace collapsed."""
    clone = copy.deepcopy(element)
    for selector in selectors:
        for hit in clone.cssselect(selector):
            _remove(hit)
    return " ".join(clone.text_content().split())


def _remove(element) -> None:
    """Remove an element but keep the text that follows it (lxml keeps it in .tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _unwrap(element) -> None:
    """Replace an element by its children and text."""
    parent = element.getparent()
    index = parent.index(element)
    previous = element.getprevious()
    text = element.text or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    children = list(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    tail = element.tail or ""
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


# --- one page for print ----------------------------------------------------------------------------
def clean(page: Page) -> None:
    """Drop what paper does without; numbers become plain text; charts become SVG images."""
    for chart in page.body.cssselect("div.fl-chart"):
        _chart_to_image(chart)
    for form in page.body.cssselect("form"):  # keep the calculator's source line, drop the form
        for source in form.cssselect(".fl-chart-source"):
            form.addprevious(source)
    for selector in DROP:
        for element in page.body.cssselect(selector):
            _remove(element)
    for element in page.body.cssselect(".fl-print-only"):
        element.classes.discard("fl-print-only")
    # A number links to its row of Tall og kilder on the website; on paper it is text, with nothing after it.
    for link in page.body.cssselect("a.fl-tall-link"):
        _unwrap(link)
    for table in page.body.cssselect("table"):
        for th in table.cssselect("thead th"):
            th.set("scope", "col")
        for th in table.cssselect("tbody th"):
            th.set("scope", th.get("scope") or "row")
        for cell in table.cssselect("td, th"):
            if _one_word(cell):
                cell.classes.add("fl-nowrap")
    _bibliography(page.body)


#: The longest word a table cell keeps whole (characters): "Forhandler", "Bestemmer", "Vedtatt" stay one
#: word, so the column is as wide as its longest such word; longer words may still be hyphenated.
ONE_WORD_CELL_CHARS = 12


def _one_word(cell) -> bool:
    """True when a table cell holds a single short word (no space, no digits), which must not be hyphenated.

    Hyphenation makes a table's narrowest column narrower still: WeasyPrint split "Bestemmer" in a
    column of roles over three lines ("Be-", "stem-", "mer").
    """
    text = cell.text_content().strip()
    return 0 < len(text) <= ONE_WORD_CELL_CHARS and text.isalpha()


def _chart_to_image(chart) -> None:
    """The chart element (Vega spec beside it) as an <img> of its SVG, with the chart's text alternative."""
    spec_element = chart.find(".//script[@class='fl-chart-spec']")
    view = chart.find(".//div[@class='fl-chart-view']")
    if spec_element is None or view is None:
        raise ValueError("chart without its Vega spec or view element")
    spec = json.loads(spec_element.text)
    alt = view.get("aria-label") or spec.get("description") or ""
    if not alt.strip():
        raise ValueError("chart without a text alternative")
    svg = charts.svg(spec, charts.PRINT_WIDTH_PX)
    image = html.Element("img")
    image.set("class", "fl-chart-img")
    image.set("alt", alt)
    image.set("src", "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii"))
    image.tail = chart.tail
    chart.getparent().replace(chart, image)


def _bibliography(body) -> None:
    """The bibliography as a list of entries (author–year, no bracketed numbers)."""
    for citations in body.cssselect("div.citation-list"):
        bib = html.Element("ul")
        bib.set("class", "fl-bib")
        for entry in citations.cssselect("div.citation"):
            item = html.Element("li")
            if entry.get("id"):
                item.set("id", entry.get("id"))
            for label in entry.cssselect(".label"):
                _remove(label)
            for child in list(entry):
                item.append(child)
            bib.append(item)
        bib.tail = citations.tail
        citations.getparent().replace(citations, bib)


def number(page: Page) -> dict[str, str]:
    """Number the page's headings, figures and tables by chapter or appendix; return {id: "Figur 5.1"}.

    The chapter heading gets its label ("Kapittel 5") and a bookmark text; sections become 5.1,
    5.1.1 (B.1 in appendices); figures and tables with a caption 5.1, 5.2, … in page order.
    """
    numbers: dict[str, str] = {}
    for stale in page.body.cssselect(".section-number"):
        _remove(stale)
    h1 = page.body.find(".//h1")
    if h1 is not None:
        for child in list(h1):
            _remove(child)
        h1.text = page.title
        h1.set("data-fl-bookmark", f"{page.label} {page.title}".strip())
        h1.set("data-fl-head", f"{page.label}. {page.title}" if page.label else page.title)
        if page.label:
            label = html.Element("span")
            label.set("class", "fl-h-label")
            label.text = page.heading_label
            label.tail = " " + (h1.text or "")  # a space: the heading reads "Kapittel 5 Tittel"
            h1.text = ""
            h1.insert(0, label)
    counters = [0, 0]
    for heading in page.body.iter("h2", "h3"):
        if not page.label:
            break
        level = int(heading.tag[1]) - 2
        counters[level] += 1
        counters[level + 1 :] = [0] * (len(counters) - level - 1)
        section = ".".join([page.label, *map(str, counters[: level + 1])])
        span = html.Element("span")
        span.set("class", "section-number")
        span.text = section
        span.tail = " " + (heading.text or "").lstrip()
        heading.text = ""
        heading.insert(0, span)
        numbers[heading.getparent().get("id", "")] = section
    counts = {"Figur": 0, "Tabell": 0}
    for element in page.body.iter("figure", "table"):
        caption = element.find("figcaption") if element.tag == "figure" else element.find("caption")
        if caption is None:
            continue
        kind = "Figur" if element.tag == "figure" else "Tabell"
        counts[kind] += 1
        text = f"{kind} {page.label}.{counts[kind]}" if page.label else f"{kind} {counts[kind]}"
        target = caption.find(".//span[@class='caption-text']")
        for old in caption.cssselect(".caption-number"):
            _remove(old)
        label = html.Element("span")
        label.set("class", "caption-number")
        label.text = text
        label.tail = " "
        holder = target.getparent() if target is not None else caption
        if target is None:
            holder.text, label.tail = "", " " + (holder.text or "").lstrip()
            holder.insert(0, label)
        else:
            holder.insert(holder.index(target), label)
        if element.get("id"):
            numbers[element.get("id")] = text
    return numbers


def prefix_ids(page: Page) -> None:
    """Make every id unique in the document: '<slug>--<id>'; the chapter's own ids are remembered."""
    top = page.body.find(".//section")
    own = set()
    if top is not None:
        own.add(top.get("id", ""))
        for span in top:
            if span.tag == "span" and span.get("id") and not (span.text or "").strip():
                own.add(span.get("id"))  # MyST labels: (kap-x)= before the heading
            if span.tag == "h1":
                break
    for element in page.body.iter():
        if element.get("id"):
            element.set("id", f"{page.slug}--{element.get('id')}")
    page.chapter_ids = {f"{page.slug}--{i}" for i in own if i} | {page.slug}
    page.body.set("id", page.slug)


def _target(page: Page, href: str) -> tuple[str, str] | None:
    """A relative link of a page as (docname, fragment); None for links with a scheme."""
    parts = urllib.parse.urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page.docname, parts.fragment
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page.docname), parts.path))
    return (path[: -len(".html")] if path.endswith(".html") else path), parts.fragment


@dataclass
class Document:
    """The pages of one print document and what a cross-reference needs to know about them."""

    pages: list[Page]
    #: Pages of the whole book by docname (the kortversjon prints one, but names the others).
    book: dict[str, Page]
    numbers: dict[str, str] = field(default_factory=dict)
    #: Human descriptions of link targets (the PDF's link annotations name them).
    descriptions: dict[str, str] = field(default_factory=dict)

    @property
    def printed(self) -> dict[str, Page]:
        """The pages this document prints, by docname."""
        return {p.docname: p for p in self.pages}


def resolve_links(doc: Document, page: Page) -> None:
    """Internal links point inside the document and say where; other relative links get the web address."""
    printed = doc.printed
    for link in page.body.iter("a"):
        href = link.get("href")
        if href is None:
            continue
        target = _target(page, href)
        if target is None:
            continue
        docname, fragment = target
        if docname not in printed:
            other = doc.book.get(docname)
            link.set("href", urllib.parse.urljoin(page.url or "", href) if page.url else href)
            if other is not None and other.label and _is_title_ref(link):
                _quote(link)
                link.tail = f" ({other.kind} {other.label})" + (link.tail or "")
            continue
        target_page = printed[docname]
        anchor = f"{target_page.slug}--{fragment}" if fragment else target_page.slug
        link.set("href", "#" + anchor)
        classes = " ".join(c for n in link.iter() for c in (n.get("class") or "").split())
        if "std-numref" in classes:
            for span in link.cssselect(".std-numref"):
                kind = (span.text or "").split(" ")[0]
                if anchor in doc.numbers and kind in {"Figur", "Tabell"}:
                    span.text = doc.numbers[anchor]
            link.set("class", "fl-xref fl-xref-page")
            doc.descriptions[anchor] = " ".join(link.text_content().split())
        elif _is_title_ref(link):
            if anchor in target_page.chapter_ids and target_page.label:
                where = f"{target_page.kind} {target_page.label}"
            elif anchor in doc.numbers and "." in doc.numbers[anchor]:
                where = f"avsnitt {doc.numbers[anchor]}"
            else:
                where = ""
            if link.getparent() is not None and _in_table(link):
                link.set("class", "fl-xref fl-xref-cell")
            else:
                _quote(link)
                link.set("class", "fl-xref fl-xref-where" if where else "fl-xref fl-xref-page")
                if where:
                    link.set("data-fl-where", where)
            title = " ".join(link.text_content().split()).strip("«»")
            doc.descriptions[anchor] = f"{where.capitalize()}: {title}" if where else title
        elif "std-term" in classes:
            link.set("class", "fl-term")
            doc.descriptions[anchor] = "Ordliste: " + " ".join(link.text_content().split())
        else:
            doc.descriptions.setdefault(anchor, _describe_citation(link))


def _is_title_ref(link) -> bool:
    """A reference that shows the title of a chapter or section ({ref}, {doc})."""
    classes = {c for n in link.iter() for c in (n.get("class") or "").split()}
    return bool(classes & {"std-ref", "std-doc", "doc"})


def _in_table(element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in ("td", "th"):
            return True
        parent = parent.getparent()
    return False


def _quote(link) -> None:
    """Set a title reference in guillemets, inside the link: «Tromsø-modellen»."""
    text = " ".join(link.text_content().split())
    if text.startswith("«"):
        return
    for child in list(link):
        link.remove(child)
    link.text = f"«{text}»"


def _describe_citation(link) -> str:
    """A citation's link names its source: the title attribute the website shows, else the link text."""
    title = link.get("title")
    if title:
        return "Kilde: " + title
    return " ".join(link.text_content().split()) or "Lenke i dokumentet"


# --- the two documents -----------------------------------------------------------------------------
def load_book(html_dir: Path, toc_file: Path) -> dict[str, Page]:
    """Every page of the book from the built website, in _toc.yml order, the root page first."""
    root, chapters = toc_order(toc_file)
    pages = [read_page(html_dir, root, ""), *(read_page(html_dir, d, label) for d, label in chapters)]
    return {p.docname: p for p in pages}


def prepare(pages: list[Page], book: dict[str, Page]) -> Document:
    """Clean, number and link the pages of one document."""
    doc = Document(pages=pages, book=book)
    for page in pages:
        clean(page)
        prefix_ids(page)
    for page in pages:
        for element_id, text in number(page).items():
            doc.numbers[element_id] = text
    for page in pages:
        resolve_links(doc, page)
    return doc


def key_figures(figures: list[dict]) -> list[dict]:
    """The registry's figures shown in the summary (its key figures), in registry order."""
    return [f for f in figures if SUMMARY in f.get("pages", [])]


def key_sources(summary: Page, figures: list[dict], labels: dict[str, str]) -> html.HtmlElement | None:
    """The summary's figures with their sources, as one short paragraph: no mark touches a number.

    Figures are listed in the order the summary first shows them, grouped by their sources, each
    with what it is ("KS (2024): 37,5 timer (normal arbeidsuke)."). Years and dates are left out
    (they say when, not how much). labels maps source ids to short labels.
    """
    by_key = {f["key"]: f for f in figures}
    order = []
    for element in summary.body.iter():
        key = element.get("data-fl-key")
        if key and key in by_key and key not in order:
            order.append(key)
    groups: dict[str, list[str]] = {}
    for key in order:
        figure = by_key[key]
        if figure["unit"] in ("year", "date"):
            continue
        group = "; ".join(dict.fromkeys(labels[s] for s in figure["sources"]))
        texts = groups.setdefault(group, [])
        description = phrases.mid_sentence(_unbracketed(figure["description"]))
        entry = f"{figure['text']} ({description})"
        if entry not in texts:
            texts.append(entry)
    if not groups:
        return None
    paragraph = html.Element("p")
    paragraph.set("class", "fl-key-sources")
    strong = etree.SubElement(paragraph, "strong")
    strong.text = "Kilder til tallene."
    strong.tail = " " + " ".join(f"{group}: {'; '.join(texts)}." for group, texts in groups.items())
    return paragraph


def _unbracketed(description: str) -> str:
    """A description without brackets of its own, to stand inside brackets: "a (om lag), mai" -> "a, om lag, mai".

    The key sources give each figure's description in brackets; one with a bracket of its own ("(om lag)"
    in data/figures.csv) read "229 000 (høyeste … uten fastlege (om lag), august 2023)".
    """
    return re.sub(r"\s*\(([^()]*)\)", r", \1", description)


def mark_figure_keys(page: Page) -> None:
    """Remember which registry figure each number of the page is (before the links go)."""
    for link in page.body.cssselect("a.fl-tall-link"):
        match = re.search(r"#tall-(.+)$", link.get("href", ""))
        if match:
            link.getparent().set("data-fl-key", match.group(1))


def figures_appendix(page: Page, figures: list[dict]) -> None:
    """Tall og kilder on paper: only the rows of the summary's key figures, with a caption."""
    keys = {f["key"] for f in key_figures(figures)}
    for table in page.body.cssselect("table.fl-tall-table"):
        for row in table.cssselect("tbody tr"):
            anchor = row.find(".//*[@id]")
            key = (anchor.get("id") or "").removeprefix("tall-") if anchor is not None else ""
            if key not in keys:
                row.getparent().remove(row)
        for col, width in zip(table.iter("col"), ("30%", "19%", "27%", "24%"), strict=False):
            col.set("style", f"width: {width}")
        if table.find("caption") is None:
            caption = html.Element("caption")
            text = etree.SubElement(caption, "span")
            text.set("class", "caption-text")
            text.text = "Nøkkeltallene i sammendraget med verdi, kilde og sikkerhet."
            table.insert(0, caption)


def web_addresses(page: Page) -> None:
    """Spans marked fl-web-address print the page's address on the website, as a link."""
    for span in page.body.cssselect(".fl-web-address"):
        for child in list(span):
            span.remove(child)
        link = etree.SubElement(span, "a")
        link.set("href", page.url)
        link.text = page.url
        span.text = ""
