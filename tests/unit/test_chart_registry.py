"""The chart registry and the chapters agree, and a chart declared in the wrong place is refused.

A chart for book/X.md is a @chart function in fastlege_calc/charts/X.py; the chapter shows it with
charts.show("fig-…") in a code cell whose figure name is the same. These tests read the chapters'
sources (no build).
"""

from __future__ import annotations

import ast
import functools
import pkgutil
import re

import pytest
import yaml

from fastlege_book.pdf import assemble
from fastlege_calc import charts
from fastlege_calc.charts.registry import ChartEntry, chart, module_chapter
from tests.helpers import ROOT

CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.M | re.S)


def toc_files() -> list[str]:
    """Every page of the book, as _toc.yml names it ("book/finansiering", "notebooks/praksis")."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def chart_cells(page: str) -> list[tuple[str | None, list[tuple[str, list]]]]:
    """Each code cell of a page that calls fastlege_calc.charts: (its figure name, [(function, arguments)])."""
    cells = []
    for cell in CODE_CELL.findall((ROOT / f"{page}.md").read_text(encoding="utf-8")):
        # cell options: a YAML block between --- lines, or short ":key: value" lines
        front, short, body = re.fullmatch(r"(?:---\n(.*?)\n---\n)?((?::[^\n]*\n)*)(.*)", cell, re.S).groups()
        front = front or re.sub(r"^:", "", short, flags=re.M)
        calls = [
            (node.func.attr, [ast.literal_eval(a) for a in node.args if isinstance(a, ast.Constant)])
            for node in ast.walk(ast.parse(body))
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "charts"
        ]
        if calls:
            name = ((yaml.safe_load(front) or {}).get("mystnb") or {}).get("figure", {}).get("name")
            cells.append((name, calls))
    return cells


@functools.cache
def shown() -> dict[str, list[tuple[str | None, list[tuple[str, list]]]]]:
    """The chart cells of every page of the book."""
    return {page: chart_cells(page) for page in toc_files()}


def test_every_chart_a_page_shows_is_in_the_registry_under_its_figure_name():
    for page, cells in shown().items():
        for name, calls in cells:
            assert calls == [("show", [name])], f"{page}: a chart cell draws charts.show(its figure name), not {calls}"
            assert name in charts.REGISTRY, f"{page}: {name} is not in fastlege_calc.charts.REGISTRY"
            assert charts.REGISTRY[name].chapter == page, f"{name} is shown in {page}, declared for another chapter"


def test_every_chapter_shows_the_charts_declared_for_it_in_their_order():
    for page in toc_files():
        declared = [e.name for e in charts.in_chapter(page)]
        assert [name for name, _calls in shown()[page]] == declared, page
    assert {e.chapter for e in charts.REGISTRY.values()} <= set(toc_files())


def test_the_kortversjon_reuses_charts_the_website_shows():
    for name in assemble.SHORT_FIGURES:
        assert name in charts.REGISTRY, f"the kortversjon names {name}, which is not in the chart registry"


def test_the_kortversjons_charts_are_official_trends_not_the_source_texts_or_abolished_rules():
    """The summary speaks of official figures; its charts show official series over time (EDITORIAL-REVIEW §4.1).

    Every chart's sources are official publishers (no party's text), and none draws the break-point rules
    abolished on 1 May 2023.
    """
    parties = {"af_123", "thorsen_2022"}
    for name in assemble.SHORT_FIGURES:
        entry = charts.REGISTRY[name]
        assert not parties & set(entry.build().source_ids), name
        assert "knekkpunkt" not in entry.build().alt_text.lower(), name


def test_each_chart_module_belongs_to_a_chapter_of_the_book():
    modules = [m.name for m in pkgutil.iter_modules(charts.__path__) if m.name not in charts.SHARED_MODULES]
    assert modules, "no chart modules found"
    for module in modules:
        assert module_chapter(module) in toc_files(), f"charts/{module}.py is named for no page in _toc.yml"
    for entry in charts.REGISTRY.values():
        assert module_chapter(entry.function.__module__) == entry.chapter, entry.name


def _drawing() -> charts.ChartFigure:
    raise AssertionError("never drawn")


def test_a_chart_declared_in_another_chapters_module_is_refused():
    _drawing.__module__ = "fastlege_calc.charts.tromso"
    with pytest.raises(ValueError, match=r"shown in book/finansiering, so it belongs in charts/finansiering\.py"):
        chart("fig-ny", chapter="book/finansiering")(_drawing)
    assert "fig-ny" not in charts.REGISTRY


def test_a_second_chart_with_a_taken_name_is_refused():
    _drawing.__module__ = "fastlege_calc.charts.finansiering"
    with pytest.raises(ValueError, match="'fig-inntektskilder' is already taken by income_mix"):
        chart("fig-inntektskilder", chapter="book/finansiering")(_drawing)
    assert charts.REGISTRY["fig-inntektskilder"].function.__name__ == "income_mix"


def test_a_chart_that_needs_arguments_is_refused():
    def by_year(year: int) -> charts.ChartFigure:
        raise AssertionError("never drawn")

    by_year.__module__ = "fastlege_calc.charts.finansiering"
    with pytest.raises(ValueError, match="must draw without arguments, but needs year"):
        chart("fig-per-aar", chapter="book/finansiering")(by_year)


def test_a_chart_that_names_itself_otherwise_is_refused_and_every_chart_keeps_its_figure_name():
    # A figure name other than the chapter's label gets no number in the book, so its downloads would not either.
    def renamed() -> charts.ChartFigure:
        return charts.ChartFigure(chart=None, alt_text="Et kart.", name="fastlegelister-kommuner-2025")

    renamed.__module__ = "fastlege_calc.charts.kommunene"
    with pytest.raises(ValueError, match=r"chart 'fig-kart' names itself 'fastlegelister-kommuner-2025'"):
        ChartEntry("fig-kart", "book/kommunene", renamed).build()
    names = {name: entry.build().name for name, entry in charts.REGISTRY.items()}
    assert names == {name: name for name in charts.REGISTRY}


def test_an_unknown_chart_name_gets_the_list_of_names():
    with pytest.raises(KeyError, match=r"no chart named .fig-inntekt.; the charts are: .*fig-inntektskilder"):
        charts.show("fig-inntekt")
