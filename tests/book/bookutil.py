"""Helpers for the tests that build the book: run the build in a scratch copy, read its pages and PDFs."""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from fastlege_book import latex
from fastlege_book.layout import BUILD
from tests.helpers import ROOT, normalise

#: The build date of every test build: the time of the commit under test (a fixed date outside git).
SOURCE_DATE_EPOCH = (
    subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    or "1767225600"
)

COPY_IGNORE = shutil.ignore_patterns(
    ".venv", BUILD, ".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "*.egg-info"
)


def build_env() -> dict[str, str]:
    """The environment of a test build: this checkout's commit and build date, the copy's own data."""
    # The copy has no .git: give it this checkout's commit and build date (fastlege_book.latex).
    env = {**os.environ, **latex.reproducible_env(ROOT)}
    env.pop("FASTLEGE_DATA_DIR", None)  # the build reads the copy's data/ (fastlege_book.build)
    # Two builds of the same commit must give the same text, dates included (honoured by Sphinx and TeX).
    env.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    return env


def build_command(target: str = "book") -> list[str]:
    """`python -m fastlege_book build TARGET`: what `make book` runs, with this test run's Python."""
    return [sys.executable, "-m", "fastlege_book", "build", target]


def run_build(copy: Path, target: str = "book") -> subprocess.CompletedProcess:
    """Build the copy in the copy (its own package, data and _build), as `make book` would."""
    return subprocess.run(build_command(target), cwd=copy, env=build_env(), capture_output=True, text=True, check=False)


def page_text(path: Path) -> str:
    """The visible text of an HTML page, whitespace (and no-break spaces) collapsed."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<script.*?</script>", " ", raw, flags=re.S)
    raw = re.sub(r"<style.*?</style>", " ", raw, flags=re.S)
    raw = re.sub(r'<span class="fl-tall-tip"[^>]*>.*?</span>', " ", raw, flags=re.S)  # hidden source tooltips
    return normalise(html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def pdf_text(path: Path) -> str:
    """The text of the PDF, whitespace collapsed (read once per file version: many tests read the same PDF)."""
    stat = path.stat()
    return _pdf_text(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _pdf_text(path: str, size: int, mtime_ns: int) -> str:
    out = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True)
    return normalise(out.stdout)


def snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    """Every file under a folder with its size and modification time."""
    return {
        str(p.relative_to(directory)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in directory.rglob("*")
        if p.is_file()
    }


def build_copy(target: Path) -> Path:
    """Copy the repository (without builds and environments) to target and build the book there."""
    shutil.copytree(ROOT, target, ignore=COPY_IGNORE)
    result = run_build(target)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return target


def outside_changes_page(text: str) -> str:
    """Text without the table of the page "Endringer i tallene", which shows old values on purpose."""
    return re.sub(r"Tallene sammenlignes med utgave.*?En ny utgave registreres", " ", text, flags=re.S)


#: Debian's Chromium, as on the readers' machines; the tests never download a browser.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
