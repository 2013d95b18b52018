"""Shared test helpers: the repository root, an in-place data edit that fails loudly, text normalised."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a data file in place; fail loudly if the text to replace is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def normalise(text: str) -> str:
    """Collapse every kind of space to one plain space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def executions(root: Path) -> list[dict]:
    """Every notebook execution the builds of the book at root have logged (fastlege_book.incremental)."""
    import json

    from fastlege_book.layout import Layout

    log = Layout.here(root).execution_log
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.is_file() else []


def doctree_times(root: Path) -> dict[str, int]:
    """Page name → modification time of its doctree (changes exactly when Sphinx re-reads the page)."""
    from fastlege_book.layout import Layout

    folder = Layout.here(root).doctrees
    return {p.relative_to(folder).with_suffix("").as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.doctree")}


def reread_and_executed(root: Path, build) -> tuple[set[str], list[str], object]:
    """Run build(); return the pages Sphinx re-read, the notebooks executed (sorted) and build's result."""
    pages_before, runs_before = doctree_times(root), len(executions(root))
    result = build()
    after = doctree_times(root)
    reread = {page for page, mtime in after.items() if pages_before.get(page) != mtime}
    return reread, sorted(e["docname"] for e in executions(root)[runs_before:]), result
