"""The numbers behind every chart (table and CSV) and the Regn selv formulas, without a browser."""

import csv
import datetime as dt
import io

import pytest

from fastlege_calc import basistilskudd, calculator, charts, tromso
from fastlege_calc.charts.render import _d3_number

BUILDERS = [
    charts.income_mix,
    charts.basistilskudd_history,
    charts.basistilskudd_by_list_length,
    charts.action_plan_vs_salaried_gp,
]


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_every_chart_has_a_table_a_csv_and_tooltips(builder):
    figure = builder()
    rows = list(csv.reader(io.StringIO(figure.csv())))
    assert rows[0] == [c.title for c in figure.data_table.columns]
    assert 0 < len(rows) - 1 == len(figure.data_table.frame) < 500
    html = figure.html()
    assert "<details" in html and "<table" in html and 'scope="col"' in html
    assert 'download="' in html and "data:text/csv" in html and "Kilde" in html
    assert "tooltip" in str(figure.spec())


def test_table_numbers_are_norwegian():
    assert _d3_number(1234567.0, ",.0f") == "1\u00a0234\u00a0567"
    assert _d3_number(0.269, ".1%") == "26,9\u00a0%"
    assert _d3_number(653.5, ",.2~f") == "653,5"


def test_calculator_reference_is_the_national_formula():
    rule = basistilskudd.last_kneepoint_rule()
    n = 1200
    expected_national = 1000 * rule.rate_nok_per_patient + 200 * rule.rate_above_kneepoint_nok_per_patient
    got = calculator.results(n, rule.rate_nok_per_patient, rule.rate_above_kneepoint_nok_per_patient, 1000)
    assert got["national"] == pytest.approx(expected_national)
    assert got["national"] == pytest.approx(basistilskudd.annual_basistilskudd_nok(n, rule.valid_from))
    assert got["tromso"] == pytest.approx(tromso.annual_basistilskudd_nok(n, rule.valid_from))
    before = basistilskudd.rate_on(dt.date(2019, 7, 1)).rate_nok_per_patient
    assert got["plan_effect"] == pytest.approx(expected_national - n * before)
