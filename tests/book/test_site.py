"""The website in a real browser: offline, accessible, light, charts with their numbers, Regn selv.

Every page of the built site is visited (so new chapters are covered without changes here), served from
a loopback web server and opened from file://, with Debian's Chromium driven by Playwright.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import threading
import urllib.parse
from pathlib import Path

import pytest

from fastlege_calc import calculator, fmt

from .bookutil import CHROMIUM, CHROMIUM_ARGS, normalise

MAX_PAGE_BYTES = 1_500_000  # each page with everything it loads, as transferred and as decoded (uncompressed)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOT_WIDTHS = {"desktop": 1280, "phone": 390}

sync_api = pytest.importorskip("playwright.sync_api")


def site_pages(html_dir: Path) -> list[str]:
    """Every content page of the site, relative to its root (search and index pages included)."""
    pages = sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html"))
    return [p for p in pages if not p.startswith(("_static/", "_sources/", "_images/"))]


def chart_pages(html_dir: Path) -> list[str]:
    """The pages of the site that hold at least one chart."""
    return [p for p in site_pages(html_dir) if 'class="fl-chart"' in (html_dir / p).read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def html_dir(built_book) -> Path:
    return built_book / "_build" / "html"


@pytest.fixture(scope="module")
def server(html_dir):
    """The built site on a loopback web server, as it will be deployed."""
    handler = functools.partial(QuietHandler, directory=str(html_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server that compresses text like GitHub Pages does, without logging every request."""

    COMPRESSED = (".html", ".js", ".css", ".svg", ".json", ".txt", ".csv")

    def do_GET(self):
        """Serve a file, gzip-compressed when it is text and the browser accepts it."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in self.COMPRESSED and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format, *args):
        """Stay quiet."""
        pass


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One page opened in a fresh context: every request, its size, and every console error."""

    def __init__(self, browser, url: str, width: int = 1280, color_scheme: str = "light"):
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=color_scheme, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.responses: list = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", lambda r: self.responses.append(r))
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        self.wait_for_charts()

    def _sum(self, field: str) -> int:
        return self.page.evaluate(
            f"""[...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
               .reduce((sum, e) => sum + (e.{field} || 0), 0)"""
        )

    @property
    def bytes(self) -> int:
        """Bytes transferred for the page and everything it has loaded (compressed, as a web server sends them)."""
        return self._sum("transferSize")

    @property
    def unpacked_bytes(self) -> int:
        """The same, uncompressed (what a saved copy of the site weighs)."""
        return self._sum("decodedBodySize")

    def decoded_bytes(self) -> int:
        """Bytes of every response body the browser received for the page, as decoded (uncompressed)."""
        total = 0
        for response in self.responses:
            if 300 <= response.status < 400:
                continue  # a redirect has no body
            try:
                total += len(response.body())
            except sync_api.Error:
                continue  # a document the page left (the root index.html redirects): the browser dropped its body
        return total

    def wait_for_charts(self) -> None:
        """Until every chart container holds an SVG or canvas (or timeout)."""
        self.page.wait_for_function(
            "[...document.querySelectorAll('.fl-chart-view')].every(v => v.querySelector('svg, canvas'))",
            timeout=15_000,
        )

    def close(self) -> None:
        """Close the page's browser context."""
        self.context.close()


def offsite(urls: list[str]) -> list[str]:
    """Requests that leave the machine (anything but file:, data:, blob: and loopback)."""
    bad = []
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("file", "data", "blob", "about"):
            continue
        if parts.hostname in ("127.0.0.1", "localhost", "::1"):
            continue
        bad.append(url)
    return bad


def test_the_site_has_the_pages_the_toc_names(html_dir):
    pages = site_pages(html_dir)
    assert "book/regn-selv.html" in pages and "search.html" in pages
    assert len(pages) >= 10


def test_every_page_loads_offline_from_the_site_itself_without_console_errors(browser, server, html_dir):
    weights = {}
    problems = []
    for page in site_pages(html_dir):
        visit = Visit(browser, server + page)
        weights[page] = (visit.bytes, visit.decoded_bytes())
        if offsite(visit.requests):
            problems.append(f"{page}: requests leave the machine: {offsite(visit.requests)}")
        if visit.errors:
            problems.append(f"{page}: console: {visit.errors}")
        if weights[page][0] >= MAX_PAGE_BYTES:
            problems.append(f"{page}: {weights[page][0]} bytes transferred with everything it loads")
        if weights[page][1] >= MAX_PAGE_BYTES:
            problems.append(f"{page}: {weights[page][1]} bytes decoded with everything it loads")
        visit.close()
    heaviest = max(weights, key=lambda page: weights[page][1])
    sent, decoded = weights[heaviest]
    print(f"\nheaviest page: {heaviest}, {sent} bytes transferred, {decoded} bytes decoded")
    assert not problems, "\n".join(problems)


def test_every_page_works_opened_from_a_file_with_no_network(browser, html_dir):
    """A reader who saved the site: charts render under file:// and nothing is requested from elsewhere."""
    problems = []
    for page in site_pages(html_dir):
        visit = Visit(browser, (html_dir / page).as_uri())
        charts = visit.page.locator(".fl-chart-view").count()
        drawn = visit.page.locator(".fl-chart-view svg, .fl-chart-view canvas").count()
        if drawn < charts:
            problems.append(f"{page}: {charts - drawn} of {charts} charts not drawn")
        if offsite(visit.requests) or visit.errors:
            problems.append(f"{page}: {offsite(visit.requests)} {visit.errors}")
        visit.close()
    assert not problems, "\n".join(problems)


def test_the_book_has_charts_and_every_chart_renders(browser, server, html_dir):
    total = 0
    for page in chart_pages(html_dir):
        visit = Visit(browser, server + page)
        views = visit.page.locator(".fl-chart-view")
        for i in range(views.count()):
            svg = views.nth(i).locator("svg")
            assert svg.count() == 1, f"{page}: chart {i} has no SVG"
            box = svg.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 100, f"{page}: chart {i} is {box}"
            assert svg.get_attribute("aria-label"), f"{page}: chart {i} has no text alternative"
            total += 1
        visit.close()
    assert total >= 4


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_21_aa_violation_on_any_page(browser, server, html_dir, scheme):
    """Light mode at desktop width, dark mode at phone width (so both layouts are checked)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    width = 1280 if scheme == "light" else SCREENSHOT_WIDTHS["phone"]
    for page in site_pages(html_dir):
        visit = Visit(browser, server + page, width=width, color_scheme=scheme)
        if scheme == "dark":
            visit.page.evaluate("document.documentElement.dataset.theme = 'dark'")
        # Open the collapsed chart tables so their contrast is checked too.
        visit.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        results = axe.run(visit.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        for violation in results.response["violations"]:
            targets = [n["target"] for n in violation["nodes"]][:3]
            problems.append(f"{page} [{scheme}]: {violation['id']}: {violation['help']} {targets}")
        visit.close()
    assert not problems, "\n".join(problems)


def test_pages_are_in_norwegian_with_open_graph_metadata_and_pdf_links(html_dir):
    for page in site_pages(html_dir):
        text = (html_dir / page).read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' in text:
            continue  # the root index.html only redirects to the first chapter
        assert '<html lang="nb' in text, page
        assert ">By " not in text and "By Fastlege" not in text, page
        if page not in ("search.html", "genindex.html"):
            for prop in ("og:title", "og:description", "og:image"):
                assert f'property="{prop}"' in text, f"{page}: no {prop}"
        hrefs = [h for h in _hrefs(text) if h.endswith(".pdf")]
        assert hrefs, f"{page}: no link to the PDF"
        for href in hrefs:
            target = (html_dir / page).parent / href
            assert target.resolve().is_file(), f"{page}: {href} does not resolve in the site"
    previews = list((html_dir / "_images" / "social_previews").glob("*.png"))
    assert len(previews) >= len(site_pages(html_dir)) - 3


def _hrefs(text: str) -> list[str]:
    import re

    return re.findall(r'href="([^"#]+)', text)


def test_keyboard_reaches_a_skip_link_and_the_calculator(browser, server):
    visit = Visit(browser, server + "book/regn-selv.html")
    page = visit.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()"), "the first Tab stop has no visible name"
    for _ in range(120):
        if page.evaluate("document.activeElement.id") == "fl-list":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "fl-list", "Tab never reaches the calculator"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "no visible focus"
    page.keyboard.press("Tab")  # the slider
    page.keyboard.press("ArrowRight")
    assert page.input_value("#fl-list") != str(calculator.parameters()["list_length_patients"])
    reached = set()
    for _ in range(10):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id"))
    assert {"fl-rate", "fl-above", "fl-kneepoint", "fl-calc-reset"} <= reached
    visit.close()


def test_search_finds_norwegian_words(browser, server):
    visit = Visit(browser, server + "search.html?q=basistilskuddet")
    visit.page.wait_for_selector("#search-results li", timeout=15_000)
    results = visit.page.locator("#search-results li").all_inner_texts()
    assert any("Finansiering" in r or "finansiering" in r for r in results), results
    assert not visit.errors
    visit.close()


CALCULATOR_CASES = [
    # list length, rate up to the break point, rate above, break point
    (800, None, None, None),
    (1000, None, None, None),
    (1500, None, None, None),
    (0, 700, 500, 1000),
    (2500, 653, 526, 1000),
    (1234, 801, 499, 800),
    (950, 600.5, 600.5, 0),
]


def test_the_calculator_gives_the_package_numbers(browser, server):
    start = calculator.parameters()
    visit = Visit(browser, server + "book/regn-selv.html")
    page = visit.page
    for n, rate, above, kneepoint in CALCULATOR_CASES:
        rate = start["rate_up_to_kneepoint_nok"] if rate is None else rate
        above = start["rate_above_kneepoint_nok"] if above is None else above
        kneepoint = start["kneepoint_patients"] if kneepoint is None else kneepoint
        for name, value in (("list", n), ("rate", rate), ("above", above), ("kneepoint", kneepoint)):
            page.fill(f"#fl-{name}", str(value))
        expected = calculator.results(n, rate, above, kneepoint)
        for key, amount in expected.items():
            out = page.locator(f"#fl-out-{key}")
            assert float(out.get_attribute("data-value")) == pytest.approx(amount), (key, n, rate, above, kneepoint)
            assert normalise(out.inner_text()) == normalise(fmt.nok(amount)), key
    # The slider moves the number and the result.
    page.click("#fl-calc-reset")
    page.locator('[data-for="fl-list"]').fill("800")
    assert page.input_value("#fl-list") == "800"
    expected = calculator.results(
        800, start["rate_up_to_kneepoint_nok"], start["rate_above_kneepoint_nok"], start["kneepoint_patients"]
    )
    assert float(page.get_attribute("#fl-out-tromso", "data-value")) == pytest.approx(expected["tromso"])
    assert not visit.errors
    visit.close()


def test_the_calculator_matches_the_package_on_a_grid(browser, server):
    """Many inputs at once, computed by the page's own script in the browser."""
    start = calculator.parameters()
    visit = Visit(browser, server + "book/regn-selv.html")
    grid = [
        (n, r, a, k)
        for n in (0, 1, 499, 1000, 1001, 1800, 3000)
        for r, a in ((start["rate_up_to_kneepoint_nok"], start["rate_above_kneepoint_nok"]), (450, 700))
        for k in (0, 500, 1000, 2500)
    ]
    browser_results = visit.page.evaluate(
        """grid => grid.map(([n, r, a, k]) => {
            for (const [name, v] of [["list", n], ["rate", r], ["above", a], ["kneepoint", k]]) {
                const input = document.getElementById("fl-" + name);
                input.value = v;
                input.dispatchEvent(new Event("input"));
            }
            return Object.fromEntries(["national", "tromso", "difference", "plan_effect"].map(
                key => [key, parseFloat(document.getElementById("fl-out-" + key).dataset.value)]));
        })""",
        grid,
    )
    for inputs, got in zip(grid, browser_results, strict=True):
        assert got == pytest.approx(calculator.results(*inputs)), inputs
    visit.close()


def test_chart_numbers_are_a_table_under_the_chart_and_a_csv_that_matches(browser, server, html_dir):
    checked = 0
    for page in chart_pages(html_dir):
        visit = Visit(browser, server + page)
        charts = visit.page.locator(".fl-chart")
        for i in range(charts.count()):
            chart = charts.nth(i)
            details = chart.locator("details.fl-chart-data")
            assert not details.evaluate("d => d.open"), "the table is collapsed by default"
            details.locator("summary").click()
            table = details.locator("table")
            assert table.is_visible()
            headers = table.locator("thead th").all_inner_texts()
            rows = [r.locator("td").all_inner_texts() for r in table.locator("tbody tr").all()]
            assert rows and all(len(r) == len(headers) for r in rows)
            assert "Kilde" in details.locator(".fl-chart-source").inner_text()
            with visit.page.expect_download() as info:
                details.locator("a[download]").click()
            download = info.value
            assert download.suggested_filename.endswith(".csv")
            text = Path(download.path()).read_text(encoding="utf-8-sig")
            parsed = list(csv.reader(io.StringIO(text)))
            assert parsed[0] == headers
            assert len(parsed) - 1 == len(rows)
            # The CSV has the numbers the table shows, unformatted ...
            for csv_row, html_row in zip(parsed[1:], rows, strict=True):
                for raw, shown in zip(csv_row, html_row, strict=True):
                    assert _same_value(raw, shown), (page, raw, shown)
            # ... and they are the numbers the chart draws.
            spec = json.loads(chart.locator("script.fl-chart-spec").text_content())
            values = [v for data in spec.get("data", []) for r in data.get("values", []) for v in r.values()]
            drawn = {round(float(v), 6) for v in values if isinstance(v, int | float) and not isinstance(v, bool)}
            drawn_text = {str(v) for v in values}
            for csv_row in parsed[1:]:
                for raw in csv_row:
                    if _is_number(raw):
                        assert raw in drawn_text or round(float(raw), 6) in drawn, (page, raw)
            checked += 1
        visit.close()
    assert checked >= 4


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _same_value(raw: str, shown: str) -> bool:
    """A CSV cell (plain number or ISO date) and the table cell (Norwegian) say the same."""
    if not _is_number(raw):
        try:
            return fmt.date_long(dt.date.fromisoformat(raw)) == shown
        except ValueError:
            return raw == shown
    text = normalise(shown).replace(" ", "").replace("\u2212", "-").replace("kr", "")
    factor = 100 if text.endswith("%") else 1
    text = text.rstrip("%").replace(",", ".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(float(raw) * factor - float(text)) <= 0.5 * 10**-decimals + 1e-9


def test_chart_tooltips_show_norwegian_numbers(browser, server):
    visit = Visit(browser, server + "book/finansiering.html")
    page = visit.page
    mark = page.locator(".fl-chart-view svg path[aria-roledescription='bar'], .fl-chart-view svg .mark-rect path").first
    mark.hover(force=True)
    tooltip = page.locator("#fl-chart-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.inner_text()
    assert any(ch.isdigit() for ch in text)
    assert "\u00a0" in text or "," in text or "%" in text, text
    visit.close()


def test_screenshots_of_every_page_at_desktop_and_phone_width(browser, server, html_dir, tmp_path_factory):
    """Pictures to look at (paths printed); the page must not scroll sideways on a phone."""
    out = tmp_path_factory.mktemp("screenshots")
    wide = []
    for page in site_pages(html_dir):
        for label, width in SCREENSHOT_WIDTHS.items():
            visit = Visit(browser, server + page, width=width)
            visit.page.screenshot(path=out / f"{page.replace('/', '_')}-{label}.png", full_page=True)
            scroll = visit.page.evaluate("document.documentElement.scrollWidth")
            if scroll > width + 1:
                wide.append(f"{page} at {width} px: {scroll} px wide")
            visit.close()
    print(f"\nscreenshots in {out}")
    assert not wide, wide
