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


def test_the_command_exits_with_the_code_of_main(tmp_path):
    """`python -m fastlege_book.pdf` (collector off, objects frozen before exit) keeps main's exit codes."""
    import subprocess
    import sys

    from tests.helpers import ROOT

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "fastlege_book.pdf", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )

    assert run("--help").returncode == 2  # usage
    missing = run(str(tmp_path / "no-website"), str(tmp_path / "pdf"))
    assert missing.returncode == 1
    assert "no figure registry" in missing.stderr
