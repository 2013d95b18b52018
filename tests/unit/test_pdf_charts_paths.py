"""Chart outlines in print: coordinates rounded to what paper shows, everything else as drawn."""

from __future__ import annotations

import re

from fastlege_book.pdf import charts


def test_path_coordinates_are_rounded_and_text_is_untouched():
    svg = '<svg><path d="M50.604,338.553L-0.04,2.96Z"/><text x="1.234">12.345</text></svg>'
    expected = '<svg><path d="M50.6,338.6L0,3Z"/><text x="1.234">12.345</text></svg>'
    assert charts.coarse_paths(svg) == expected


def test_rounding_moves_no_point_more_than_half_a_tenth_of_a_pixel():
    before = [10.449, 20.451, 30.05, 40.95, -7.777, 0.001]
    svg = '<path d="M{},{}L{},{}L{},{}"/>'.format(*before)
    after = [float(n) for n in re.findall(r"-?[\d.]+", charts.coarse_paths(svg))]
    assert len(after) == len(before)
    assert all(abs(a - b) <= 0.05 + 1e-9 for a, b in zip(after, before, strict=True)), after
