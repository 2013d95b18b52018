"""Helpers for the tests that build the book: run the build in a scratch copy, read its pages and PDFs."""

from __future__ import annotations

import functools
import html
import re
import shutil
import subprocess
from pathlib import Path

import yaml

from fastlege_book.layout import BUILD
from fastlege_calc import registry
from tests.helpers import ROOT, normalise, run_build

COPY_IGNORE = shutil.ignore_patterns(
    ".venv", BUILD, ".git", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "*.egg-info", "node_modules"
)


def chapter_number(page: str) -> int:
    """A chapter's number as the book prints it ('finansiering' → 6): its place in the numbered part of _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    numbered = [c["file"] for part in toc["parts"] if part.get("numbered") for c in part["chapters"]]
    return numbered.index(f"book/{page}") + 1


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


def prose_in(text: str, prose: str) -> bool:
    """A figure as running text writes it (fire år, 15 millioner) is in the text, also opening a sentence."""
    prose = normalise(prose)
    return prose in text or prose[:1].upper() + prose[1:] in text


def figure_in(text: str, shown) -> bool:
    """A figure of the registry (a `registry.Shown`) is in the text: in running text's form, or in digits (a table).

    Which form stands where is checked by tests/book/test_provenance.py; here, that the page shows the figure.
    """
    return prose_in(text, shown.prose) or normalise(shown.text) in text


def outside_changes_page(text: str) -> str:
    """Text without the table of the page "Endringer i tallene", which shows old values on purpose."""
    return re.sub(r"Tallene sammenlignes med utgave.*?En ny utgave registreres", " ", text, flags=re.S)


#: Debian's Chromium, as on the readers' machines; the tests never download a browser.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def shown_figures(keys) -> list[str]:
    """The figures a reader sees for some {{ key }}s: a figure itself, a phrase the figures written inside it."""
    phrases = registry.phrases()
    return sorted({figure for key in keys for figure in (phrases[key].figures if key in phrases else (key,))})


def phrase_words(key: str) -> list[str]:
    """The words of a phrase between its figures, as a page shows them ('det høyeste i tallrekken'); none for a figure.

    Only runs of two or more words: a page's text has a space where a figure's link ends (before a comma).
    """
    said = registry.phrases().get(key)
    if said is None:
        return []
    pieces = (normalise(piece).strip(" ,.:;") for piece in registry.SUBSTITUTION.split(said.markdown)[::2])
    return [piece for piece in pieces if len(piece.split()) >= 2]
