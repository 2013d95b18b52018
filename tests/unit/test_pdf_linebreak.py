"""Line breaking in print: a line's text is kept when only its trailing space passes the margin.

The paragraph is the report's own (chapter 5), with plain inline elements where the figures are: at
text widths around 162 mm WeasyPrint 70.0 set "schou skrev i 2022 at ordnin-" as a full justified line.
"""

from __future__ import annotations

import re

import pytest
import weasyprint
from weasyprint.layout import inline

from fastlege_book.pdf import linebreak

PARAGRAPH = (
    "<p>Allmennlegeforeningen skrev i <span>2022</span> at flere evalueringer har vist at innføringen av "
    "fastlegeordningen var vellykket (Allmennlegeforeningen i Den norske legeforening, 2022). Thorsen, Johnsen "
    "og Figenschou skrev i <span>2022</span> at ordningen skapte en bølge av entusiasme blant allmennlegene som "
    "varte i omtrent <span>ti</span> år, og at entusiasmen siden har bleknet.</p>"
)
#: Text widths tried (mm): a quarter millimetre apart, so every width at which some text box ends within
#: a space's width of the margin is met (a space is about 1 mm at 11 pt).
WIDTHS_MM = [158 + quarter / 4 for quarter in range(60)]


def lines(width_mm: float) -> list[str]:
    """The paragraph's lines as WeasyPrint sets them at width_mm, justified and hyphenated in Norwegian."""
    css = (
        f"@page {{ size: {width_mm}mm 150mm; margin: 0 }} html {{ font-family: FreeSerif; font-size: 11pt }}"
        " p { text-align: justify; hyphens: auto; margin: 0 }"
    )
    document = weasyprint.HTML(string=f'<html lang="nb"><style>{css}</style><body>{PARAGRAPH}</body></html>').render()
    return [
        "".join(box.text for box in line.descendants() if isinstance(getattr(box, "text", None), str))
        for line in document.pages[0]._page_box.descendants()
        if type(line).__name__ == "LineBox"
    ]


def short_lines(set_lines: list[str]) -> list[str]:
    """Lines other than the last holding under 60 % of the longest line's characters (justified, they gape)."""
    longest = max(len(line) for line in set_lines)
    return [line for line in set_lines[:-1] if len(line) < 0.6 * longest]


def words(set_lines: list[str]) -> list[str]:
    """The paragraph's words as the lines give them, hyphenated words joined again."""
    text = "\n".join(set_lines).replace("\u2010\n", "").replace("-\n", "")
    return text.split()


def paragraph_words() -> list[str]:
    return re.sub(r"<[^>]+>", "", PARAGRAPH).split()


@pytest.fixture
def stock(monkeypatch):
    """WeasyPrint's own split_first_line in the text layout (restored after the test)."""
    own = getattr(inline.split_first_line, "__wrapped__", inline.split_first_line)
    monkeypatch.setattr(inline, "split_first_line", own)


def test_no_line_is_left_short_and_no_word_or_space_is_lost(stock):
    assert linebreak.install()
    for width in WIDTHS_MM:
        set_lines = lines(width)
        assert short_lines(set_lines) == [], (width, set_lines)
        assert words(set_lines) == paragraph_words(), (width, set_lines)


def test_stock_weasyprint_leaves_lines_short_at_some_of_these_widths(stock):
    """What the correction is for. With another WeasyPrint nothing is replaced: look again then."""
    if weasyprint.__version__ != linebreak.WEASYPRINT_VERSION:
        pytest.skip(f"WeasyPrint {weasyprint.__version__}: the correction is for {linebreak.WEASYPRINT_VERSION}")
    short = {width: short_lines(lines(width)) for width in WIDTHS_MM}
    assert [["schou skrev i 2022 at ordnin\u2010"]] == [s for s in short.values() if s][:1]


def test_install_is_idempotent_and_keeps_weasyprints_function(stock):
    original = inline.split_first_line
    assert linebreak.install() and linebreak.install()
    assert inline.split_first_line.__wrapped__ is original
