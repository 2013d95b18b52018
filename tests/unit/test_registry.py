"""The figure registry as an engine: declarations, duplicates refused, one computation per data version, traced rows."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os

import pytest

from fastlege_calc import data, fmt, register, registry, trace
from fastlege_calc.data import DataError
from fastlege_calc.figures import value
from fastlege_calc.registry import Declaration, Registry
from tests.helpers import ROOT, replace_in


def _lines(file: str, **match: str) -> list[int]:
    """The lines (the header is line 1) of data/<file> whose cells equal `match`."""
    with (ROOT / "data" / file).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [n for n, row in enumerate(rows, start=2) if all(row[c] == v for c, v in match.items())]


# --- declarations ------------------------------------------------------------------------------------
def test_a_key_declared_twice_in_code_is_refused_naming_both_places():
    engine = Registry()

    def first() -> int:
        return 1

    def second() -> int:
        return 2

    engine.shown("x", unit="count", about="Første")(first)
    with pytest.raises(ValueError, match=r"'x' is declared twice") as info:
        engine.shown("x", unit="count", about="Andre")(second)
    here = "tests/unit/test_registry.py"
    first_line, second_line = first.__code__.co_firstlineno, second.__code__.co_firstlineno
    assert str(info.value).endswith(f"at {here}:{first_line} and at {here}:{second_line}")


def test_a_data_row_under_a_declared_key_is_a_data_error_naming_the_row_and_the_declaration():
    engine = Registry()

    @engine.shown("normal_week_hours", unit="hours_per_week", about="Samme nøkkel som en rad")
    def again() -> float:
        return 37.5

    @engine.shown_each
    def rows():
        yield Declaration(
            "normal_week_hours", "hours_per_week", "Normal arbeidsuke", lambda: 37.5, row=("figures.csv", 26)
        )

    with pytest.raises(DataError) as info:
        engine.figures()
    assert (info.value.file, info.value.line, info.value.column) == ("figures.csv", 26, "key")
    assert f"also declared at tests/unit/test_registry.py:{again.__code__.co_firstlineno}" in str(info.value)
    assert str(info.value).endswith("[duplicate-key]")


def test_the_books_declarations_live_beside_their_formulas_not_in_the_registry():
    places = {d.key: d.where for d in registry.REGISTRY.declarations()}
    computed = {key: where for key, where in places.items() if not where.startswith("data/")}
    assert computed, "no computed figure declared"
    for key, where in computed.items():
        module = where.split(":")[0]
        assert module.startswith("fastlege_calc/") and module != "fastlege_calc/registry.py", (key, where)
    # every stored figure and every rate is declared by its own row
    assert places["normal_week_hours"] == f"data/figures.csv, line {_lines('figures.csv', key='normal_week_hours')[0]}"
    assert (
        places["bt_2022_01_01"]
        == f"data/basistilskudd_rates.csv, line {_lines('basistilskudd_rates.csv', valid_from='2022-01-01')[0]}"
    )


# --- computed once per data version -------------------------------------------------------------------
def test_figures_are_computed_once_per_data_version(data_copy):
    engine = Registry()
    calls = []

    @engine.shown("normal_week_doubled", unit="hours_per_week", about="To normale uker")
    def doubled() -> float:
        calls.append(1)
        return 2 * value("normal_week_hours")

    assert engine.figures()["normal_week_doubled"].value == 2 * 37.5
    engine.figures()
    assert (len(calls), engine.evaluations) == (1, 1)
    replace_in(data_copy / "figures.csv", "normal_week_hours,37.5,", "normal_week_hours,40,")
    assert engine.figures()["normal_week_doubled"].value == 2 * 40
    assert (len(calls), engine.evaluations) == (2, 2)


def test_the_book_computes_its_figures_once_for_all_that_reads_them():
    registry.prose_figures()
    before = registry.REGISTRY.evaluations
    registry.substitutions()
    registry.records(ROOT)
    registry.prose_figures()
    assert registry.REGISTRY.evaluations == before


def test_results_derived_from_the_figures_are_cached_with_them():
    engine = Registry()
    engine.shown("one", unit="count", about="En")(lambda: 1)
    calls = []

    @engine.derived
    def texts() -> dict[str, str]:
        calls.append(1)
        return {key: shown.text for key, shown in engine.figures().items()}

    assert texts() == {"one": "1"} and texts() == {"one": "1"}
    assert len(calls) == 1


def test_data_version_is_reused_while_no_file_changes_and_follows_every_edit(data_copy, monkeypatch):
    monkeypatch.setattr(data, "RACY_SECONDS", 0)
    hashed = []
    real_sha256 = hashlib.sha256
    monkeypatch.setattr(data.hashlib, "sha256", lambda *a: hashed.append(1) or real_sha256(*a))
    first = data.data_version(data_copy)
    assert data.data_version(data_copy) == first and len(hashed) == 1
    # an edit that keeps the size and the modification time is still seen (the change time moves)
    path = data_copy / "figures.csv"
    stat = path.stat()
    replace_in(path, "normal_week_hours,37.5,", "normal_week_hours,37.6,")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert data.data_version(data_copy) != first and len(hashed) == 2


# --- traced sources ------------------------------------------------------------------------------------
def test_a_figure_that_reads_one_row_cites_that_row():
    shown = registry.prose_figures()["register_latest_period"]
    latest = register.latest()
    (row,) = shown.rows
    assert (row.file, row.line, row.source_id) == ("gp_register.csv", latest.line, latest.source_id)
    assert row.line == _lines("gp_register.csv", period_end=latest.period_end.isoformat())[0]
    assert shown.sources == (latest.source_id,) and shown.period == latest.period_end.isoformat()


def test_a_figure_of_several_rows_cites_each_row_it_read_in_reading_order():
    shown = registry.prose_figures()["ap_annual_rise"]
    expected = [
        ("figures.csv", _lines("figures.csv", key="action_plan_example_list_length")[0]),
        ("basistilskudd_rates.csv", _lines("basistilskudd_rates.csv", valid_from="2022-01-01")[0]),
        ("basistilskudd_rates.csv", _lines("basistilskudd_rates.csv", valid_from="2019-07-01")[0]),
    ]
    assert [(r.file, r.line) for r in shown.rows] == expected
    assert shown.sources == ("af_123", "ks_takst_2021", "wiki_percapita")


def test_a_figure_of_a_whole_table_cites_every_row_of_it():
    shown = registry.prose_figures()["cost_2019_total"]
    with (ROOT / "data" / "scheme_cost_2019.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r.file, r.line) for r in shown.rows] == [("scheme_cost_2019.csv", n) for n in range(2, len(rows) + 2)]
    assert shown.sources == tuple(dict.fromkeys(r["source_id"] for r in rows))
    # the highest value is found by comparing every row
    peak = registry.prose_figures()["register_peak_period"]
    assert {r.line for r in peak.rows} == {r.line for r in register.rows()}


def test_a_row_read_to_choose_another_is_a_dependency_not_a_source():
    shown = registry.prose_figures()["register_patients_without_gp_text_year"]
    text_line = _lines("figures.csv", key="patients_without_gp_text")[0]
    chooser = [r for r in shown.rows if r.file == "figures.csv"]
    assert [(r.line, r.selects) for r in chooser] == [(text_line, True)]
    register_row = register.year_end(2022)
    assert shown.value == register_row.patients_without_gp
    assert shown.sources == (register_row.source_id,)


def test_a_trace_notes_rows_only_while_open_and_passes_them_to_an_outer_trace():
    trace.note("figures.csv", 2, "af_123")  # no trace open: nothing happens
    with trace.reading() as outer:
        with trace.reading() as inner:
            trace.note("figures.csv", 3, "af_123")
            with trace.selecting():
                trace.note("figures.csv", 4, "ssb_2023")
        trace.note("figures.csv", 3, "af_123")
    assert [r.line for r in inner] == [3, 4]
    assert [r.line for r in outer] == [3, 4, 3]
    assert trace.sources(outer) == ("af_123",)
    assert [(r.line, r.selects) for r in trace.rows(outer)] == [(3, False), (4, True)]


# --- origin, confidence, dates --------------------------------------------------------------------------
def test_stored_figures_and_rates_carry_their_rows_confidence_computed_figures_none():
    figures = registry.prose_figures()
    with (ROOT / "data" / "figures.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            shown = figures[row["key"]]
            assert (shown.origin, shown.confidence) == ("stored", row["confidence"] or None), row["key"]
    with (ROOT / "data" / "basistilskudd_rates.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            shown = figures["bt_" + row["valid_from"].replace("-", "_") + "_date"]
            assert (shown.origin, shown.confidence) == ("rate", row["confidence"] or None)
    assert (figures["ap_annual_rise"].origin, figures["ap_annual_rise"].confidence) == ("computed", None)


def test_dates_are_dates_written_by_their_unit():
    figures = registry.prose_figures()
    dates = {key: shown for key, shown in figures.items() if shown.unit == "date"}
    assert {"bt_2022_01_01_date", "tromso_start_date"} <= set(dates)
    for key, shown in dates.items():
        assert isinstance(shown.value, dt.date), key
        assert shown.text == fmt.date_long(shown.value), key
    assert figures["register_latest_period"].value == register.latest().period_end
    assert dates["bt_2022_01_01_date"].value == dt.date(2022, 1, 1)
    records = {r["key"]: r for r in registry.records(ROOT)}
    assert records["bt_2022_01_01_date"]["value"] == "2022-01-01"


def test_a_figure_in_the_date_unit_must_be_a_date():
    engine = Registry()
    engine.shown("when", unit="date", about="Et tidspunkt")(lambda: 0)
    with pytest.raises(TypeError, match=r"figure 'when' .* is in the unit 'date' but is 0"):
        engine.figures()


def test_a_value_as_its_source_gives_it_keeps_its_decimals():
    engine = Registry()
    engine.shown("computed", unit="share", about="Beregnet")(lambda: 0.398)
    engine.shown("given", unit="share", about="Som kilden")(lambda: registry.given(0.398))
    engine.shown("given_whole", unit="share", about="Som kilden, hele")(lambda: registry.given(0.398, 0))
    texts = {key: shown.text for key, shown in engine.figures().items()}
    assert texts == {"computed": f"40{fmt.NBSP}%", "given": f"39,8{fmt.NBSP}%", "given_whole": f"40{fmt.NBSP}%"}


def test_every_figure_has_its_own_description():
    """Readers tell figures apart by their description (tooltips, Tall og kilder, the changes page)."""
    seen: dict[str, list[str]] = {}
    for key, figure in registry.prose_figures().items():
        seen.setdefault(figure.description, []).append(key)
    shared = {description: keys for description, keys in seen.items() if len(keys) > 1}
    assert not shared, shared


# --- the build's validation hands its figures to the website's build ------------------------------
@pytest.fixture
def handed_over(tmp_path, monkeypatch):
    """The book's figures handed over to a file (as validation does), this process told to take them, cache empty."""
    path = tmp_path / "figures.pickle"
    registry.REGISTRY.hand_over(path)
    monkeypatch.setenv(registry.HANDOVER_ENV, str(path))
    kept = dict(registry.REGISTRY._cache)
    registry.REGISTRY._cache.clear()
    yield path
    registry.REGISTRY._cache.clear()
    registry.REGISTRY._cache.update(kept)


def _texts(figures: dict) -> dict[str, str]:
    return {key: shown.text for key, shown in figures.items()}


def test_a_process_of_the_same_build_takes_the_figures_over_without_computing_them(handed_over, monkeypatch):
    before = registry.REGISTRY.evaluations
    taken = registry.prose_figures()
    said = {key: phrase.text for key, phrase in registry.phrases().items()}
    assert registry.REGISTRY.evaluations == before  # nothing computed
    registry.REGISTRY._cache.clear()
    monkeypatch.delenv(registry.HANDOVER_ENV)
    recomputed = registry.prose_figures()
    assert registry.REGISTRY.evaluations == before + 1
    assert _texts(taken) == _texts(recomputed)
    assert {key: shown.sources for key, shown in taken.items()} == {k: s.sources for k, s in recomputed.items()}
    assert said == {key: phrase.text for key, phrase in registry.phrases().items()}


def test_figures_of_other_data_are_not_taken_over(data_copy, handed_over):
    before = registry.REGISTRY.evaluations
    replace_in(data_copy / "figures.csv", "normal_week_hours,37.5,", "normal_week_hours,40,")
    assert registry.prose_figures()["normal_week_hours"].value == 40
    assert registry.REGISTRY.evaluations == before + 1


@pytest.mark.parametrize("change", ["package source", "build date"])
def test_figures_of_other_code_or_another_build_date_are_not_taken_over(handed_over, monkeypatch, change):
    if change == "package source":
        monkeypatch.setattr(registry, "_package_digest", lambda: "another source")
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    before = registry.REGISTRY.evaluations
    registry.prose_figures()
    assert registry.REGISTRY.evaluations == before + 1


def test_the_same_computed_value_is_written_one_way():
    """A number the book computes twice (one concept declared as two figures) must not read differently.

    Two computed figures in one unit with the same value get the same text, unless one is written in full on
    purpose (compact=False: '10 368,6 mill. kr' beside '10,4 mrd. kr'). One concept is one figure; a value
    two concepts happen to share is written with the same decimals.
    """
    declared = {d.key: d for d in registry.REGISTRY.declarations()}
    seen: dict[tuple[str, float], dict[str, str]] = {}
    for key, shown in registry.prose_figures().items():
        if shown.origin == "computed" and isinstance(shown.value, float) and declared[key].compact:
            seen.setdefault((shown.unit, round(shown.value, 9)), {})[key] = shown.text
    written_twice = {value: texts for value, texts in seen.items() if len(set(texts.values())) > 1}
    assert not written_twice
