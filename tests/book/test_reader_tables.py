"""No table a reader sees shows a code name (snake_case, a source key, a code of data/labels.csv): website and PDF."""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from fastlege_calc import tables
from fastlege_calc.data import load

from .bookutil import pdf_text


def test_no_table_cell_on_any_page_shows_a_code_name(built_book):
    site = built_book / "_build" / "html"
    shown = {}
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0] in ("_static", "_sources", "_images"):
            continue
        tree = lxml_html.parse(str(page))
        # The chart tables are collapsed, but open for a reader with one click: they count.
        for cell in tree.iter("td", "th"):
            text = " ".join(cell.text_content().split())
            # The changes page points analysts to a data row by file, line and CSV column, as the data's
            # error messages do: a column's name there is the file's own header, on purpose.
            if text.startswith("data/"):
                continue
            if found := tables.code_names(text):
                shown.setdefault(Path(page).name, {})[text[:60]] = found
    assert not shown, shown


def test_the_pdf_shows_no_source_key_and_no_code_of_the_labels(built_book):
    text = pdf_text(built_book / "_build" / "fastlegeordningen.pdf")
    words = set(text.replace("\u00ad", "").split())
    codes = set(load("sources").source_id) | {c for c in load("labels").code if "_" in c}
    assert not sorted(words & codes)
