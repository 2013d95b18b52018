"""The bad input catalogue: malformed data refused with one message (file, row, column, rule).

Nothing is built from bad data; bad command-line arguments get a clear message and no traceback.

tests/test_data.py covers the first cases of each kind (text in a number column, comma decimals,
negative counts, percentages above 100, duplicate keys, ragged rows, missing and extra columns,
empty, header-only and missing files, Latin-1 text, unknown sources, rate dates out of order).
This file adds the rest of the catalogue. The build's entry point refusing bad data before _build is
touched is checked in tests/unit/test_build.py, and once on the real built book in
tests/book/test_publish.py.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fastlege_calc import cli, data
from fastlege_calc.data import DataError
from tests.helpers import replace_in


def _drop_lines(path, prefix):
    """Remove every line that starts with prefix."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(prefix)]
    assert len(kept) < len(lines), f"no line starts with {prefix!r} in {path.name}"
    path.write_text("".join(kept), encoding="utf-8")


def _edit(file, old, new):
    return lambda d: replace_in(d / file, old, new)


def _swap_rows(file, first, second):
    """Exchange two whole lines (found by their start), so the file is out of order."""

    def change(d):
        path = d / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        i = next(n for n, line in enumerate(lines) if line.startswith(first))
        j = next(n for n, line in enumerate(lines) if line.startswith(second))
        lines[i], lines[j] = lines[j], lines[i]
        path.write_text("".join(lines), encoding="utf-8")

    return change


def _line_of(d, file, prefix):
    """The 1-based line number of the first line that starts with prefix."""
    lines = (d / file).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(prefix))


# (id, change to data/, file, line (or a prefix to find it after the change), column, part of the rule)
CATALOGUE = [
    (
        "text_in_a_figure_value",
        _edit("figures.csv", "action_plan_years,4,", "action_plan_years,fire,"),
        "figures.csv",
        "action_plan_years,",
        "value",
        "'fire' is not a valid number",
    ),
    (
        "thousands_separated_with_a_space",
        _edit("cost_per_inhabitant.csv", "2020,2107", "2020,2 107"),
        "cost_per_inhabitant.csv",
        3,
        "nok_per_inhabitant",
        "'2 107' is not a valid number",
    ),
    (
        "comma_decimal_in_a_percentage",
        _edit("gp_register.csv", "62.1,44.4", '"62,1",44.4'),
        "gp_register.csv",
        3,
        "specialist_share_pct",
        "write decimals with a point",
    ),
    (
        "nan_in_a_number_column",
        _edit("cost_per_inhabitant.csv", "2020,2107", "2020,NaN"),
        "cost_per_inhabitant.csv",
        3,
        "nok_per_inhabitant",
        "'NaN' is not a finite number [finite]",
    ),
    (
        "infinity_in_a_figure",
        _edit("figures.csv", "action_plan_years,4,", "action_plan_years,inf,"),
        "figures.csv",
        "action_plan_years,",
        "value",
        "'inf' is not a finite number [finite]",
    ),
    (
        "negative_figure",
        _edit("figures.csv", "action_plan_years,4,", "action_plan_years,-4,"),
        "figures.csv",
        "action_plan_years,",
        "value",
        "-4 is below the minimum 0 [minimum]",
    ),
    (
        "negative_rate",
        _edit("basistilskudd_rates.csv", "2016-07-01,flat,442,", "2016-07-01,flat,-442,"),
        "basistilskudd_rates.csv",
        2,
        "rate_nok_per_patient",
        "below the minimum 0",
    ),
    (
        "hours_above_a_week",
        _edit("working_hours_2018.csv", "all,total,mean,55.6,morken_2019", "all,total,mean,556,morken_2019"),
        "working_hours_2018.csv",
        2,
        "hours_per_week",
        "above the maximum 168",
    ),
    (
        "duplicate_figure_key",
        _edit("figures.csv", "action_plan_years,4,", "action_plan_total,4,"),
        "figures.csv",
        "action_plan_total,4,",
        None,
        "duplicate key (key)",
    ),
    (
        "duplicate_year_and_component",
        _edit("scheme_cost_fixed_prices.csv", "2019,refunds,", "2019,basis_funding,"),
        "scheme_cost_fixed_prices.csv",
        3,
        None,
        "duplicate key (year, component)",
    ),
    (
        "duplicate_source_id",
        _edit("sources.csv", "thorsen_2022,", "af_123,"),
        "sources.csv",
        3,
        "source_id",
        "'af_123' appears more than once, but must be unique: the same as line 2",
    ),
    (
        "empty_required_cell",
        _edit("figures.csv", "Handlingsplanens lengde,af_123", ",af_123"),
        "figures.csv",
        "action_plan_years,",
        "description",
        "the cell is empty, but a value is required",
    ),
    (
        "unknown_unit",
        _edit("figures.csv", "action_plan_years,4,years", "action_plan_years,4,år"),
        "figures.csv",
        "action_plan_years,",
        "unit",
        "'år' is not one of the allowed values",
    ),
    (
        "date_in_norwegian_form",
        _edit("gp_register.csv", "2019-12-31,4858", "31.12.2019,4858"),
        "gp_register.csv",
        3,
        "period_end",
        "'31.12.2019' is not a valid date",
    ),
    (
        "register_dates_out_of_order",
        _swap_rows("gp_register.csv", "2020-12-31,", "2021-12-31,"),
        "gp_register.csv",
        5,
        "period_end",
        "dates out of order: 2020-12-31 follows 2021-12-31",
    ),
    (
        "unknown_source_for_a_figure",
        _edit("figures.csv", "Handlingsplanens lengde,af_123", "Handlingsplanens lengde,af_999"),
        "figures.csv",
        "action_plan_years,",
        "source_id",
        "source 'af_999' is not in data/sources.csv",
    ),
    (
        "flat_rate_with_a_break_point",
        _edit("basistilskudd_rates.csv", "2016-07-01,flat,442,,", "2016-07-01,flat,442,,1000"),
        "basistilskudd_rates.csv",
        2,
        "kneepoint_patients",
        "has no break point",
    ),
    (
        "year_with_no_data_in_a_chart_series",
        lambda d: _drop_lines(d / "cost_per_inhabitant.csv", "2021,"),
        "cost_per_inhabitant.csv",
        4,
        "year",
        "year 2021 has no data, but the chart needs every year from 2019",
    ),
    (
        "year_without_one_stacked_component",
        lambda d: _drop_lines(d / "scheme_cost_fixed_prices.csv", "2021,refunds,"),
        "scheme_cost_fixed_prices.csv",
        "2021,scheme_total,",
        "component",
        "year 2021 has no 'refunds' row",
    ),
    (
        "blank_line_inside_a_file",
        _edit("cost_per_inhabitant.csv", "2020,2107", "\n2020,2107"),
        "cost_per_inhabitant.csv",
        3,
        None,
        "completely blank",
    ),
    (
        "unclosed_quote",
        _edit("figures.csv", "Handlingsplanens lengde,af_123", '"Handlingsplanens lengde,af_123'),
        "figures.csv",
        "action_plan_years,",
        None,
        "fewer than the header's 8 [ragged-row]",
    ),
    (
        "semicolon_separated_export",
        lambda d: (d / "cost_per_inhabitant.csv").write_text(
            (d / "cost_per_inhabitant.csv").read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"
        ),
        "cost_per_inhabitant.csv",
        1,
        None,
        "separated by ';'",
    ),
    (
        "utf16_file",
        lambda d: (d / "figures.csv").write_bytes((d / "figures.csv").read_text(encoding="utf-8").encode("utf-16")),
        "figures.csv",
        1,
        None,
        "not UTF-8 text",
    ),
    (
        "whitespace_only_file",
        lambda d: (d / "working_hours_2018.csv").write_text(" \n\n", encoding="utf-8"),
        "working_hours_2018.csv",
        None,
        None,
        "file is empty",
    ),
    (
        "missing_schema",
        lambda d: (d / "datapackage.json").unlink(),
        "datapackage.json",
        None,
        None,
        "schema file is missing",
    ),
]


@pytest.mark.parametrize(
    ("change", "file", "line", "column", "rule"), [c[1:] for c in CATALOGUE], ids=[c[0] for c in CATALOGUE]
)
def test_bad_input_is_refused_with_file_row_column_and_rule(data_copy, change, file, line, column, rule):
    change(data_copy)
    if isinstance(line, str):
        line = _line_of(data_copy, file, line)
    with pytest.raises(DataError) as info:
        data.validate(data_copy)
    error = info.value
    assert (error.file, error.line, error.column) == (file, line, column), str(error)
    assert rule in error.rule, str(error)
    message = str(error)
    assert message.startswith(f"data/{file}")
    assert message.count("\n") == 0  # one message, one line
    assert message.endswith("]"), "the rule is named in brackets"


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


# --- the command line ----------------------------------------------------------------------------
def run(*args, data_dir=None):
    env = {**os.environ}
    if data_dir is not None:
        env["FASTLEGE_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "fastlege_calc", *args], capture_output=True, text=True, env=env, check=False
    )


def test_validate_refuses_data_without_a_row_the_book_needs(data_copy):
    # The file is well-formed, but the Tromsø chapter and chart need the Tromsø increase.
    _drop_lines(data_copy / "figures.csv", "tromso_increase_share,")
    result = run("validate", data_dir=data_copy)
    assert result.returncode == 2
    assert "data/figures.csv, column 'key': figure 'tromso_increase_share' is missing" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        ((), "the following arguments are required: command"),
        (("basistilskudd",), "the following arguments are required: list_length"),
        (("basistilskudd", "800.5"), "'800.5' is not a whole number of patients"),
        (("basistilskudd", "1e3"), "'1e3' is not a whole number of patients"),
        (("basistilskudd", "800", "--date", "2022-13-01"), "'2022-13-01' is not a date in the form YYYY-MM-DD"),
        (("basistilskudd", "800", "--date", "01/07/2022"), "not a date in the form YYYY-MM-DD"),
        (("basistilskudd", "800", "--date"), "expected one argument"),
        (("basistilskudd", "800", "900"), "unrecognized arguments: 900"),
        (("figures", "--frobnicate"), "unrecognized arguments: --frobnicate"),
    ],
    ids=[
        "unknown_subcommand",
        "no_subcommand",
        "missing_list_length",
        "decimal_list_length",
        "exponent_list_length",
        "month_13",
        "slashed_date",
        "date_without_value",
        "extra_argument",
        "unknown_option",
    ],
)
def test_bad_arguments_get_a_message_and_no_traceback(args, message, capsys):
    # In-process (argparse exits with status 2 and a usage line); one real process below.
    with pytest.raises(SystemExit) as info:
        cli.main(list(args))
    out, err = capsys.readouterr()
    assert info.value.code == 2, args
    assert message in err, err
    assert out == ""


def test_an_unknown_subcommand_exits_non_zero_without_a_traceback():
    result = run("frobnicate")
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr and "usage:" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
