"""The rebuild story on the real book: nothing changed, then one CSV value changed.

One test, written as explicit steps on the session's build (lent by the `scenario` fixture and put
back afterwards). Which pages a change re-reads and which notebooks it re-executes is tested in detail,
and for package edits, on the small fixture book in tests/extension; here the real book shows that the
new number reaches every page, the PDF, the registry and the changes page, and that no old one stays.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from fastlege_book.datastatus import NOTE_CLASS
from fastlege_book.layout import Layout
from fastlege_calc import fmt, registry
from tests.helpers import normalise, replace_in, reread_and_executed

from .bookutil import outside_changes_page, page_text, pdf_text, run_build, snapshot


def substitutions_with_data(data_dir: Path) -> dict[str, str]:
    """The figures as the package computes them from another data folder (in a fresh process)."""
    code = "import json; from fastlege_calc import registry; print(json.dumps(registry.substitutions()))"
    env = {**os.environ, "FASTLEGE_DATA_DIR": str(data_dir)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def toc_pages(book: Path) -> set[str]:
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    return {toc["root"]} | {c["file"] for part in toc["parts"] for c in part["chapters"]}


def code_pages(book: Path) -> set[str]:
    """Pages with notebook code cells."""
    return {page for page in toc_pages(book) if "{code-cell}" in (book / f"{page}.md").read_text(encoding="utf-8")}


def datastatus_note(layout: Layout, page: str) -> str:
    """The text of the page's "Eldre tall" note (fastlege_book.datastatus) on the published site, or ''."""
    text = (layout.site / f"{page}.html").read_text(encoding="utf-8")
    found = re.search(rf'<div class="[^"]*\b{NOTE_CLASS}\b[^"]*">(.*?)</div>', text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def changes_rows(layout: Layout) -> dict[str, str]:
    """The rows of the changes page's table (figures changed since the latest edition), by their first cell."""
    page = (layout.site / "book" / "endringer.html").read_text(encoding="utf-8")
    if 'class="fl-changes' not in page:
        return {}
    table = page[page.index('class="fl-changes') :]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table[: table.index("</table>")], flags=re.S)[1:]
    first = [re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)[0] for row in rows]
    text = [normalise(html.unescape(re.sub(r"<[^>]+>", "", cell))).strip() for cell in first]
    return dict(zip(text, rows, strict=True))


def now_cell(row: str | None) -> str | None:
    """The "Nå" cell (the figure's value now) of a row of the changes page's table, or None."""
    if row is None:
        return None
    return re.sub(r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)[2]).strip()


def build(book: Path) -> subprocess.CompletedProcess:
    result = run_build(book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def test_a_csv_change_reaches_every_page_the_pdf_and_the_registry_and_nothing_else_is_rebuilt(scenario):
    book, layout = scenario, Layout.here(scenario)

    # 1. No input changed: the stamp skips Sphinx; no page is re-read or written, no notebook runs.
    site_before = snapshot(layout.site)
    reread, executed, result = reread_and_executed(book, lambda: build(book))
    assert "html: up to date" in result.stdout and "pdf: up to date" in result.stdout
    assert "Running Jupyter-Book" not in result.stdout
    assert (reread, executed) == (set(), [])
    assert snapshot(layout.site) == site_before

    # 2. The rate under the break point from 1 January 2022 goes from 653 to 660 kr per patient: it
    #    feeds the action plan figures, a chart and the analysts' notebook (rise 660 − 499 = 161 kr).
    before = substitutions_with_data(layout.data)
    listed_before = changes_rows(layout)  # figures changed since the latest edition before this change
    replace_in(layout.data / "basistilskudd_rates.csv", "2022-01-01,kneepoint,653,", "2022-01-01,kneepoint,660,")
    after = substitutions_with_data(layout.data)
    changed_keys = sorted(k for k in after if before.get(k) != after[k])
    assert "bt_2022_01_01" in changed_keys and "ap_rise_per_patient" in changed_keys
    reread, executed, result = reread_and_executed(book, lambda: build(book))
    assert "publish: _build/html" in result.stdout and "publish: _build/fastlegeordningen.pdf" in result.stdout

    # 3. Re-read: the pages showing a changed figure, the pages whose code read the rates table (both
    #    financing pages do) and the appendices that list every figure; no page without code beyond those.
    usage = registry.usage(book)
    showing = {page for key in changed_keys for page in usage.get(key, [])}
    every_figure = {"book/endringer", "book/tall-og-kilder"}
    assert showing | {"book/finansiering", "notebooks/finansiering"} | every_figure <= reread
    # A page whose "Eldre tall" note names the rates' series shows its latest period: re-read too.
    dated = {page for page in toc_pages(book) if "Satser for basistilskudd" in datastatus_note(layout, page)}
    assert reread - showing - every_figure <= code_pages(book) | dated
    assert reread < toc_pages(book)
    assert {"book/finansiering", "notebooks/finansiering"} <= set(executed) <= code_pages(book)
    assert len(executed) == len(set(executed))  # each once: the PDF build reuses the website's pages

    # 4. Every changed figure shows its new text and never its old one, on its pages and in the PDF.
    html_text = {p: page_text(p) for p in layout.site.rglob("*.html")}
    pdf = outside_changes_page(pdf_text(layout.pdf()))  # the changes page lists old values on purpose
    for key in changed_keys:
        new = normalise(after[key])
        for page in usage.get(key, []):
            assert new in html_text[layout.site / f"{page}.html"], (key, page)
        assert new in pdf, key
    old_rise, new_rise = fmt.nok((653 - 499) * 1000), fmt.nok((660 - 499) * 1000)
    for path, text in html_text.items():
        if path.name != "endringer.html":
            assert normalise(old_rise) not in text, path.name
            assert "653 kr" not in text and "653,00" not in text, path.name
    assert normalise(new_rise) in pdf and normalise(old_rise) not in pdf and "653 kr" not in pdf
    chapter = html_text[layout.site / "book" / "finansiering.html"]
    notebook = html_text[layout.site / "notebooks" / "finansiering.html"]
    assert normalise(new_rise) in chapter and normalise(new_rise) in notebook
    assert "660 kr" in chapter and "660,00" in notebook
    chart_data = (layout.site / "book" / "finansiering.html").read_text(encoding="utf-8")
    assert '"nok_per_patient":660' in chart_data and '"nok_per_patient":653' not in chart_data

    # 5. The registry (website and beside the PDF) and the changes page list exactly the changed figures.
    site_registry = json.loads(layout.site_figures_json.read_text(encoding="utf-8"))
    assert {f["key"]: f["text"] for f in site_registry["figures"]} == after
    pdf_registry = json.loads(layout.figures_json.read_text(encoding="utf-8"))
    assert {f["key"]: f["text"] for f in pdf_registry["figures"]} == after
    # The data has moved on since the repository's latest edition (the municipal figures are newer), so the
    # page listed figures before; the rows whose value ("Nå") this change added or altered are exactly the
    # changed figures. (A figure new since the edition may name the edited row in its "Hvorfor" cell too.)
    listed = changes_rows(layout)
    descriptions = {f["key"]: f["description"] for f in site_registry["figures"]}
    altered = {d for d, row in listed.items() if now_cell(listed_before.get(d)) != now_cell(row)}
    assert altered == {descriptions[key] for key in changed_keys}
    assert set(listed_before) <= set(listed)
    changes_text = html_text[layout.site / "book" / "endringer.html"]
    assert f"Siden da har {len(listed)} tall endret seg" in changes_text
    for key in changed_keys:
        assert descriptions[key] in changes_text, key
    assert "data/basistilskudd_rates.csv, linje 6 (2022-01-01): rate_nok_per_patient 653 → 660" in changes_text
