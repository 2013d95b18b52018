"""The command line an analyst uses to check a number without building the book."""

import pytest

from fastlege_calc import cli
from tests.helpers import ROOT, run_cli

NBSP = "\u00a0"


def test_figures_prints_value_and_source():
    result = run_cli("figures", "--grep", "ap_annual_rise")
    assert result.returncode == 0, result.stderr
    assert "154 000 kr" in result.stdout.replace(NBSP, " ")
    assert "Allmennlegeforeningen" in result.stdout


def test_figures_with_rows_shows_the_declaration_and_each_row_read():
    result = run_cli("figures", "--grep", "register_patients_without_gp_text_year", "--rows")
    assert result.returncode == 0, result.stderr
    assert "declared at fastlege_calc/capacity.py:" in result.stdout
    text_line = 1 + next(
        n for n, line in enumerate(_data_lines("figures.csv"), 1) if line.startswith("patients_without_gp_text,")
    )
    end_2022 = 1 + next(n for n, line in enumerate(_data_lines("gp_register.csv"), 1) if line.startswith("2022-12-31,"))
    assert f"reads data/figures.csv, line {text_line} (to choose a row)" in result.stdout
    assert f"reads data/gp_register.csv, line {end_2022}\n" in result.stdout


def _data_lines(file: str) -> list[str]:
    """The data rows of data/<file>, without the header (row n is line n + 1)."""
    return (ROOT / "data" / file).read_text(encoding="utf-8").splitlines()[1:]


def test_basistilskudd_national_and_tromso():
    result = run_cli("basistilskudd", "800", "--date", "2021-07-01")
    assert result.returncode == 0, result.stderr
    out = result.stdout.replace(NBSP, " ")
    national, tromso = 800 * 642, 800 * 642 * 1.6
    assert f"{national:,.0f} kr".replace(",", " ") in out
    assert f"{tromso:,.0f} kr".replace(",", " ") in out


def test_bad_arguments_get_a_clear_error():
    for args, message in [
        (("basistilskudd", "-5"), "list length must be 0 or more"),
        (("basistilskudd", "mange"), "'mange' is not a whole number"),
        (("basistilskudd", "800", "--date", "1.1.2022"), "not a date in the form YYYY-MM-DD"),
        (("basistilskudd", "800", "--date", "2010-01-01"), "no basistilskudd rate"),
        (("figures", "--grep", "no_such_key"), "no figure key contains"),
    ]:
        result = run_cli(*args)
        assert result.returncode != 0, args
        assert message in result.stderr, (args, result.stderr)
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
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr and "usage:" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
