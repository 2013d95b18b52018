"""Basistilskudd (capitation) under the national rules: the rule in force on a date and the annual amount for a list.

The rules are the rows of data/basistilskudd_rates.csv, read only through `rates()`, `rate_on()` and
`last_kneepoint_rule()`, which note the rows they hand out in the open trace (fastlege_calc.trace).
Every rule is computed by one formula, `annual_nok_for_rule`, on the rule's numbers: a flat rate is a
break-point rule with the same rate on both sides. The Tromsø model's supplement is in `tromso`.
Every rule's numbers are figures the prose can show (`bt_YYYY_MM_DD`, `…_above`, `…_kneepoint`,
`…_date`), declared here with the break-point example.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from fastlege_calc import trace, units
from fastlege_calc.data import load_unnoted, per_data_version, with_lines
from fastlege_calc.registry import Declaration, Given, given, said, shown, shown_each

FILE = "basistilskudd_rates.csv"


@dataclass(frozen=True)
class Rate:
    """The basistilskudd rule in force from valid_from (kr per listed patient per year)."""

    valid_from: dt.date
    scheme: str  # flat | kneepoint | patient_adjusted
    rate_nok_per_patient: float | None  # flat rate, rate up to the break point, or national average
    rate_above_kneepoint_nok_per_patient: float | None
    kneepoint_patients: int | None
    source_id: str
    confidence: str | None
    line: int  # line in data/basistilskudd_rates.csv (the header is line 1)

    def rate_up_to_kneepoint_nok(self) -> float:
        """Kr per patient per year up to the break point (or the flat rate, or the patient-adjusted average).

        ValueError for a patient-adjusted rule whose national average is not published.
        """
        if self.rate_nok_per_patient is None:
            raise ValueError(
                f"the basistilskudd rule from {self.valid_from} is patient-adjusted with no published average"
            )
        return self.rate_nok_per_patient

    def break_point_numbers(self) -> tuple[float, float, float]:
        """The rule as (rate up to the break point, rate above it, break point in patients), kr and patients.

        A flat or patient-adjusted rule is the same rate on both sides of a break point at 0 patients.
        """
        below = self.rate_up_to_kneepoint_nok()
        if self.scheme != "kneepoint":
            return below, below, 0
        return below, self.rate_above_kneepoint_nok_per_patient, self.kneepoint_patients


def _optional(x):
    """Pandas NA → None."""
    return None if pd.isna(x) else x


@per_data_version("basistilskudd_rates")
def _rates() -> tuple[Rate, ...]:
    """Every rule, oldest first, noting none (the accessors note what they hand out)."""
    frame = load_unnoted("basistilskudd_rates")
    return tuple(
        Rate(
            valid_from=row.valid_from,
            scheme=row.scheme,
            rate_nok_per_patient=_optional(row.rate_nok_per_patient),
            rate_above_kneepoint_nok_per_patient=_optional(row.rate_above_kneepoint_nok_per_patient),
            kneepoint_patients=None if pd.isna(row.kneepoint_patients) else int(row.kneepoint_patients),
            source_id=row.source_id,
            confidence=_optional(row.confidence),
            line=line,
        )
        for line, row in with_lines(frame)
    )


def _noted(rule: Rate) -> Rate:
    """Hand out one rule, noting its row in the open trace (fastlege_calc.trace)."""
    trace.note(FILE, rule.line, rule.source_id, rule.confidence, rule.valid_from)
    return rule


def rates() -> list[Rate]:
    """Every basistilskudd rule in data/basistilskudd_rates.csv, oldest first (a whole-table read)."""
    return [_noted(r) for r in _rates()]


def rate_on(on: dt.date) -> Rate:
    """The rule in force on a date; ValueError before the first rate in the data."""
    in_force = [r for r in _rates() if r.valid_from <= on]
    if not in_force:
        raise ValueError(f"no basistilskudd rate in data/basistilskudd_rates.csv on or before {on}")
    return _noted(in_force[-1])


def last_kneepoint_rule() -> Rate:
    """The newest rule with a break point (before the patient-adjusted reform)."""
    kneepoint_rules = [r for r in _rates() if r.scheme == "kneepoint"]
    if not kneepoint_rules:
        raise ValueError("data/basistilskudd_rates.csv has no rule with a break point")
    return _noted(kneepoint_rules[-1])


def rate_up_to_kneepoint_nok_per_patient(on: dt.date) -> float:
    """Kr per patient per year for patients up to the break point (or the flat rate) on a date."""
    return rate_on(on).rate_up_to_kneepoint_nok()


def annual_basistilskudd_nok(list_length_patients: int, on: dt.date) -> float:
    """Kr per year for a list of the given length under the national rules in force on a date.

    Kneepoint rules pay the higher rate for the first `kneepoint_patients` and the lower rate
    for the rest; patient-adjusted rules are approximated by the national average rate.
    """
    return annual_nok_for_rule(list_length_patients, *rate_on(on).break_point_numbers())


def annual_nok_for_rule(
    list_length_patients: float,
    rate_up_to_kneepoint_nok: float,
    rate_above_kneepoint_nok: float,
    kneepoint_patients: float,
) -> float:
    """Kr per year for a list under a break-point rule given by its numbers (the one formula for every rule).

    The first `kneepoint_patients` pay `rate_up_to_kneepoint_nok` each, the rest `rate_above_kneepoint_nok`
    (a flat rate is the same rate on both sides). The Regn selv page computes the same in the browser.
    """
    if list_length_patients < 0:
        raise ValueError(f"list length must be 0 or more, got {list_length_patients}")
    if kneepoint_patients < 0:
        raise ValueError(f"break point must be 0 or more patients, got {kneepoint_patients}")
    up_to_kneepoint = min(list_length_patients, kneepoint_patients)
    above_kneepoint = max(list_length_patients - kneepoint_patients, 0)
    return up_to_kneepoint * rate_up_to_kneepoint_nok + above_kneepoint * rate_above_kneepoint_nok


# --- the figures the prose shows ----------------------------------------------------------------------
def _rule_number(on: dt.date, name: str):
    """One number (or the date) of the rule that applies from `on`, as its source gives it."""
    return given(getattr(rate_on(on), name))


@shown_each
def _rule_figures() -> Iterator[Declaration]:
    """Each rule under bt_YYYY_MM_DD: its date (…_date), rate, rate above the break point (…_above) and break point."""
    for rule in _rates():
        stem = "bt_" + rule.valid_from.strftime("%Y_%m_%d")
        when = units.text(rule.valid_from, "date")
        numbers = (
            ("_date", "valid_from", "date", f"Basistilskudd: første dag for satsen fra {when}"),
            ("", "rate_nok_per_patient", "nok_per_patient", f"Basistilskudd fra {when}"),
            ("_above", "rate_above_kneepoint_nok_per_patient", "nok_per_patient", f"Over knekkpunktet fra {when}"),
            ("_kneepoint", "kneepoint_patients", "patients", f"Knekkpunkt fra {when}"),
        )
        for suffix, name, unit, about in numbers:
            if getattr(rule, name) is not None:
                compute = functools.partial(_rule_number, rule.valid_from, name)
                where = f"data/{FILE}, line {rule.line}"
                yield Declaration(stem + suffix, unit, about, compute, where, origin="rate", row=(FILE, rule.line))


@shown("bt_last_kneepoint_date", unit="date", about="Siste sats med knekkpunkt gjaldt fra")
def _last_kneepoint_date() -> dt.date:
    return last_kneepoint_rule().valid_from


@shown("bt_last_kneepoint", unit="patients", about="Knekkpunkt i siste sats med knekkpunkt")
def _last_kneepoint() -> int:
    return last_kneepoint_rule().kneepoint_patients


@shown("bt_last_kneepoint_rate", unit="nok_per_patient", about="Sats opp til knekkpunktet i siste sats med knekkpunkt")
def _last_kneepoint_rate() -> Given:
    return given(last_kneepoint_rule().rate_nok_per_patient)


@shown("bt_last_kneepoint_above", unit="nok_per_patient", about="Sats over knekkpunktet i siste sats med knekkpunkt")
def _last_kneepoint_above() -> Given:
    return given(last_kneepoint_rule().rate_above_kneepoint_nok_per_patient)


@shown("bt_example_at_kneepoint", unit="nok", about="Basistilskudd per år for en liste ved knekkpunktet")
def _example_at_kneepoint() -> float:
    rule = last_kneepoint_rule()
    return annual_basistilskudd_nok(rule.kneepoint_patients, rule.valid_from)


# --- the sentences about the rules: the words follow the rules in the data -------------------------------
def stem(rule: Rate) -> str:
    """The key stem of a rule's figures: 'bt_2022_07_01' (…_date, …_above, …_kneepoint)."""
    return "bt_" + rule.valid_from.strftime("%Y_%m_%d")


def _ref(rule: Rate, suffix: str = "") -> str:
    """A figure reference to one number of a rule: '{{ bt_2022_07_01_above }}'."""
    return "{{ " + stem(rule) + suffix + " }}"


def _listed(items: list[str]) -> str:
    """'a', 'a og b', 'a, b og c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def _flat_sentence(flat: list[Rate]) -> str:
    """The flat rates before the first break point: 'Basistilskuddet var lenge en flat sats per pasient: …'."""
    rates_from = [f"{_ref(r)} fra {_ref(r, '_date')}" for r in flat]
    return f"Basistilskuddet var lenge en flat sats per pasient: {_listed(rates_from)}"


def _kneepoint_sentences(first: Rate, later: list[Rate], flat_before: Rate | None) -> str:
    """The break point's introduction and how the rate up to it went afterwards, verbs from the rates."""
    still = (
        " fortsatt"
        if flat_before and flat_before.rate_nok_per_patient == first.rate_above_kneepoint_nok_per_patient
        else ""
    )
    text = (
        f"Fra {_ref(first, '_date')} ble det innført et *knekkpunkt* ved {_ref(first, '_kneepoint')} pasienter: for "
        f"pasientene opp til knekkpunktet fikk legen {_ref(first)}, for resten{still} {_ref(first, '_above')}"
    )
    if first.rate_nok_per_patient > first.rate_above_kneepoint_nok_per_patient:
        text += ". De første pasientene på listen ga altså mer per pasient enn resten"
    if later:
        chain = [first.rate_nok_per_patient] + [r.rate_nok_per_patient for r in later]
        verb = "steg deretter" if all(b > a for a, b in itertools.pairwise(chain)) else "endret seg deretter"
        steps = _listed([f"{_ref(r)} fra {_ref(r, '_date')}" for r in later])
        above = _ref(later[-1], "_above")
        text += f". Satsene under knekkpunktet {verb} til {steps}, da satsen over knekkpunktet var {above}"
    return text


@said("bt_history_sentences", about="Basistilskuddet fra de flate satsene til knekkpunktet, fra reglene i dataene")
def _history_sentences() -> str:
    """The flat rates before the first break point and the break-point rules, in order, as the rules give them."""
    rules = rates()
    kneepoints = [r for r in rules if r.scheme == "kneepoint"]
    before = [r for r in rules if r.scheme == "flat" and (not kneepoints or r.valid_from < kneepoints[0].valid_from)]
    sentences = [_flat_sentence(before)] if before else []
    if kneepoints:
        sentences.append(_kneepoint_sentences(kneepoints[0], kneepoints[1:], before[-1] if before else None))
    return ". ".join(sentences)


@said("bt_latest_sentence", about="Den nyeste regelen for basistilskuddet, med ordene for sin ordning")
def _latest_sentence() -> str:
    """The newest rule in words that fit its scheme (an average, a flat rate, a break point, or a new scheme)."""
    from fastlege_calc.labels import labels_nb

    rule = rates()[-1]
    since = f"Fra {_ref(rule, '_date')}"
    if rule.rate_nok_per_patient is None:
        return f"{since} er basistilskuddet {labels_nb('rate_scheme')[rule.scheme]}; satsen har vi ikke funnet"
    if rule.scheme == "patient_adjusted":
        return f"{since} var gjennomsnittet {_ref(rule)} per pasient"
    if rule.scheme == "flat":
        return f"{since} var satsen {_ref(rule)} per pasient"
    if rule.scheme == "kneepoint":
        return (
            f"{since} var satsen {_ref(rule)} per pasient opp til knekkpunktet på {_ref(rule, '_kneepoint')} "
            f"pasienter og {_ref(rule, '_above')} over det"
        )
    return f"{since} gjelder ordningen «{labels_nb('rate_scheme')[rule.scheme]}», med {_ref(rule)} per pasient"


@said("bt_newer_not_found", about="At vi ikke har funnet nyere satser enn den nyeste i dataene")
def _newer_not_found() -> str:
    return f"Nyere satser for basistilskuddet enn dem fra {_ref(rates()[-1], '_date')} har vi ikke funnet"


@said("bt_adjusted_average", about="Det nyeste nasjonale gjennomsnittet for det pasienttilpassede basistilskuddet")
def _adjusted_average() -> str:
    """'{{ bt_… }} per pasient fra {{ bt_…_date }}' for the newest patient-adjusted rule with a published average.

    ValueError naming the file when there is none.
    """
    adjusted = [r for r in rates() if r.scheme == "patient_adjusted" and r.rate_nok_per_patient is not None]
    if not adjusted:
        raise ValueError(f"data/{FILE} has no patient-adjusted rule with a national average, but the book needs one")
    return f"{_ref(adjusted[-1])} per pasient fra {_ref(adjusted[-1], '_date')}"


def rate_history() -> pd.DataFrame:
    """The rates as a table for charts: one row per rule and tier (up to / above the break point)."""
    rows = []
    for r in rates():
        if r.rate_nok_per_patient is None:
            continue
        tier = "average" if r.scheme == "patient_adjusted" else "up_to_kneepoint"
        rows.append({"valid_from": r.valid_from, "tier": tier, "nok_per_patient": r.rate_nok_per_patient})
        above = r.rate_above_kneepoint_nok_per_patient if r.scheme == "kneepoint" else r.rate_nok_per_patient
        if r.scheme != "patient_adjusted":
            rows.append({"valid_from": r.valid_from, "tier": "above_kneepoint", "nok_per_patient": above})
    return pd.DataFrame(rows)
