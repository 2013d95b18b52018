"""Fixtures of the real-book tier: ONE clean build of the real book per test run, and scenarios on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import lent


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The book built once per test run by `python -m fastlege_book build book` in a scratch copy.

    Read-only: tests look at it and never change it. A test that changes and rebuilds the book asks
    for `scenario` instead.
    """
    from .bookutil import build_copy

    return build_copy(tmp_path_factory.mktemp("built") / "repo")


@pytest.fixture
def scenario(built_book) -> Iterator[Path]:
    """The session's built book, lent to one test that changes and rebuilds it (tests.helpers.lent)."""
    with lent(built_book) as book:
        yield book
