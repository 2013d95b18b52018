"""Fixtures of the extension tier: a small fixture book built with the real build command.

The book's own pages are in tests/extension/books/<name>/; a copy gets the repository's data/, both
packages, editions/ and CITATION.cff, so the extension runs as it does for the real book, on
the real data, in seconds. The packages are copied so that a test can edit them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from fastlege_book.layout import DATA, EDITIONS
from tests.helpers import ROOT, lent, run_build

BOOKS = Path(__file__).parent / "books"
#: What a fixture book takes from the repository.
SHARED = (DATA, "fastlege_calc", "fastlege_book", EDITIONS, "CITATION.cff")
IGNORE = shutil.ignore_patterns("__pycache__")


def copy_book(name: str, target: Path) -> Path:
    """The fixture book `name` with the repository's data, packages, editions and CITATION.cff, at target."""
    shutil.copytree(BOOKS / name, target, ignore=IGNORE)
    for shared in SHARED:
        source = ROOT / shared
        if source.is_dir():
            shutil.copytree(source, target / shared, ignore=IGNORE)
        else:
            shutil.copy2(source, target / shared)
    return target


def build(book: Path) -> subprocess.CompletedProcess:
    """`python -m fastlege_book build html` in the fixture book; fails the test when the build fails."""
    result = run_build(book, "html")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="session")
def mini(tmp_path_factory) -> Path:
    """The fixture book `mini` built once per test run. Read-only: tests that rebuild use `mini_scenario`."""
    book = copy_book("mini", tmp_path_factory.mktemp("mini") / "book")
    build(book)
    return book


@pytest.fixture
def mini_scenario(mini) -> Iterator[Path]:
    """The built fixture book, lent to one test that changes and rebuilds it (tests.helpers.lent)."""
    with lent(mini) as book:
        yield book
