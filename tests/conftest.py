"""Shared fixtures: a scratch copy of data/ to break; every test marked with the tier of its folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fastlege_calc import data
from tests.helpers import ROOT

#: Test tiers by folder: a test is marked by where it lives, never by hand.
TIERS = {"unit": "unit", "extension": "extension", "book": "book"}


def pytest_addoption(parser) -> None:
    """--screenshots: the browser sweep also saves a full-page picture of every page in every view."""
    parser.addoption(
        "--screenshots",
        nargs="?",
        const="",
        default=None,
        metavar="DIR",
        help="save screenshots of every page in the browser sweep (into DIR, or a temporary folder)",
    )


#: Tiers whose tests share one session build (the real book; the fixture book): under pytest-xdist
#: (`make test` runs `-n auto`) each such tier runs in one worker, so its book is built once, while
#: the unit tests are shared out one by one among the workers.
ONE_WORKER_TIERS = ("extension", "book")


def tier_scope(nodeid: str) -> str:
    """The unit of work a test belongs to under pytest-xdist: its tier's name for ONE_WORKER_TIERS, else itself."""
    parts = nodeid.split("::")[0].split("/")
    tier = parts[1] if len(parts) > 2 and parts[0] == "tests" else ""
    return tier if tier in ONE_WORKER_TIERS else nodeid


def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's scheduler by tier scope (tier_scope); the largest scope, the real book's tier, starts first.

    Not `--dist loadgroup` with xdist_group marks: pytest 9.2's node ids no longer carry the group
    that pytest-xdist 3.8 writes into them (pytest-dev/pytest-xdist#1386), so the marks are ignored.
    """
    from xdist.scheduler import LoadScopeScheduling

    class TierScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return tier_scope(nodeid)

    return TierScheduling(config, log)


def pytest_collection_modifyitems(config, items) -> None:
    """Mark every test with the tier of its folder (tests/unit, tests/extension, tests/book)."""
    for item in items:
        parts = Path(str(item.path)).relative_to(ROOT / "tests").parts
        tier = TIERS.get(parts[0]) if len(parts) > 1 else None
        if tier is None:
            raise pytest.UsageError(f"{item.nodeid}: a test lives in tests/unit, tests/extension or tests/book")
        item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of data/ that the package reads from for the duration of one test."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    monkeypatch.setenv("FASTLEGE_DATA_DIR", str(target))
    return target


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test sees the data as it is now (the loader caches on content hash, but be explicit)."""
    data._validated.cache_clear()
    data._load.cache_clear()
    yield
    data._validated.cache_clear()
    data._load.cache_clear()
