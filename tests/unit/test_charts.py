"""Every chart in the chart registry as a reader gets it, one test run per entry of the registry.

A valid spec, Norwegian numbers, a text alternative, its sources under it, the numbers behind it as a
table and CSV, a vector PDF. A new chart is checked by declaring it in `fastlege_calc.charts.REGISTRY`.
"""

import csv
import html
import io
import json
import re

import pandas as pd
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema

from fastlege_calc import charts, registry
from fastlege_calc.charts.render import _encodings_with, download_marker
from fastlege_calc.charts.theme import NUMBER_FORMAT, PALETTE
from fastlege_calc.data import load
from fastlege_calc.sources import source_line
from tests.helpers import ROOT

#: A number as a Norwegian reader reads it: groups of three split by a no-break space, decimal comma.
NORWEGIAN_NUMBER = re.compile(r"[-\u2212]?\d{1,3}(\u00a0\d{3})*(,\d+)?(\u00a0%)?")


@pytest.fixture(scope="module", params=list(charts.REGISTRY))
def figure(request):
    return charts.REGISTRY[request.param].build()


def _tooltips(spec: dict) -> list[dict]:
    found = []
    for _view, encoding in _encodings_with(spec, "tooltip"):
        tips = encoding["tooltip"]
        found.extend(tips if isinstance(tips, list) else [tips])
    return found


def test_spec_is_valid_vega_lite_that_compiles_to_vega(figure):
    spec = figure.spec()
    validate_jsonschema(spec, load_schema())  # raises on an invalid spec
    json.dumps(spec)  # plain JSON: no dates or numpy values left in the embedded data
    assert figure.vega_spec()["marks"]


def _named_data(node) -> set[str]:
    """Names of the data sources a Vega-Lite spec reads by name ({"data": {"name": …}}), at any depth."""
    names = set()
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and "name" in data and "values" not in data and "url" not in data:
            names.add(data["name"])
        for key, value in node.items():
            if key != "datasets":
                names |= _named_data(value)
    elif isinstance(node, list):
        for item in node:
            names |= _named_data(item)
    return names


def test_every_data_source_a_chart_reads_by_name_travels_with_it(figure):
    """A chart's named data (the map's boundaries, its rows, the county borders) is in its spec: none is blank.

    Large data sets are put into the spec after Altair's schema check (ChartFigure.datasets); the test
    above checks the spec they are in against the schema.
    """
    spec = figure.spec()
    missing = _named_data(spec) - set(spec.get("datasets", {}))
    assert not missing, f"{figure.name}: no data set named {sorted(missing)}"
    assert all(spec["datasets"][name] for name in _named_data(spec))


def test_numbers_are_norwegian(figure):
    spec = figure.spec()
    assert spec["config"]["range"]["category"][0] == PALETTE["blue"]  # the one theme
    assert spec["config"]["axisQuantitative"]["format"] == NUMBER_FORMAT
    locale = spec["usermeta"]["embedOptions"]["formatLocale"]
    assert locale["decimal"] == "," and locale["thousands"] == "\u00a0"
    unformatted = [t["field"] for t in _tooltips(spec) if t.get("type") == "quantitative" and not t.get("format")]
    assert unformatted == [], "tooltips would show raw numbers"
    table = figure.data_table
    for column in (c for c in table.columns if c.type == "quantitative"):
        for value in table.frame[column.field]:
            text = table.text(column, value)
            if pd.isna(value):  # a municipality without figures: said so, never 0 or blank
                assert text == "ingen tall", (column.title, text)
                continue
            assert NORWEGIAN_NUMBER.fullmatch(text), (column.title, value, text)


def test_text_alternative_describes_the_chart_in_norwegian(figure):
    assert len(figure.alt_text) > 60
    assert figure.spec()["description"] == figure.alt_text
    assert not re.search(r"\bnan\b|\bNone\b|\d\.\d", figure.alt_text), figure.alt_text
    assert f'aria-label="{html.escape(figure.alt_text)}"' in figure.html()
    assert figure._repr_mimebundle_()["text/plain"] == figure.alt_text


def test_sources_are_named_once_under_the_chart(figure):
    known = set(load("sources").source_id)
    assert figure.source_ids and set(figure.source_ids) <= known
    assert len(figure.source_ids) == len(set(figure.source_ids))
    title = figure.spec()["title"]
    assert title["orient"] == "bottom"
    line = " ".join(title["text"])
    assert line == source_line(figure.source_ids)
    assert line.startswith(("Kilde: ", "Kilder: "))
    assert html.escape(line) in figure.details_html()


def test_table_and_csv_hold_the_numbers_behind_the_chart(figure):
    rows = list(csv.reader(io.StringIO(figure.csv())))
    assert rows[0] == [c.title for c in figure.data_table.columns]
    assert 0 < len(rows) - 1 == len(figure.data_table.frame) < 500
    page = figure.html()
    assert "<details" in page and "<table" in page and 'scope="col"' in page
    # The downloads are files the build writes and links (fastlege_book.downloads), not data inlined in the page.
    assert download_marker(figure.name) in page and "data:text/csv" not in page
    assert _tooltips(figure.spec()), "every chart has tooltips"


def test_chart_embeds_aggregated_data_only(figure):
    rows = sum(len(v) for v in figure.spec().get("datasets", {}).values())
    assert 0 < rows < 500


def test_chart_html_loads_nothing_from_elsewhere(figure):
    page = figure.html()
    assert 'class="fl-chart"' in page and "<script src" not in page
    assert "</script" not in page.split('class="fl-chart-spec">', 1)[1].rsplit("</script>", 1)[0]


def test_a_notebook_shows_the_chart_as_html_with_its_text_alternative_and_nothing_heavier(figure):
    # The PDFs draw charts as SVG from the website's HTML (tests/unit/test_chart_downloads.py: vector, no image).
    bundle = figure._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/plain"] == figure.alt_text and 'class="fl-chart"' in bundle["text/html"]


# --- single charts against hand calculations ---------------------------------------------------------------------
def _rows(name: str) -> list[dict]:
    return [row for rows in charts.REGISTRY[name].build().spec()["datasets"].values() for row in rows]


def test_action_plan_chart_shows_the_package_figures():
    # The action plan's rise for 1 000 patients, (653 − 499) × 1 000 kr, against 0,8–1,0 million kr net.
    values = sorted(row["nok"] for row in _rows("fig-handlingsplan"))
    assert values == [(653 - 499) * 1000, 800_000, 1_000_000]


def test_tromso_line_lies_above_the_national_line_up_to_the_kneepoint():
    by = {(r["model"], r["list_length_patients"]): r["nok_per_year"] for r in _rows("fig-tromso-listelengde")}
    assert by[("tromso", 1000)] > by[("national", 1000)]
    assert by[("tromso", 2000)] - by[("national", 2000)] == pytest.approx(by[("tromso", 1000)] - by[("national", 1000)])


def test_tromso_cut_chart_shows_the_worked_example():
    # 1 July 2021: 642 kr per patient; a 20 % cut to 800 patients; the Tromsø model adds 60 %.
    values = sorted(r["nok_per_year"] for r in _rows("fig-tromso-kutt"))
    assert values == pytest.approx(sorted([800 * 642, 1000 * 642, 800 * 642 * 1.6]))


def test_the_consultations_chart_writes_the_notes_round_figure_as_the_prose_does_and_names_both_counts():
    """'Notatet: ca. 15 millioner' as chapter 2 writes it (not '15 000 000').

    The text alternative does not call SSB's count of consultations hos allmennlege a count hos fastlege.
    """
    figure = charts.REGISTRY["fig-konsultasjoner"].build()
    prose = registry.prose_figures()["consultations_per_year_text"].prose
    spec = json.dumps(figure.chart.to_dict(), ensure_ascii=False)
    assert f"Notatet: ca. {prose}" in spec
    assert f"om lag {prose} konsultasjoner" in figure.alt_text
    assert "hos fastlege i året" not in figure.alt_text, figure.alt_text
    assert "hos allmennlege" in figure.alt_text  # SSB's 2023 count, as the chart's legend says


def test_the_working_hours_chart_says_where_the_75_hours_come_from_as_the_chapter_does():
    """The 75 hours were reported from Helsedirektoratet's and NKLM's report (TV2, NPK): not a figure of doubt."""
    alt_text = charts.REGISTRY["fig-arbeidstid"].build().alt_text
    chapter = (ROOT / "book" / "under-press.md").read_text(encoding="utf-8")
    assert "NKLMs" in chapter and "rapport" in chapter
    assert "Helsedirektoratets og NKLMs rapport" in alt_text and "ikke står i de publiserte artiklene" not in alt_text
