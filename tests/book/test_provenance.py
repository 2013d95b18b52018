"""Every number in the text is traceable: a tooltip with its source, and two clicks to the reference.

The tooltip and the two clicks in a browser are checked by the sweep in tests/book/test_site.py.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from fastlege_book import provenance
from fastlege_calc import registry
from tests.helpers import ROOT

from .bookutil import normalise, page_text, pdf_text


class _Links(HTMLParser):
    """Ids, tall links (href, tooltip id) and tooltips of one page."""

    def __init__(self):
        super().__init__()
        self.ids, self.tall, self.tips, self.hrefs = set(), [], {}, []
        self._tip = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "fl-tall-link" in (a.get("class") or ""):
            self.tall.append((a["href"], a.get("aria-describedby")))
        elif tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "span" and a.get("role") == "tooltip":
            self._tip = a["id"]
            self.tips[self._tip] = ""

    def handle_data(self, data):
        if self._tip:
            self.tips[self._tip] += data

    def handle_endtag(self, tag):
        if tag == "span":
            self._tip = None


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(page: Path, href: str) -> tuple[Path, str]:
    url = urlparse(urljoin(page.as_uri(), href))
    return Path(url.path), url.fragment


def test_every_number_on_every_page_links_to_its_row_and_names_its_source(built_book):
    html = built_book / "_build" / "html"
    appendix = _parse(html / "book" / "tall-og-kilder.html")
    shown = registry.prose_figures()
    linked: dict[str, set[str]] = {}
    for page in sorted(html.rglob("*.html")):
        parsed = _parse(page)
        for href, tip_id in parsed.tall:
            target, fragment = _target(page, href)
            assert target == html / "book" / "tall-og-kilder.html", (page.name, href)
            assert fragment in appendix.ids, (page.name, href)
            key = fragment.removeprefix(provenance.ANCHOR)
            tip = parsed.tips[tip_id]
            assert tip.startswith("Kilde"), tip
            assert shown[key].description in tip and "Sikkerhet:" in tip, tip
            linked.setdefault(page.relative_to(html).with_suffix("").as_posix(), set()).add(key)
    # Every figure a page shows, by itself or inside a generated phrase, became a traceable number there.
    phrases = registry.phrases()
    for key, pages in registry.usage(ROOT).items():
        for name in pages if key not in phrases else ():
            assert key in linked.get(name, set()), (name, key)


def test_the_appendix_lists_every_figure_with_its_source_entry_and_pages(built_book):
    html = built_book / "_build" / "html"
    page = html / "book" / "tall-og-kilder.html"
    parsed = _parse(page)
    bibliography = _parse(html / "book" / "kilder.html")
    records = registry.records(ROOT)
    assert {provenance.ANCHOR + r["key"] for r in records} <= parsed.ids
    # The second click: every source link lands on an entry of the bibliography.
    sources = [h for h in parsed.hrefs if "kilder.html#" in h and "tall-og-kilder" not in h]
    assert sources
    for href in sources:
        target, fragment = _target(page, href)
        assert target.name == "kilder.html" and fragment in bibliography.ids, href
    text = page_text(page)
    for record in records:
        assert normalise(record["text"]) in text, record["key"]
    with_pages = [r for r in records if r["pages"]]
    assert with_pages and all(
        f"{p.split('/')[-1]}.html" in " ".join(parsed.hrefs) for r in with_pages for p in r["pages"]
    )


def test_pdf_has_the_appendix_and_the_sources_of_the_key_figures(built_book):
    text = pdf_text(built_book / "_build" / "fastlegeordningen.pdf")
    assert "Tall og kilder" in text
    assert "Kilder til tallene." in text  # after the summary (fastlege_book.pdf.assemble.key_sources)
    assert "fl-tall" not in text and "{tall}" not in text


def test_running_text_writes_numbers_in_words_where_the_style_asks_and_tables_keep_digits(built_book):
    """Each linked number shows its running-text form (fire år, 15 millioner) outside tables and digits in them.

    The link to Tall og kilder and the tooltip are on the word itself.
    """
    from lxml import html as lxml_html

    site = built_book / "_build" / "html"
    shown = registry.prose_figures()
    words_seen, wrong = set(), []
    for page in sorted(site.rglob("*.html")):
        tree = lxml_html.parse(str(page))
        for link in tree.getroot().cssselect("a.fl-tall-link"):
            key = link.get("href").split("#")[1].removeprefix(provenance.ANCHOR)
            in_table = any(a.tag in ("td", "th") for a in link.iterancestors())
            expected = shown[key].text if in_table else shown[key].prose
            got = link.text_content()
            if normalise(got) not in (normalise(expected), normalise(expected[:1].upper() + expected[1:])):
                wrong.append((page.name, key, got, expected))
            tip = tree.getroot().get_element_by_id(link.get("aria-describedby"))
            assert tip.text_content().startswith("Kilde"), (page.name, key)
            if not in_table and shown[key].prose != shown[key].text:
                words_seen.add(key)
    assert not wrong, wrong[:10]
    # The source texts' small counts and round figures are in words on the website ...
    assert {"action_plan_years", "legeforeningen_need_multiple", "consultations_per_year_text"} <= words_seen
    # ... and in the PDF, where the same sentences are set from the website's HTML.
    text = pdf_text(built_book / "_build" / "fastlegeordningen.pdf")
    for key in sorted(words_seen):
        assert normalise(shown[key].prose) in text.lower() or normalise(shown[key].prose).capitalize() in text, key
