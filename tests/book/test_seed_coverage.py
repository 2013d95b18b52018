"""Every figure of the two source texts reaches its chapters on the built website and in the PDF.

Where each figure belongs (HOME) is kept with the checks of the chapter sources, in
tests/unit/test_seed_coverage.py.
"""

from __future__ import annotations

import pytest

from fastlege_calc import registry
from tests.unit.test_seed_coverage import HOME

from .bookutil import page_text, pdf_text, prose_in


@pytest.mark.parametrize("key", sorted(HOME))
def test_seed_figure_reaches_the_website(built_book, key):
    text = registry.prose_figures()[key].prose
    html = built_book / "_build" / "html"
    missing = [page for page in HOME[key] if not prose_in(page_text(html / f"{page}.html"), text)]
    assert not missing, f"{key} ({text!r}) is not on the built pages {missing}"


def test_seed_figures_reach_the_pdf(built_book):
    pdf = pdf_text(built_book / "_build" / "fastlegeordningen.pdf")
    shown = registry.prose_figures()
    missing = [key for key in HOME if not prose_in(pdf, shown[key].prose)]
    assert not missing, f"figures of the source texts missing from the PDF: {missing}"
