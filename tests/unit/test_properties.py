"""Property tests (hypothesis): the calculations and the Norwegian formatting hold for any input."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from babel.numbers import parse_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from fastlege_calc import action_plan, basistilskudd, data, fmt, tromso
from fastlege_calc.figures import value

RATES = basistilskudd.rates()
FIRST, LAST = RATES[0].valid_from, dt.date(RATES[-1].valid_from.year + 2, 12, 31)
WITH_RATE = [r for r in RATES if r.rate_nok_per_patient is not None]
KNEEPOINT_RULES = [r for r in RATES if r.scheme == "kneepoint"]
TROMSO_DATES = [r.valid_from for r in WITH_RATE if r.valid_from >= tromso.start()]

list_lengths = st.integers(min_value=0, max_value=5_000)
dates = st.dates(min_value=FIRST, max_value=LAST).filter(
    lambda d: basistilskudd.rate_on(d).rate_nok_per_patient is not None
)
settings.register_profile("fastlege", max_examples=60, deadline=None)
settings.load_profile("fastlege")


@pytest.fixture(autouse=True)
def _data_read_once(monkeypatch):
    """The data does not change during these tests: skip re-hashing data/ on every call (speed only)."""
    version = data.data_version()
    monkeypatch.setattr(data, "data_version", lambda directory=None: version)


# --- basistilskudd -------------------------------------------------------------------------------
@given(n=list_lengths, extra=st.integers(min_value=1, max_value=2_000), on=dates)
def test_basistilskudd_never_decreases_with_list_length(n, extra, on):
    assert basistilskudd.annual_basistilskudd_nok(n + extra, on) >= basistilskudd.annual_basistilskudd_nok(n, on)


@given(n=list_lengths, on=dates)
def test_each_extra_patient_adds_the_rate_of_its_tier(n, on):
    # Continuous: no jump anywhere, the break point included; each patient adds the rate of the tier
    # he or she falls in (up to the break point, or above it).
    rate = basistilskudd.rate_on(on)
    step = basistilskudd.annual_basistilskudd_nok(n + 1, on) - basistilskudd.annual_basistilskudd_nok(n, on)
    if rate.scheme == "kneepoint" and n >= rate.kneepoint_patients:
        expected = rate.rate_above_kneepoint_nok_per_patient
    else:
        expected = rate.rate_nok_per_patient
    assert abs(step - expected) < 1e-6


@given(rule=st.sampled_from(KNEEPOINT_RULES), distance=st.integers(min_value=0, max_value=50))
def test_continuous_at_the_break_point(rule, distance):
    k, on = rule.kneepoint_patients, rule.valid_from
    below, above = rule.rate_nok_per_patient, rule.rate_above_kneepoint_nok_per_patient
    at_k = basistilskudd.annual_basistilskudd_nok(k, on)
    assert at_k == k * below
    # Approaching from either side ends at the same amount: the line bends, it does not jump.
    from_below = basistilskudd.annual_basistilskudd_nok(k - distance, on) + distance * below
    from_above = basistilskudd.annual_basistilskudd_nok(k + distance, on) - distance * above
    assert abs(from_below - at_k) < 1e-6 and abs(from_above - at_k) < 1e-6


@given(n=list_lengths, on=st.sampled_from(TROMSO_DATES) if TROMSO_DATES else st.nothing())
def test_tromso_never_pays_less_than_the_national_rules(n, on):
    national = basistilskudd.annual_basistilskudd_nok(n, on)
    with_tromso = tromso.annual_basistilskudd_nok(n, on)
    assert with_tromso >= national
    # The supplement stops at Tromsø's break point: beyond it the difference stays the same.
    k = int(value("tromso_kneepoint_patients"))
    cap = tromso.annual_basistilskudd_nok(k, on) - basistilskudd.annual_basistilskudd_nok(k, on)
    assert with_tromso - national <= cap + 1e-6


@given(n=list_lengths, on=dates)
def test_no_list_no_money_and_negative_lists_are_refused(n, on):
    assert basistilskudd.annual_basistilskudd_nok(0, on) == 0
    try:
        basistilskudd.annual_basistilskudd_nok(-1 - n, on)
    except ValueError as exc:
        assert "list length must be 0 or more" in str(exc)
    else:
        raise AssertionError("a negative list length was accepted")


@given(n=st.integers(min_value=0, max_value=5_000), m=st.integers(min_value=0, max_value=5_000))
def test_action_plan_rise_follows_the_break_point(n, m):
    # Up to the break point (1 000 patients) each patient brings 653 − 499 = 154 kr, above it 526 − 499 = 27 kr
    # (rates of 1 January 2022 (KS) against the flat rate of 1 July 2019).
    up_to, above = action_plan.rise_per_patient_nok(), action_plan.rise_above_kneepoint_nok_per_patient()
    assert (up_to, above) == (653 - 499, 526 - 499)
    for length in (n, n + m):
        expected = up_to * min(length, 1000) + above * max(length - 1000, 0)
        assert abs(action_plan.annual_rise_nok(length) - expected) < 1e-6
    assert action_plan.annual_rise_nok(n + m) >= action_plan.annual_rise_nok(n)


# --- formatting round-trips ----------------------------------------------------------------------
amounts = st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=4)


def _parse(text: str) -> decimal.Decimal:
    """Read a Norwegian number back with Babel (grouping with no-break spaces, decimal comma)."""
    return parse_decimal(text, locale="nb_NO")


def _rounded(x: decimal.Decimal, decimals: int) -> decimal.Decimal:
    return x.quantize(decimal.Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP)


@given(x=amounts, decimals=st.integers(min_value=0, max_value=3))
def test_number_round_trips(x, decimals):
    text = fmt.number(float(x), decimals)
    assert "." not in text and " " not in text  # decimal comma, no-break grouping only
    assert _parse(text) == _rounded(decimal.Decimal(str(float(x))), decimals)
    if _parse(text) == 0:
        assert not text.startswith(("-", "\u2212")), f"minus zero: {text!r}"


@given(x=amounts)
def test_nok_round_trips(x):
    text = fmt.nok(float(x))
    assert text.endswith(fmt.NBSP + "kr")
    assert _parse(text.removesuffix(fmt.NBSP + "kr")) == _rounded(decimal.Decimal(str(float(x))), 0)


@given(
    share=st.decimals(min_value=0, max_value=2, places=6, allow_nan=False, allow_infinity=False),
    decimals=st.integers(0, 2),
)
def test_percent_round_trips(share, decimals):
    text = fmt.percent(float(share), decimals)
    assert text.endswith(fmt.NBSP + "%")
    parsed = _parse(text.removesuffix(fmt.NBSP + "%"))
    assert parsed == _rounded(decimal.Decimal(str(float(share))) * 100, decimals)


@given(hours=st.decimals(min_value=0, max_value=168, places=3, allow_nan=False, allow_infinity=False))
def test_hours_round_trip_with_singular_and_plural(hours):
    text = fmt.hours(float(hours))
    number, unit = text.split(fmt.NBSP)
    parsed = _parse(number)
    assert parsed == _rounded(decimal.Decimal(str(float(hours))), 1)
    assert unit == ("time" if parsed == 1 else "timer")


@given(on=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_long_dates_read_back(on):
    day, month, year = fmt.date_long(on).split(" ")
    months = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober"]
    months += ["november", "desember"]
    assert dt.date(int(year), months.index(month) + 1, int(day.rstrip("."))) == on
