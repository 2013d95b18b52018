"""Each figure cites the sources of the data rows its calculation read: truth checks against data/ as it is.

A figure's sources (tooltips, Tall og kilder, the registry's JSON) are the source ids of the rows its
function read (fastlege_calc.trace). These tests check that against the CSV files themselves, read here
with the csv module, not through fastlege_calc:

- every row a figure names is a row of data/<file> whose `source_id` (and confidence) is the one cited;
- a figure cites exactly the sources of the rows it read for their values, and at least one, each a
  source of data/sources.csv;
- a row of data/figures.csv and a basistilskudd rule are shown from their own row alone, with that row's
  value and source;
- a figure whose value changes when a table's numbers change cites a row of that table (a read that
  was not noted would leave its source out);
- computed again in a fresh trace, a figure reads the same rows (a result kept in a cache still cites
  what it was computed from).

(They replace a comparison with the sources typed by hand before tracing, which no longer applied to the data and
skipped itself on every run.)
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from pathlib import Path

import pytest

from fastlege_calc import registry, trace
from tests.helpers import ROOT


@functools.cache
def _rows_by_line(directory: Path, file: str) -> dict[int, dict[str, str]]:
    """data/<file> as {line: row}, the header being line 1 (a quoted cell may span lines: the row's first line)."""
    rows: dict[int, dict[str, str]] = {}
    with (directory / file).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        start = 2
        for row in reader:
            rows[start] = row
            start = reader.line_num + 1
    return rows


def _source_ids() -> set[str]:
    return {row["source_id"] for row in _rows_by_line(ROOT / "data", "sources.csv").values()}


@pytest.fixture(scope="module")
def figures() -> dict[str, registry.Shown]:
    return registry.prose_figures()


def test_every_figure_cites_at_least_one_source_and_each_is_in_the_sources_table(figures):
    known = _source_ids()
    assert not [key for key, shown in figures.items() if not shown.sources]
    unknown = {key: set(shown.sources) - known for key, shown in figures.items() if set(shown.sources) - known}
    assert not unknown


def test_every_row_a_figure_names_is_in_the_data_with_the_source_it_cites(figures):
    wrong = []
    for key, shown in figures.items():
        assert shown.rows, key
        for read in shown.rows:
            row = _rows_by_line(ROOT / "data", read.file).get(read.line)
            if row is None:
                wrong.append((key, read.where, "no such row"))
            elif row["source_id"] != read.source_id:
                wrong.append((key, read.where, f"cites {read.source_id}, the row says {row['source_id']}"))
            elif "confidence" in row and (row["confidence"] or None) != read.confidence:
                wrong.append((key, read.where, f"confidence {read.confidence}, the row says {row['confidence']}"))
    assert not wrong


def test_a_figure_cites_exactly_the_sources_of_the_rows_it_read_for_their_values(figures):
    for key, shown in figures.items():
        read_for_value = [r.source_id for r in shown.rows if not r.selects]
        assert shown.sources == tuple(dict.fromkeys(read_for_value)), key
        assert read_for_value, f"{key} cites only rows read to choose another"


def test_a_stored_figure_is_its_own_row_with_that_rows_source_and_value(figures):
    for line, row in _rows_by_line(ROOT / "data", "figures.csv").items():
        shown = figures[row["key"]]
        assert [(r.file, r.line) for r in shown.rows] == [("figures.csv", line)], row["key"]
        assert shown.sources == (row["source_id"],), row["key"]
        assert shown.value == pytest.approx(float(row["value"])), row["key"]


def test_a_basistilskudd_rule_is_shown_from_its_own_row_with_that_rows_source_and_numbers(figures):
    columns = {
        "": "rate_nok_per_patient",
        "_above": "rate_above_kneepoint_nok_per_patient",
        "_kneepoint": "kneepoint_patients",
    }
    for line, row in _rows_by_line(ROOT / "data", "basistilskudd_rates.csv").items():
        stem = "bt_" + row["valid_from"].replace("-", "_")
        assert figures[stem + "_date"].value == dt.date.fromisoformat(row["valid_from"])
        shown_numbers = {suffix: float(row[column]) for suffix, column in columns.items() if row[column]}
        assert {suffix: figures[stem + suffix].value for suffix in shown_numbers} == pytest.approx(shown_numbers)
        for suffix in ("_date", *shown_numbers):
            shown = figures[stem + suffix]
            assert [(r.file, r.line) for r in shown.rows] == [("basistilskudd_rates.csv", line)], stem + suffix
            assert shown.sources == (row["source_id"],), stem + suffix


def test_a_difference_of_two_rates_cites_the_two_rate_rows_and_nothing_else(figures):
    """ap_rise_per_patient is one rate minus another (653 − 499 = 154 kr per patient): the example list is not read."""
    rates = {
        row["valid_from"]: (line, row) for line, row in _rows_by_line(ROOT / "data", "basistilskudd_rates.csv").items()
    }
    (line_after, after), (line_before, before) = rates["2022-01-01"], rates["2019-07-01"]
    shown = figures["ap_rise_per_patient"]
    expected = float(after["rate_nok_per_patient"]) - float(before["rate_nok_per_patient"])
    assert shown.value == pytest.approx(expected)
    assert {(r.file, r.line) for r in shown.rows} == {
        ("basistilskudd_rates.csv", line_after),
        ("basistilskudd_rates.csv", line_before),
    }
    assert set(shown.sources) == {after["source_id"], before["source_id"]}


def test_computed_again_in_a_fresh_trace_every_figure_reads_the_same_rows(figures):
    """A result kept in a cache (per data version) must note its rows on every call, not only the first."""
    differing = []
    for declaration in registry.REGISTRY.declarations():
        with trace.reading() as reads:
            declaration.compute()
        if trace.rows(reads) != figures[declaration.key].rows:
            differing.append(declaration.key)
    assert not differing


#: The tables whose numbers figures are computed from (the municipal tables are left out: 2 000 rows each).
NUMBER_TABLES = (
    "basistilskudd_rates.csv",
    "cost_per_inhabitant.csv",
    "figures.csv",
    "gp_register.csv",
    "scheme_cost_2019.csv",
    "scheme_cost_fixed_prices.csv",
    "sources.csv",
    "working_hours_2018.csv",
)
#: Numeric columns that say how a number is written or in which year's prices, not a value a figure shows.
NOT_VALUES = {"decimals", "price_base_year"}


def _number_columns(file: str) -> tuple[str, ...]:
    """The numeric columns of data/<file> (data/datapackage.json), less its key and the columns in NOT_VALUES."""
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (schema,) = [r["schema"] for r in descriptor["resources"] if r["path"] == file]
    return tuple(
        f["name"]
        for f in schema["fields"]
        if f["type"] in ("number", "integer") and f["name"] not in NOT_VALUES | set(schema["primaryKey"])
    )


def _changed(cell: str, column: str) -> str:
    """A different valid number: a whole number (a count, a year, a rate) plus one, a fraction (a share) times 0.9.

    A figure's `value` of 0 or 1 may be a share, which must stay within 0–1.
    """
    if cell == "":
        return cell
    number = float(cell)
    if number.is_integer() and not (column == "value" and number <= 1):
        return str(int(number) + 1)
    return repr(number * 0.9)


def _rewrite(path: Path, columns: tuple[str, ...]) -> None:
    """Change every number of `columns` in one CSV file, keeping its lines (so each row keeps its line)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        rows = [{c: (_changed(v, c) if c in columns else v) for c, v in row.items()} for row in reader]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("file", NUMBER_TABLES)
def test_a_figure_that_changes_with_a_tables_numbers_cites_that_table(figures, data_copy, file):
    """Change every number of one table: each figure whose value changed cites a row of that table as a source.

    A figure that read a row without noting it (or noted another table) would change and cite nothing of it.
    """
    before = {key: shown.value for key, shown in figures.items()}
    _rewrite(data_copy / file, _number_columns(file))
    after = registry.prose_figures()
    changed = [key for key in before if after[key].value != before[key]]
    assert changed, f"changing every number of data/{file} changes no figure"
    uncited = [key for key in changed if not any(r.file == file and not r.selects for r in after[key].rows)]
    assert not uncited, f"these figures change with data/{file} but cite none of its rows"
