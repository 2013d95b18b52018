"""Helpers for the tests that build the book: run `make book` in a scratch copy, read its pages."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastlege_book import latex
from tests.helpers import ROOT, normalise

#: The build date of every test build: the time of the commit under test (a fixed date outside git).
SOURCE_DATE_EPOCH = (
    subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    or "1767225600"
)

COPY_IGNORE = shutil.ignore_patterns(
    ".venv", "_build", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "*.egg-info"
)


def make_book(copy: Path) -> subprocess.CompletedProcess:
    """Run `make book` in the copy with this test run's virtual environment and the copy's package."""
    # The copy has no .git: give it this checkout's commit and build date (fastlege_book.latex).
    env = {**os.environ, **latex.reproducible_env(ROOT), "PYTHONPATH": str(copy)}
    env.pop("FASTLEGE_DATA_DIR", None)
    # Two builds of the same commit must give the same text, dates included (honoured by Sphinx and TeX).
    env.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    return subprocess.run(
        ["make", "book", f"VENV={Path(sys.prefix)}", "SKIP_SETUP=1", f"PYTHON={sys.executable}"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def page_text(path: Path) -> str:
    """The visible text of an HTML page, whitespace (and no-break spaces) collapsed."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<script.*?</script>", " ", raw, flags=re.S)
    raw = re.sub(r"<style.*?</style>", " ", raw, flags=re.S)
    raw = re.sub(r'<span class="fl-tall-tip"[^>]*>.*?</span>', " ", raw, flags=re.S)  # hidden source tooltips
    return normalise(html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def pdf_text(path: Path) -> str:
    """The text of the PDF, whitespace collapsed."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
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
    result = make_book(target)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return target


def outside_changes_page(text: str) -> str:
    """Text without the table of the page "Endringer i tallene", which shows old values on purpose."""
    return re.sub(r"Tallene sammenlignes med utgave.*?En ny utgave registreres", " ", text, flags=re.S)


#: Debian's Chromium, as on the readers' machines; the tests never download a browser.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@contextmanager
def browser_page(width: int = 1280, height: int = 900) -> Iterator[tuple[object, list[str]]]:
    """A Chromium page and the list of every request it makes that leaves the machine."""
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.on(
            "request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None
        )
        try:
            yield page, outside
        finally:
            browser.close()


def wait_for_charts(page, count: int) -> None:
    """Wait until the page has drawn `count` charts (an SVG in each chart view)."""
    page.wait_for_function(f"document.querySelectorAll('.fl-chart-view svg').length === {count}", timeout=20_000)
