"""The command line an analyst uses to check a number without building the book."""

import os
import subprocess
import sys

from tests.helpers import replace_in

NBSP = "\u00a0"


def run(*args, env=None):
    """Run `python -m fastlege_calc ARGS` and return the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "fastlege_calc", *args], capture_output=True, text=True, env=env, check=False
    )


def test_figures_prints_value_and_source():
    result = run("figures", "--grep", "ap_annual_rise")
    assert result.returncode == 0, result.stderr
    assert "154 000 kr" in result.stdout.replace(NBSP, " ")
    assert "Allmennlegeforeningen" in result.stdout


def test_basistilskudd_national_and_tromso():
    result = run("basistilskudd", "800", "--date", "2021-07-01")
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
        result = run(*args)
        assert result.returncode != 0, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_validate_reports_bad_data(data_copy):
    replace_in(data_copy / "gp_register.csv", "2019-12-31,4858", "2019-12-31,x")
    result = run("validate", env={**os.environ, "FASTLEGE_DATA_DIR": str(data_copy)})
    assert result.returncode == 2
    assert "data/gp_register.csv, line 3, column 'gps'" in result.stderr
