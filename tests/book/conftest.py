"""Fixtures of the real-book tier: the book built in scratch copies."""

from __future__ import annotations

from pathlib import Path

import pytest


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
