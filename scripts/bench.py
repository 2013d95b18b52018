"""Benchmark the book build in a scratch copy: clean build, no-change rebuild, one CSV value changed, a release.

Run with `make bench` in the project's folder. Each scenario is `python -m fastlege_book build` in the
copy; folders and file names come from fastlege_book.layout. Prints a table with the machine's core
count; the numbers go in notes and the README, never into a test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fastlege_book.build import TIMINGS_ENV
from fastlege_book.layout import BUILD, REPORT, SHORT, Layout

IGNORE = shutil.ignore_patterns(
    ".venv", BUILD, ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "*.egg-info", "node_modules"
)


#: The next data release as an analyst adds it: two status rows appended to the register (a year's end
#: and a day in May), the newest a new high. A release must rebuild in under half a clean build.
NEXT_RELEASE = (
    "2024-12-31,5420,5730,4440,1290,280,190000,5390000,985,1000,63.1,49.6,hdir_ar_2023,H,Benchmark release",
    "2025-05-01,5450,5760,4450,1310,400,230500,5370000,985,1000,63.0,49.8,hdir_ar_2023,H,Benchmark release",
)
RELEASE = "release: two register rows appended (make book)"
CLEAN = "clean build: website and PDF (make book)"


#: The build's steps as its timing lines name them (fastlege_book.build.TIMINGS_ENV), and their columns.
STEPS = {"validate": "validate", "html": "website", "pdf": "PDFs"}


def timed_build(copy: Path, target: str) -> tuple[float, dict[str, float]]:
    """Seconds for `python -m fastlege_book build TARGET` in the copy, in all and per step (exits if it fails)."""
    env = {key: value for key, value in os.environ.items() if key != "FASTLEGE_DATA_DIR"}
    env[TIMINGS_ENV] = "1"
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "fastlege_book", "build", target],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"build {target} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    steps = {name: float(seconds) for name, seconds in re.findall(r"^timing: (\w+) ([\d.]+)$", result.stderr, re.M)}
    return elapsed, steps


def size_mb(path: Path) -> float:
    """Size of a file or folder in MB."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def executed_seconds(copy: Path, since: int) -> tuple[int, float]:
    """Notebooks executed and their total run time, from the build's execution log after line `since`."""
    log = Layout.here(copy).execution_log
    lines = log.read_text(encoding="utf-8").splitlines()[since:] if log.is_file() else []
    runs = [json.loads(line) for line in lines]
    return len(runs), sum(r["runtime"] or 0 for r in runs)


def log_length(copy: Path) -> int:
    """Lines in the execution log so far."""
    log = Layout.here(copy).execution_log
    return len(log.read_text(encoding="utf-8").splitlines()) if log.is_file() else 0


def scenario(copy: Path, name: str, target: str) -> tuple[str, float, int, float, dict[str, float]]:
    """Time a build of TARGET (in all and per step) and count the notebooks it executed."""
    since = log_length(copy)
    seconds, steps = timed_build(copy, target)
    return (name, seconds, *executed_seconds(copy, since), steps)


def main() -> None:
    """Run the scenarios and print the table."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(Layout.here().root, copy, ignore=IGNORE)
        layout = Layout.here(copy)
        rows = [scenario(copy, CLEAN, "book")]
        rows.append(scenario(copy, "no-change rebuild (make book)", "book"))
        for part in ("html", "pdf"):
            layout.stamp(part).unlink()
        rows.append(scenario(copy, "no-change rebuild through Sphinx (stamp removed)", "book"))
        rates = copy / "data" / "basistilskudd_rates.csv"
        rates.write_text(rates.read_text(encoding="utf-8").replace(",653,", ",654,"), encoding="utf-8")
        rows.append(scenario(copy, "rebuild after one CSV value changed (make book)", "book"))
        figures = copy / "data" / "figures.csv"
        figures.write_text(figures.read_text(encoding="utf-8").replace(",250000,", ",250001,"), encoding="utf-8")
        rows.append(scenario(copy, "rebuild after one figure in figures.csv changed", "book"))
        register = copy / "data" / "gp_register.csv"
        with register.open("a", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in NEXT_RELEASE)
        rows.append(scenario(copy, RELEASE, "book"))
        shutil.rmtree(layout.work_pdf)
        layout.pdf(REPORT).unlink()
        rows.append(scenario(copy, "PDFs only, from the built website (make pdf)", "pdf"))
        html_mb = size_mb(layout.site)
        pdf_mb = size_mb(layout.pdf(REPORT))
        short_mb = size_mb(layout.pdf(SHORT))
    print(f"\nBuild benchmark on {os.cpu_count()} cores ({sys.platform}, Python {sys.version.split()[0]})\n")
    columns = "".join(f" {title:>8} |" for title in STEPS.values())
    print(f"| {'scenario':<50} | {'seconds':>7} |{columns} {'notebooks run':>13} | {'executing':>9} |")
    print(f"|{'-' * 52}|{'-' * 9}|{'----------|' * len(STEPS)}{'-' * 15}|{'-' * 11}|")
    for name, seconds, runs, executing, steps in rows:
        share = f"{executing / seconds:.0%}" if seconds else "-"
        cells = "".join(f" {steps[step]:8.1f} |" if step in steps else f" {'-':>8} |" for step in STEPS)
        print(f"| {name:<50} | {seconds:7.1f} |{cells} {runs:13d} | {share:>9} |")
    print("\n'validate', 'website', 'PDFs': seconds of each step ('-': not run, up to date).")
    print("'executing': share of the time spent executing notebooks.")
    seconds = {name: s for name, s, *_ in rows}
    share = seconds[RELEASE] / seconds[CLEAN]
    verdict = "under half, as required" if share < 0.5 else "NOT under half of it: too slow"
    print(f"A release (two register rows) rebuilds in {share:.0%} of the clean build's time: {verdict}.")
    print(f"Website: {html_mb:.1f} MB; PDF: {pdf_mb:.2f} MB; kortversjon: {short_mb:.2f} MB")


if __name__ == "__main__":
    main()
