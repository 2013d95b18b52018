"""Shared test helpers: the repository root, data edits, normalised text, the command line, builds and their logs."""

from __future__ import annotations

import base64
import csv
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastlege_book import buildinfo
from fastlege_book.layout import Layout

ROOT = Path(__file__).resolve().parent.parent

#: The build date of every test build: the time of the commit under test (a fixed date outside git).
SOURCE_DATE_EPOCH = (
    subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    or "1767225600"
)

#: A register row as an analyst appends it with the next release (the first of scripts/bench.py NEXT_RELEASE).
APPENDED_ROW = "2024-12-31,5420,5730,4440,1290,280,190000,5390000,985,1000,63.1,49.6,hdir_ar_2023,H,Benchmark release\n"


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a data file in place; fail loudly if the text to replace is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def run_cli(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m fastlege_calc ARGS` (reading data_dir instead of data/ when given); never raises."""
    env = {**os.environ}
    if data_dir is not None:
        env["FASTLEGE_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "fastlege_calc", *args], capture_output=True, text=True, env=env, check=False
    )


def normalise(text: str) -> str:
    """Collapse every kind of space to one plain space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def executions(root: Path) -> list[dict]:
    """Every notebook execution the builds of the book at root have logged (fastlege_book.incremental)."""
    log = Layout.here(root).execution_log
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.is_file() else []


def doctree_times(root: Path) -> dict[str, int]:
    """Page name → modification time of its doctree (changes exactly when Sphinx re-reads the page)."""
    folder = Layout.here(root).doctrees
    return {p.relative_to(folder).with_suffix("").as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.doctree")}


def reread_and_executed(root: Path, build) -> tuple[set[str], list[str], object]:
    """Run build(); return the pages Sphinx re-read, the notebooks executed (sorted) and build's result."""
    pages_before, runs_before = doctree_times(root), len(executions(root))
    result = build()
    after = doctree_times(root)
    reread = {page for page, mtime in after.items() if pages_before.get(page) != mtime}
    return reread, sorted(e["docname"] for e in executions(root)[runs_before:]), result


def build_env() -> dict[str, str]:
    """The environment of a test build: this checkout's commit and build date, the copy's own data."""
    # The copy has no .git: give it this checkout's commit and build date (fastlege_book.buildinfo).
    env = {**os.environ, **buildinfo.reproducible_env(ROOT)}
    env.pop("FASTLEGE_DATA_DIR", None)  # the build reads the copy's data/ (fastlege_book.build)
    # Two builds of the same commit must give the same text, dates included (honoured by Sphinx and WeasyPrint).
    env.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    return env


def build_command(target: str = "book") -> list[str]:
    """`python -m fastlege_book build TARGET`: what `make book` runs, with this test run's Python."""
    return [sys.executable, "-m", "fastlege_book", "build", target]


def run_build(copy: Path, target: str = "book") -> subprocess.CompletedProcess:
    """Build the copy in the copy (its own package, data and _build), as `make book` would."""
    return subprocess.run(build_command(target), cwd=copy, env=build_env(), capture_output=True, text=True, check=False)


@contextmanager
def lent(built: Path) -> Iterator[Path]:
    """Lend a built book's folder to a test that changes and rebuilds it; put it back as it was afterwards.

    The test works in the folder the book was built in, so Sphinx's environment and the recorded
    dependencies stay valid and a rebuild is incremental, as in a real checkout (in a copy at another
    path Sphinx would start from scratch). A pristine copy, with every file's modification time, is put
    back when the test ends, whatever it did: each test starts from the clean build, in any order.
    """
    pristine = built.with_name(built.name + ".pristine")
    shutil.copytree(built, pristine, symlinks=True)
    try:
        yield built
    finally:
        shutil.rmtree(built)
        pristine.rename(built)


def changed_since_edition(root: Path, now: dict[str, str]) -> set[str]:
    """The figure keys whose text differs from the latest edition recorded at root (added and removed ones too).

    `now` is key → text as the book shows it (registry.substitutions()); read here from the edition's
    figures.json, not through the changes page's code. A source's year of publication ('<source_id>_year'
    for a source of data/sources.csv, now or in the edition) is left out: the page sums those up in a sentence.
    """
    folder = root / "editions"
    recorded = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*/figures.json")]
    latest = max(recorded, key=lambda e: (e["released"], e["edition"]))
    edition = {f["key"]: f["text"] for f in latest["figures"]}
    with (root / "data" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        source_ids = {row["source_id"] for row in csv.DictReader(handle)}
    recorded_sources = latest["data"]["sources.csv"]  # the rows written out (2026.1) or the file compressed
    if "rows" in recorded_sources:
        source_ids |= {row["cells"]["source_id"] for row in recorded_sources["rows"].values()}
    else:
        then = gzip.decompress(base64.b64decode(recorded_sources["csv_gzip"])).decode("utf-8")
        source_ids |= {row["source_id"] for row in csv.DictReader(io.StringIO(then))}
    years = {f"{source_id}_year" for source_id in source_ids}
    return {key for key in edition.keys() | now.keys() if edition.get(key) != now.get(key) and key not in years}
