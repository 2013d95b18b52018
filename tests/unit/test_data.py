"""Data against its schema, and every kind of malformed file refused with file, line, column and rule."""

import csv
import json
import re

import pytest

from fastlege_calc import data
from fastlege_calc.data import DataError
from tests.helpers import ROOT, replace_in

DESCRIPTOR = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}


def test_the_data_package_is_valid():
    data.validate(ROOT / "data")


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_every_file_has_exactly_the_schema_columns(name):
    resource = RESOURCES[name]
    with open(ROOT / "data" / resource["path"], encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == [field["name"] for field in resource["schema"]["fields"]]


#: Tables that describe the data rather than observe anything: they cite no source.
DESCRIBING = {"sources", "labels", "units"}


@pytest.mark.parametrize("name", sorted(set(RESOURCES) - DESCRIBING))
def test_every_row_names_a_known_source(name):
    frame = data.load(name)
    known = set(data.load("sources").source_id)
    assert frame.source_id.notna().all()
    assert set(frame.source_id) <= known


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_every_file_declares_types_and_a_primary_key(name):
    schema = RESOURCES[name]["schema"]
    assert schema["primaryKey"]
    assert all("type" in field for field in schema["fields"])


def test_every_source_has_title_publisher_year_url_and_access_date():
    sources = data.load("sources")
    for column in ("title", "publisher", "year", "url", "accessed"):
        assert sources[column].notna().all(), column
    assert sources.url.str.startswith("https://").all()


def test_shares_are_fractions():
    figures = data.load("figures")
    shares = figures[figures.unit == "share"]
    assert ((shares.value >= 0) & (shares.value <= 1)).all()


def test_text_and_official_figures_are_both_kept():
    figures = data.load("figures").set_index("key")
    assert figures.loc["patients_without_gp_text", "source_id"] == "thorsen_2022"
    register = data.load("gp_register")
    assert (register.patients_without_gp == 212_289).any()


def test_data_version_changes_with_any_byte(data_copy):
    before = data.data_version(data_copy)
    replace_in(data_copy / "cost_per_inhabitant.csv", "2019,1946", "2019,1947")
    assert data.data_version(data_copy) != before


# --- malformed input: each stops with one message naming file, line, column and rule ------------
def _expect_error(data_copy, file, line, column, rule_fragment):
    with pytest.raises(DataError) as info:
        data.validate(data_copy)
    error = info.value
    assert error.file == file, str(error)
    assert error.line == line, str(error)
    assert error.column == column, str(error)
    assert rule_fragment in error.rule, str(error)
    message = str(error)
    assert f"data/{file}" in message
    if line is not None:
        assert f"line {line}" in message
    if column is not None:
        assert f"'{column}'" in message
    return error


# One cell or row edited: (file, text before, text after, line, column, part of the rule).
CELL_EDITS = [
    pytest.param(
        "gp_register.csv",
        "2019-12-31,4858",
        "2019-12-31,about 4858",
        3,
        "gps",
        "is not a valid integer",
        id="text_in_a_number_column",
    ),
    pytest.param(
        "working_hours_2018.csv",
        "all,total,mean,55.6,morken_2019",
        'all,total,mean,"55,6",morken_2019',
        2,
        "hours_per_week",
        "is not a valid number",
        id="comma_decimal",
    ),
    pytest.param("gp_register.csv", ",75542,", ",-75542,", 3, "patients_without_gp", "minimum", id="negative_count"),
    pytest.param(
        "gp_register.csv", "62.1,44.4", "62.1,144.4", 3, "women_share_pct", "maximum", id="percentage_above_100"
    ),
    pytest.param(
        "cost_per_inhabitant.csv",
        "2020,2107",
        "2019,2107",
        3,
        None,
        "duplicate key (year): the same as line 2",
        id="duplicate_key",
    ),
    pytest.param(
        "cost_per_inhabitant.csv",
        "2021,2317,hdir_arbeidet_2025,H,Current prices",
        "2021,2317,hdir_arbeidet_2025,H,Current prices,oops",
        4,
        None,
        "6 cells, more than the header's 5",
        id="ragged_row_with_too_many_cells",
    ),
    pytest.param(
        "cost_per_inhabitant.csv",
        "2021,2317,hdir_arbeidet_2025,H,Current prices",
        "2021,2317",
        4,
        None,
        "2 cells, fewer than the header's 5",
        id="ragged_row_with_too_few_cells",
    ),
    pytest.param(
        "cost_per_inhabitant.csv",
        "2022,2344,hdir_arbeidet_2025",
        "2022,2344,hdir_nowhere",
        5,
        "source_id",
        "hdir_nowhere",
        id="unknown_source",
    ),
    pytest.param(
        "basistilskudd_rates.csv",
        "2021-07-01,kneepoint",
        "2019-01-01,kneepoint",
        5,
        "valid_from",
        "out of order",
        id="rate_dates_out_of_order",
    ),
    pytest.param(
        "basistilskudd_rates.csv",
        "2021-07-01,kneepoint,642,526,1000",
        "2021-07-01,kneepoint,642,526,",
        5,
        "kneepoint_patients",
        "needs a value",
        id="kneepoint_rate_without_a_kneepoint",
    ),
    pytest.param(
        "scheme_cost_2019.csv",
        "basistilskudd,basis_funding",
        "basistilskudd,basis",
        2,
        "component",
        "enum",
        id="value_not_in_the_allowed_list",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "line", "column", "rule"), CELL_EDITS)
def test_one_bad_edit_is_refused(data_copy, file, old, new, line, column, rule):
    replace_in(data_copy / file, old, new)
    _expect_error(data_copy, file, line, column, rule)


def test_share_above_one(data_copy):
    path = data_copy / "figures.csv"
    replace_in(path, "tromso_reduced_list_share,0.66", "tromso_reduced_list_share,66")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if text.startswith("tromso_reduced_list_share,"))
    _expect_error(data_copy, "figures.csv", line, "value", "outside 0–1")


def test_missing_column(data_copy):
    path = data_copy / "cost_per_inhabitant.csv"
    rows = [line.rsplit(",", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _expect_error(data_copy, "cost_per_inhabitant.csv", 1, "note", "header does not match")


def test_extra_column(data_copy):
    path = data_copy / "cost_per_inhabitant.csv"
    rows = [line + ",x" for line in path.read_text(encoding="utf-8").splitlines()]
    rows[0] = rows[0][:-2] + ",comment"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _expect_error(data_copy, "cost_per_inhabitant.csv", 1, "comment", "header does not match")


def test_empty_file(data_copy):
    (data_copy / "gp_register.csv").write_text("", encoding="utf-8")
    _expect_error(data_copy, "gp_register.csv", None, None, "file is empty")


def test_header_only(data_copy):
    path = data_copy / "gp_register.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    _expect_error(data_copy, "gp_register.csv", None, None, "no data rows")


def test_missing_file(data_copy):
    (data_copy / "scheme_cost_2019.csv").unlink()
    _expect_error(data_copy, "scheme_cost_2019.csv", None, None, "file is missing")


def test_wrong_encoding(data_copy):
    path = data_copy / "sources.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    error = _expect_error(data_copy, "sources.csv", 2, None, "not UTF-8")
    assert "0x" in error.rule


def test_load_stops_on_bad_data_too(data_copy):
    replace_in(data_copy / "gp_register.csv", "2019-12-31,4858", "2019-12-31,x")
    with pytest.raises(DataError, match=re.escape("gp_register.csv, line 3, column 'gps'")):
        data.load("gp_register")


def test_broken_schema_file(data_copy):
    (data_copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    _expect_error(data_copy, "datapackage.json", 1, None, "not valid JSON")


def test_schema_that_is_not_a_data_package(data_copy):
    (data_copy / "datapackage.json").write_text('{"resources": [{"name": 5}]}', encoding="utf-8")
    _expect_error(data_copy, "datapackage.json", None, None, "not a valid data package")


def test_every_source_is_in_the_bibliography_once():
    from fastlege_calc import sources
    from fastlege_calc.data import load

    bib = sources.bibtex()
    for source_id in load("sources").source_id:
        assert bib.count("@misc{" + source_id + ",") == 1
