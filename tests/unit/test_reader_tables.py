"""No table a reader sees shows a code name: every table the chapters and notebooks make, every chart's table.

The chapters' and notebooks' code cells are run here as the build runs them (in order, each cell's last
expression is its output), and every table among the outputs is read cell by cell.
"""

from __future__ import annotations

import ast

import jupytext
import pandas as pd
import pytest
from IPython.display import Markdown

from fastlege_calc import tables
from fastlege_calc.charts import REGISTRY
from fastlege_calc.charts.render import ChartFigure
from tests.helpers import ROOT

PAGES = sorted(p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("book/*.md"), *ROOT.glob("notebooks/*.md")])


def outputs(page: str) -> list[object]:
    """The output of every code cell of a page (its last expression), run in one namespace as the kernel would."""
    notebook = jupytext.read(ROOT / page)
    namespace: dict = {}
    found = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, page, "exec"), namespace)
        if last is not None:
            found.append(eval(compile(ast.Expression(last.value), page, "eval"), namespace))
    return found


def table_cells(markdown: str) -> list[str]:
    """Every cell of every pipe table in a Markdown text, headers included."""
    cells = []
    for line in markdown.splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            cells += [c.strip() for c in line.strip().strip("|").split(" | ")]
    return cells


def chart_cells(figure: ChartFigure) -> list[str]:
    """The headers and cells of the table under a chart, as a reader sees them."""
    table = figure.data_table
    rows = table.frame.itertuples(index=False)
    return [c.title for c in table.columns] + [
        table.text(c, v) for row in rows for c, v in zip(table.columns, row, strict=True)
    ]


@pytest.mark.parametrize("page", [p for p in PAGES if "code-cell" in (ROOT / p).read_text(encoding="utf-8")])
def test_no_table_of_a_page_shows_a_code_name(page):
    shown = {}
    for output in outputs(page):
        if isinstance(output, Markdown):
            cells = table_cells(output.data)
        elif isinstance(output, ChartFigure):
            cells = chart_cells(output)
        else:
            continue
        for cell in cells:
            if found := tables.code_names(cell):
                shown[cell[:60]] = found
    assert not shown, shown


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_no_chart_table_shows_a_code_name(name):
    assert not [found for cell in chart_cells(REGISTRY[name].function()) if (found := tables.code_names(cell))]


def test_a_table_of_codes_is_refused_naming_the_column():
    frame = pd.DataFrame({"item": ["tariff_refunds"], "source_id": ["hdir_hp_2020"]})
    with pytest.raises(ValueError, match=r"'Post' shows the code 'tariff_refunds'"):
        tables.markdown_table(frame, {"item": ("Post", str)})
    with pytest.raises(ValueError, match=r"'Kilde' shows the code 'hdir_hp_2020'"):
        tables.markdown_table(frame, {"source_id": ("Kilde", str)})
    written = tables.markdown_table(
        frame, {"item": ("Post", tables.label("cost_item")), "source_id": ("Kilde", tables.source)}
    ).data
    assert "Refusjon av takster" in written and "{cite:t}`hdir_hp_2020`" in written


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("tariff_refunds", ["tariff_refunds"]),
        ("Kilde: af_123", ["af_123"]),
        ("salaried", ["salaried"]),
        ("{cite:t}`hdir_hp_2020`", []),
        ("Median", []),
        ("Refusjon av takster", []),
        ("8.2-avtale", []),
    ],
)
def test_code_names_finds_identifiers_and_leaves_words(cell, codes):
    assert tables.code_names(cell) == codes
