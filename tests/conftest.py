"""Shared fixtures: a scratch copy of data/ to break, and the repository root."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fastlege_calc import data

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of data/ that the package reads from for the duration of one test."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    monkeypatch.setenv("FASTLEGE_DATA_DIR", str(target))
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a data file in place; fail loudly if the text to replace is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test sees the data as it is now (the loader caches on content hash, but be explicit)."""
    data._validated.cache_clear()
    data._load.cache_clear()
    yield
    data._validated.cache_clear()
    data._load.cache_clear()


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The book built once per test run by `make book` in a scratch copy. Read-only: do not change it.

    Tests that change data or rebuild make their own copy with tests.bookutil.build_copy.
    """
    from .bookutil import build_copy

    return build_copy(tmp_path_factory.mktemp("built") / "repo")


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory) -> Path:
    """A second clean build of the same commit: for reproducibility and for breaking builds on purpose.

    Tests break it on purpose (bad data, failing notebook, LaTeX error, killed build). Such tests restore
    every file they change, so the copy always holds the last good build.
    """
    from .bookutil import build_copy

    return build_copy(tmp_path_factory.mktemp("built-copy") / "repo")
