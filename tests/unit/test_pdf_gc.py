"""The PDFs are made with Python's cyclic garbage collector paused, and it is on again afterwards."""

from __future__ import annotations

import gc

import pytest

from fastlege_book import pdf


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_while_the_pdfs_are_made_and_on_again_after(collector_on):
    with pdf._cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_on_again_when_making_the_pdfs_fails(collector_on, tmp_path):
    with pytest.raises(pdf.PdfError, match="no figure registry"):
        pdf.build(tmp_path / "no-website", tmp_path / "pdf", edition=None)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_on):
    gc.disable()
    with pdf._cyclic_gc_paused():
        pass
    assert not gc.isenabled()
