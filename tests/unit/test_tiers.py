"""Test tiers under pytest-xdist: a tier that shares one session build runs in one worker (tests/conftest.py)."""

from __future__ import annotations

from tests.conftest import ONE_WORKER_TIERS, tier_scope


def test_the_book_tiers_are_one_unit_of_work_each_and_unit_tests_are_shared_out():
    assert tier_scope("tests/book/test_site.py::test_sweep[light]") == "book"
    assert tier_scope("tests/book/test_publish.py::test_failed_and_killed_builds") == "book"
    assert tier_scope("tests/extension/test_mini_book.py::test_stamp") == "extension"
    unit = "tests/unit/test_fmt.py::test_number[1600000]"
    assert tier_scope(unit) == unit
    assert set(ONE_WORKER_TIERS) == {"book", "extension"}
