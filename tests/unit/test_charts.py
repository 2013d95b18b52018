"""Charts: one theme, Norwegian formats, text alternatives, small embedded data, vector PDF."""

import base64
import json
import re

import pytest

from fastlege_calc import charts
from fastlege_calc.charts.theme import PALETTE

BUILDERS = {
    "income_mix": charts.income_mix,
    "basistilskudd_history": charts.basistilskudd_history,
    "basistilskudd_by_list_length": charts.basistilskudd_by_list_length,
    "action_plan_vs_salaried_gp": charts.action_plan_vs_salaried_gp,
}


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def figure(request):
    return BUILDERS[request.param]()


def test_chart_has_a_text_alternative_with_norwegian_numbers(figure):
    assert len(figure.alt_text) > 60
    assert figure.spec()["description"] == figure.alt_text
    assert not re.search(r"\bnan\b|\bNone\b|\d\.\d", figure.alt_text), figure.alt_text


def test_chart_uses_the_theme_and_norwegian_locale(figure):
    spec = figure.spec()
    assert spec["config"]["range"]["category"][0] == PALETTE["blue"]
    locale = spec["usermeta"]["embedOptions"]["formatLocale"]
    assert locale["decimal"] == "," and locale["thousands"] == "\u00a0"


def test_chart_names_its_source_under_it(figure):
    text = json.dumps(figure.spec(), ensure_ascii=False)
    assert "Kilde" in text


def test_chart_embeds_aggregated_data_only(figure):
    rows = sum(len(v) for v in figure.spec().get("datasets", {}).values())
    assert 0 < rows < 500


def test_chart_html_loads_nothing_from_elsewhere(figure):
    html = figure.html()
    assert 'class="fl-chart"' in html and "<script src" not in html
    assert "</script" not in html.split('class="fl-chart-spec">', 1)[1].rsplit("</script>", 1)[0]


def test_chart_pdf_is_a_vector_pdf(figure):
    bundle = figure._repr_mimebundle_()
    pdf = base64.b64decode(bundle["application/pdf"])
    assert pdf.startswith(b"%PDF")
    assert bundle["text/plain"] == figure.alt_text


def test_action_plan_chart_shows_the_package_figures():
    values = sorted(
        row["nok"] for rows in charts.action_plan_vs_salaried_gp().spec()["datasets"].values() for row in rows
    )
    assert values == [154 * 1000, 800_000, 1_000_000]


def test_tromso_line_lies_above_the_national_line_up_to_the_kneepoint():
    spec = charts.basistilskudd_by_list_length().spec()
    rows = next(iter(spec["datasets"].values()))
    by = {(r["model"], r["list_length_patients"]): r["nok_per_year"] for r in rows}
    assert by[("tromso", 1000)] > by[("national", 1000)]
    assert by[("tromso", 2000)] - by[("national", 2000)] == pytest.approx(by[("tromso", 1000)] - by[("national", 1000)])
