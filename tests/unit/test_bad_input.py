"""Bad input refused with one message naming file, line, column and rule: the catalogue tests/bad_input.yaml.

Every case runs at the level of fastlege_calc.data.validate(); the cases flagged `cli` also run
through `python -m fastlege_calc validate`, as the person who edited the data runs it. The one case
flagged `book` runs through a real build (`python -m fastlege_book build book`, what `make book` runs)
as the first step of tests/book/test_publish.py.
"""

from __future__ import annotations

import pytest

from fastlege_calc import data, schema_rules
from fastlege_calc.data import DataError
from tests.bad_input import cases
from tests.helpers import run_cli

CASES = cases()


def _params(chosen):
    """The chosen cases as pytest parameters named by their ids."""
    return [pytest.param(case, id=case.id) for case in chosen]


@pytest.mark.parametrize("case", _params(c for c in CASES if c.caught_by == "validate"))
def test_validate_refuses_bad_input_with_file_line_column_and_rule(data_copy, case):
    case.apply(data_copy)
    with pytest.raises(DataError) as info:
        data.validate(data_copy)
    error = info.value
    assert (error.file, error.line, error.column) == (case.file, case.expected_line(data_copy), case.column)
    case.check_message(str(error), data_copy)


@pytest.mark.parametrize("case", _params(c for c in CASES if c.cli or c.caught_by == "cli"))
def test_the_command_line_shows_the_message_and_no_python_error(data_copy, case):
    case.apply(data_copy)
    result = run_cli("validate", data_dir=data_copy)
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    case.check_message(result.stderr.removeprefix("error: ").rstrip("\n"), data_copy)


def test_the_catalogue_breaks_every_declared_rule_type_and_each_rule_declaration_error():
    broken = {case.rule for case in CASES}
    assert set(schema_rules.RULES) | {"unknown-rule", "rule-invalid"} <= broken


def test_the_catalogue_keeps_a_command_line_subset_and_one_real_build():
    assert sum(case.book for case in CASES) == 1
    assert 0 < sum(case.cli for case in CASES) < len(CASES) / 4  # each run costs a Python start


@pytest.mark.parametrize(
    "change",
    [
        lambda d: (d / "figures.csv").write_bytes(b"\xef\xbb\xbf" + (d / "figures.csv").read_bytes()),
        lambda d: (d / "figures.csv").write_bytes((d / "figures.csv").read_bytes().replace(b"\n", b"\r\n")),
    ],
    ids=["utf8_byte_order_mark_from_excel", "windows_line_endings"],
)
def test_harmless_variants_are_accepted_and_read_the_same(data_copy, change):
    before = data.load("figures")
    change(data_copy)
    data._validated.cache_clear()
    data.validate(data_copy)
    assert data.load("figures").equals(before)
