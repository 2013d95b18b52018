"""Norwegian numbers in the tables under the charts, and the Regn selv formulas, without a browser.

Every chart's table and CSV are checked in test_charts.py, once per chart in the registry.
"""

import datetime as dt

import pytest

from fastlege_calc import basistilskudd, calculator, tromso
from fastlege_calc.charts.render import _d3_number


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
