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
