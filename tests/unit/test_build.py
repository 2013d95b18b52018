"""The build's entry point, `python -m fastlege_book build`, without Sphinx: its order of steps and its errors.

The steps that run Jupyter Book and WeasyPrint are replaced by fakes that write what a build writes; the
real builds are in tests/extension (a fixture book) and tests/book (the real book).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fastlege_book import build, cli
from fastlege_book.layout import PDFS, Layout
from tests.bad_input import cases
from tests.helpers import APPENDED_ROW, ROOT


@pytest.fixture
def book(tmp_path) -> Layout:
    """A project folder with one input file and nothing built yet."""
    (tmp_path / "_config.yml").write_text("title: test\n", encoding="utf-8")
    return Layout.here(tmp_path)


class FakeSteps:
    """Stands in for validation, Jupyter Book and the PDFs; records what ran and writes what a build writes."""

    def __init__(self, monkeypatch, valid: bool = True, failing: set[str] = frozenset()):
        self.ran: list[str] = []
        self.valid, self.failing = valid, failing
        monkeypatch.setattr(build, "validate", self.validate)
        monkeypatch.setattr(build, "step", self.step)

    def validate(self, layout, env) -> int:
        """Valid or not, as the test asked."""
        self.ran.append("validate")
        assert env["FASTLEGE_DATA_DIR"] == str(layout.data)
        return 0 if self.valid else 2

    def step(self, layout, part, env) -> int:
        """Write the part's output into the work folder (or half of it, and fail)."""
        self.ran.append(part)
        if part in self.failing:
            layout.work_html.mkdir(parents=True, exist_ok=True)
            (layout.work_html / "half-written.html").write_text("x", encoding="utf-8")
            return 1
        if part == "html":
            layout.work_html.mkdir(parents=True, exist_ok=True)
            (layout.work_html / "index.html").write_text(f"site {len(self.ran)}", encoding="utf-8")
        else:
            assert (layout.work_html / "index.html").is_file(), "the PDFs are made from the built website"
            layout.work_pdf.mkdir(parents=True, exist_ok=True)
            for pdf in PDFS:
                (layout.work_pdf / pdf.name).write_text(f"pdf {len(self.ran)}", encoding="utf-8")
        return 0


def test_a_book_build_validates_builds_both_parts_then_publishes(book, monkeypatch, capsys):
    steps = FakeSteps(monkeypatch)
    assert build.build(book, "book") == 0
    assert steps.ran == ["validate", "html", "pdf"]
    assert (book.site / "index.html").read_text(encoding="utf-8") == "site 2"
    assert book.pdf().read_text(encoding="utf-8") == "pdf 3"
    assert (book.site / "fastlegeordningen.pdf").is_file()  # the site carries the PDFs it links
    assert "book: website in _build/html/index.html" in capsys.readouterr().out


def test_asked_for_timings_a_build_prints_one_line_per_step_it_ran(book, monkeypatch, capsys):
    FakeSteps(monkeypatch)
    monkeypatch.setenv(build.TIMINGS_ENV, "1")
    assert build.build(book, "book") == 0
    lines = [line.split() for line in capsys.readouterr().err.splitlines() if line.startswith("timing:")]
    assert [line[1] for line in lines] == ["validate", "html", "pdf"]
    assert all(float(line[2]) >= 0 for line in lines)
    (book.root / "_config.yml").write_text("title: changed\n", encoding="utf-8")
    monkeypatch.delenv(build.TIMINGS_ENV)
    assert build.build(book, "book") == 0
    assert "timing:" not in capsys.readouterr().err  # not asked: quiet


def test_a_second_build_with_no_change_runs_nothing(book, monkeypatch, capsys):
    steps = FakeSteps(monkeypatch)
    assert build.build(book, "book") == 0
    capsys.readouterr()
    steps.ran.clear()
    assert build.build(book, "book") == 0
    assert steps.ran == []  # no validation, no Sphinx
    out = capsys.readouterr().out
    assert "html: up to date" in out and "pdf: up to date" in out


def test_a_changed_input_builds_again(book, monkeypatch):
    steps = FakeSteps(monkeypatch)
    assert build.build(book, "book") == 0
    steps.ran.clear()
    (book.root / "_config.yml").write_text("title: changed\n", encoding="utf-8")
    assert build.build(book, "book") == 0
    assert steps.ran == ["validate", "html", "pdf"]


def test_html_builds_and_publishes_only_the_website(book, monkeypatch):
    steps = FakeSteps(monkeypatch)
    assert build.build(book, "html") == 0
    assert steps.ran == ["validate", "html"]
    assert (book.site / "index.html").is_file() and not book.pdf().exists()


def test_pdf_builds_the_website_it_is_made_from_but_publishes_only_the_pdfs(book, monkeypatch):
    steps = FakeSteps(monkeypatch)
    assert build.build(book, "pdf") == 0
    assert steps.ran == ["validate", "html", "pdf"]
    assert book.pdf().read_text(encoding="utf-8") == "pdf 3"
    assert not book.site.exists()
    steps.ran.clear()
    assert build.build(book, "html") == 0  # the website in the work folder is up to date: published as it is
    assert steps.ran == []
    assert (book.site / "index.html").read_text(encoding="utf-8") == "site 2"


def test_a_rebuilt_website_means_new_pdfs(book, monkeypatch):
    steps = FakeSteps(monkeypatch)
    assert build.build(book, "book") == 0
    steps.ran.clear()
    (book.work_html / "index.html").unlink()  # the website is rebuilt although no input changed
    assert build.build(book, "book") == 0
    assert steps.ran == ["validate", "html", "pdf"]


def test_invalid_data_stops_before_build_is_touched(book, monkeypatch):
    steps = FakeSteps(monkeypatch, valid=False)
    assert build.build(book, "book") == 2
    assert steps.ran == ["validate"]
    assert not book.build.exists()


@pytest.mark.parametrize("failing", ["html", "pdf"])
def test_a_failing_part_publishes_nothing_and_leaves_no_stamp(book, monkeypatch, failing, capsys):
    FakeSteps(monkeypatch)
    assert build.build(book, "book") == 0
    published = {p: p.read_bytes() for p in [book.site / "index.html", book.pdf()]}
    (book.root / "_config.yml").write_text("title: changed\n", encoding="utf-8")
    steps = FakeSteps(monkeypatch, failing={failing})
    assert build.build(book, "book") == 1
    assert steps.ran[-1] == failing
    assert {p: p.read_bytes() for p in published} == published
    assert not book.stamp(failing).exists()
    assert f"the {failing} build failed; nothing was published" in capsys.readouterr().err


def test_the_build_environment_is_the_roots_data_and_packages_and_the_commit_date(book, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    env = build.build_environment(Layout.here(ROOT))
    last_commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    assert env["SOURCE_DATE_EPOCH"] == last_commit.stdout.strip()
    assert env["FASTLEGE_DATA_DIR"] == str(ROOT / "data")
    assert env["PYTHONPATH"].split(os.pathsep) == [str(ROOT), "/elsewhere"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert build.build_environment(book)["SOURCE_DATE_EPOCH"] == "86400"


def test_the_pause_for_tests_waits_on_the_fifo_until_it_is_written(tmp_path):
    import threading

    fifo = tmp_path / "pause"
    os.mkfifo(fifo)
    paused = threading.Thread(target=build._pause_for_tests, args=("html", {build.PAUSE_ENV: str(fifo)}))
    paused.start()
    with open(fifo, encoding="utf-8") as told:
        assert told.read() == "html built\n"
    assert paused.is_alive()  # still waiting: a test can kill the build now
    with open(fifo, "w", encoding="utf-8") as go:
        go.write("go\n")
    paused.join(timeout=10)
    assert not paused.is_alive()


# --- the real command, on data that stops it before anything is built -----------------------------
def run_build(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "FASTLEGE_DATA_DIR"}
    command = [sys.executable, "-m", "fastlege_book", "build", *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)


#: Cases of the catalogue tests/bad_input.yaml run through the build's entry point: a bad cell and a
#: missing schema (the one real build on bad data is in tests/book/test_publish.py).
ENTRY_POINT_CASES = ("text_in_a_number_column", "missing_schema")


@pytest.mark.parametrize("case", [c for c in cases() if c.id in ENTRY_POINT_CASES], ids=lambda c: c.id)
def test_bad_data_gets_one_line_naming_the_file_and_build_is_untouched(tmp_path, case):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "published.txt").write_text("the last good build", encoding="utf-8")
    case.apply(tmp_path / "data")
    result = run_build(tmp_path, "book")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: "), result.stderr
    case.check_message(errors[0].removeprefix("error: "), tmp_path / "data")
    assert "Traceback" not in result.stderr + result.stdout
    assert [p.name for p in (tmp_path / "_build").iterdir()] == ["published.txt"]


def test_an_unknown_target_is_refused_with_the_choices(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["build", "epub"])
    assert info.value.code == 2
    assert "invalid choice: 'epub'" in capsys.readouterr().err


# --- telling the website's build that the data it reads was validated ------------------------------
def test_the_build_names_the_packages_variables_without_importing_the_calculations():
    from fastlege_book.pdf import charts as print_charts
    from fastlege_calc import data
    from fastlege_calc.charts import vlcache

    assert build.VALIDATED_ENV == data.VALIDATED_ENV
    assert build.DRAW_AHEAD_ENV == print_charts.DRAW_AHEAD_ENV
    assert build.CHART_CACHE_ENV == vlcache.CACHE_ENV
    # The build's own process runs before every build (a no-change rebuild in under a second): no pandas.
    script = "import sys, fastlege_book.build; print(sorted({'pandas', 'altair'} & set(sys.modules)))"
    imported = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert imported.stdout.strip() == "[]"


def test_the_builds_data_version_is_the_packages_before_and_after_a_row_is_appended(data_copy):
    from fastlege_calc import data

    before = build.data_version(data_copy)
    assert before == data.data_version(data_copy) and len(before) == 12
    with (data_copy / "gp_register.csv").open("a", encoding="utf-8") as register:
        register.write(APPENDED_ROW)
    after = build.data_version(data_copy)
    assert after != before and after == data.data_version(data_copy)
    (data_copy / "datapackage.json").unlink()
    assert build.data_version(data_copy) == ""  # unreadable data is never called valid


class FakeValidation:
    """Stands in for `python -m fastlege_calc validate`: its exit code, and an edit made while it runs."""

    def __init__(self, monkeypatch, code: int = 0, edit=None):
        self.code, self.edit = code, edit
        monkeypatch.setattr(build.subprocess, "run", self.run)

    def run(self, command, **kwargs):
        """Check it is the validation command, run without the claim, then give the exit code."""
        assert command[1:] == ["-m", "fastlege_calc", "validate"]
        assert build.VALIDATED_ENV not in kwargs["env"]  # validation itself is never told the data is valid
        if self.edit:
            self.edit()
        return subprocess.CompletedProcess(command, self.code)


def test_validated_data_is_named_to_the_steps_after_validation_by_its_version(book, data_copy, monkeypatch):
    env = {"FASTLEGE_DATA_DIR": str(data_copy), build.VALIDATED_ENV: "stale:/somewhere"}
    FakeValidation(monkeypatch, code=0)
    assert build.validate(book, env) == 0
    assert env[build.VALIDATED_ENV] == f"{build.data_version(data_copy)}:{data_copy}"


def test_data_that_failed_validation_or_changed_during_it_is_not_called_valid(book, data_copy, monkeypatch):
    env = {"FASTLEGE_DATA_DIR": str(data_copy), build.VALIDATED_ENV: "stale:/somewhere"}
    FakeValidation(monkeypatch, code=2)
    assert build.validate(book, env) == 2
    assert build.VALIDATED_ENV not in env

    def append():
        with (data_copy / "gp_register.csv").open("a", encoding="utf-8") as register:
            register.write(APPENDED_ROW)

    FakeValidation(monkeypatch, code=0, edit=append)
    assert build.validate(book, env) == 0
    assert build.VALIDATED_ENV not in env  # validated bytes other than those the website would read


def test_the_website_build_validates_unless_told_this_very_data_version_is_valid(data_copy, monkeypatch):
    from fastlege_book import sphinx_ext
    from fastlege_calc import data

    validated = []
    monkeypatch.setattr(data, "validate", lambda *a: validated.append(True))
    monkeypatch.delenv(data.VALIDATED_ENV, raising=False)
    sphinx_ext._validate_unless_validated()
    assert len(validated) == 1  # not told: validates
    monkeypatch.setenv(data.VALIDATED_ENV, f"{build.data_version(data_copy)}:{data_copy}")
    sphinx_ext._validate_unless_validated()
    assert len(validated) == 1  # told, for this content: skips
    with (data_copy / "gp_register.csv").open("a", encoding="utf-8") as register:
        register.write(APPENDED_ROW)  # edited after the build validated it
    sphinx_ext._validate_unless_validated()
    assert len(validated) == 2  # the told version is stale: validates again


def test_the_jupyter_book_step_keeps_its_exit_code_and_its_output_when_it_leaves_early(tmp_path):
    # The step leaves with os._exit (no interpreter teardown): its output must still arrive, flushed,
    # and its exit code be Jupyter Book's.
    helped = subprocess.run(
        [sys.executable, "-c", build.JUPYTER_BOOK, "1", "build", "--help"], capture_output=True, text=True, check=False
    )
    assert helped.returncode == 0 and "--builder" in helped.stdout
    failed = subprocess.run(
        [sys.executable, "-c", build.JUPYTER_BOOK, "1", "build", str(tmp_path / "no-such-book")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode != 0 and "no-such-book" in failed.stdout + failed.stderr
