"""Data against its schema, and every kind of malformed file refused with file, line, column and rule."""

import csv
import json
import re

import pandas as pd
import pytest

from fastlege_calc import data, schema_rules
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
DESCRIBING = {"sources", "labels", "units", "series"}  # series: which files make up each data series


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


def test_load_stops_on_bad_data_too(data_copy):
    replace_in(data_copy / "gp_register.csv", "2019-12-31,4858", "2019-12-31,x")
    with pytest.raises(DataError, match=re.escape("gp_register.csv, line 3, column 'gps'")):
        data.load("gp_register")


# --- rules declared in datapackage.json ("x-rules"); the bad input that breaks them is in tests/bad_input.yaml
def _columns_named(args) -> list[str]:
    """The columns a rule declaration names, read from the declaration itself (not from the rule's code)."""
    if isinstance(args, str):
        return [args]
    named = [args[key] for key in ("field", "year", "parts") if key in args]
    return named + list(args.get("fields", [])) + list(args.get("when", {}))


DECLARING = sorted(name for name, resource in RESOURCES.items() if resource.get(schema_rules.PROPERTY))


def test_the_rules_of_the_briefing_are_declared_in_the_schema():
    assert {"basistilskudd_rates", "gp_register", "figures", "cost_per_inhabitant"} <= set(DECLARING)


@pytest.mark.parametrize("name", DECLARING)
def test_every_declared_rule_is_known_and_names_columns_of_its_resource(name):
    resource = RESOURCES[name]
    with open(ROOT / "data" / resource["path"], encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    fields = {field["name"] for field in resource["schema"]["fields"]}
    entries = resource[schema_rules.PROPERTY]
    for entry in entries:
        ((rule, args),) = entry.items()
        assert rule in schema_rules.RULES, f"{name}: unknown rule {rule}"
        columns = _columns_named(args)
        assert columns, f"{name}: {rule} names no column"
        assert set(columns) <= fields, f"{name}: {rule} names columns the schema lacks"
        assert set(columns) <= set(header), f"{name}: {rule} names columns the file lacks"
    rules = schema_rules.declared(resource)
    assert [set(rule.columns) for rule in rules] == [set(_columns_named(next(iter(e.values())))) for e in entries]


@pytest.mark.parametrize(
    ("rules", "says"),
    [
        ({"ascending": "period_end"}, "is a list of one-key objects"),
        ([{"ascending": "period_end", "required-when": {}}], "is a list of one-key objects"),
        (
            [{"range-when": {"field": "note", "when": {"gps": "1"}, "maximum": 1}}],
            "needs a column of type integer or number, but 'note' is string",
        ),
        ([{"range-when": {"field": "gps", "when": {"note": "x"}}}], "needs a number for 'minimum', 'maximum' or both"),
        ([{"required-when": {"when": {}, "fields": ["gps"]}}], "needs 'when'"),
        ([{"required-when": {"when": {"note": "x"}}}], "lacks its argument 'fields'"),
        ([{"empty-when": {"when": {"note": "x"}, "fields": []}}], "needs 'fields', a list of column names"),
        (
            [{"complete-years": {"year": "period_end"}}],
            "needs a column of type integer or year, but 'period_end' is date",
        ),
        ([{"complete-years": {"year": "gps", "reason": 5}}], "'reason' is a sentence in quotes"),
    ],
)
def test_a_rule_declared_wrongly_is_named_with_what_is_wrong(rules, says):
    resource = {**RESOURCES["gp_register"], schema_rules.PROPERTY: rules}
    with pytest.raises(schema_rules.RuleError, match=re.escape(says)) as info:
        schema_rules.declared(resource)
    assert info.value.rule == "rule-invalid"


def test_ascending_compares_values_by_their_type():
    rule = schema_rules.Ascending("year", {"year": "integer"})
    assert rule.first_breach(pd.DataFrame({"year": ["9", "10", "", "11"]})) is None  # as text, "10" < "9"
    breach = rule.first_breach(pd.DataFrame({"year": ["10", "11", "9"]}))
    assert (breach.line, breach.column) == (4, "year")  # header on line 1: the third row is line 4
    assert breach.text.startswith("out of order: 9 follows 11")


def test_a_new_table_gets_a_declared_rule_without_code(data_copy):
    (data_copy / "visits.csv").write_text(
        "period_end,visits,source_id\n2021-12-31,5,af_123\n2020-12-31,4,af_123\n", encoding="utf-8"
    )
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    visits = {
        "name": "visits",
        "path": "visits.csv",
        "schema": {
            "fields": [
                {"name": "period_end", "type": "date"},
                {"name": "visits", "type": "integer"},
                {"name": "source_id", "type": "string"},
            ],
            "primaryKey": ["period_end"],
        },
    }
    descriptor["resources"].append(visits)
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    data.validate(data_copy)  # out of order, but nothing says it must not be

    visits[schema_rules.PROPERTY] = [{"ascending": "period_end"}]
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataError) as info:
        data.validate(data_copy)
    assert str(info.value) == (
        "data/visits.csv, line 3, column 'period_end': out of order: 2020-12-31 follows 2021-12-31; "
        "each row's period_end comes after the one above [ascending]"
    )


def test_every_source_is_in_the_bibliography_once():
    from fastlege_calc import sources
    from fastlege_calc.data import load

    bib = sources.bibtex()
    for source_id in load("sources").source_id:
        assert bib.count("@misc{" + source_id + ",") == 1


def test_a_validated_marker_spares_validating_only_the_data_version_it_names(tmp_path, monkeypatch):
    """The build's marker (VALIDATED_ENV, "<version>:<folder>") skips validation of that content only."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    validated = []
    monkeypatch.setattr(data, "validate", lambda directory=None: validated.append(directory))
    version = data.data_version(folder)
    monkeypatch.setenv(data.VALIDATED_ENV, f"{version}:{folder}")
    data._validated(str(folder), version)
    assert validated == []
    # An edit after the marker was made: another version, validated although the marker is still set.
    units = folder / "units.csv"
    units.write_text(units.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = data.data_version(folder)
    assert edited != version
    data._validated(str(folder), edited)
    assert validated == [folder]
