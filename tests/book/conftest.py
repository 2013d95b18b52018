"""Fixtures of the real-book tier: ONE clean build of the real book per test run, and scenarios on it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest


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
    """The session's built book, lent to one test that changes it and rebuilds; restored afterwards.

    The test works in the same folder the book was built in, so Sphinx's environment and the recorded
    dependencies stay valid and a rebuild is incremental, as in a real checkout (in a copy at another
    path Sphinx would start from scratch). A pristine copy, with every file's modification time, is
    put back when the test ends, whatever it did: each scenario starts from the clean build, in any
    order.
    """
    pristine = built_book.with_name(built_book.name + ".pristine")
    shutil.copytree(built_book, pristine, symlinks=True)
    try:
        yield built_book
    finally:
        shutil.rmtree(built_book)
        pristine.rename(built_book)
