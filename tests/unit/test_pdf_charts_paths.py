"""Chart outlines in print: coordinates rounded to what paper shows, everything else as drawn."""

from __future__ import annotations

import re

import pytest

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


def test_map_lines_snap_to_half_a_pixel_and_drop_repeated_points():
    svg = '<path d="M10.26,20.74L10.24,20.76L11.1,20.9L11.3,21.1"/><text x="1.26">1.26</text>'
    # An open line is snapped, not simplified. On a 0.5 px grid: (10.26, 20.74) → (10.5, 20.5);
    # (10.24, 20.76) → (10, 21); (11.1, 20.9) → (11, 21); (11.3, 21.1) → (11.5, 21). Text keeps its decimals.
    expected = '<path d="M10.5,20.5L10,21L11,21L11.5,21"/><text x="1.26">1.26</text>'
    assert charts.on_grid(svg, 0.5) == expected


def test_a_point_on_the_grid_point_of_the_one_before_is_dropped():
    svg = '<path d="M0,0L0.1,0.1L0.2,-0.1L3,3"/>'
    assert charts.on_grid(svg, 0.5) == '<path d="M0,0L3,3"/>'


def test_a_map_outline_keeps_fewer_points_and_stays_within_a_pixel_of_its_shape():
    import math

    import shapely

    circle = [
        (100 + 50 * math.cos(2 * math.pi * i / 1000), 80 + 50 * math.sin(2 * math.pi * i / 1000)) for i in range(1000)
    ]
    svg = '<path d="M' + "L".join(f"{x:.3f},{y:.3f}" for x, y in circle) + 'Z"/>'
    drawn = re.search(r'd="M([^"]*)Z"', charts.on_grid(svg, 0.5)).group(1)
    kept = [tuple(map(float, p.split(","))) for p in drawn.split("L")]
    assert len(kept) < len(circle) / 5, len(kept)
    # Simplified within 0.5 px, then snapped to the grid (at most 0.25 px in x and in y).
    tolerance = 0.5 + math.hypot(0.25, 0.25)
    before, after = shapely.Polygon(circle), shapely.Polygon(kept)
    assert before.hausdorff_distance(after) <= tolerance + 1e-9


def test_paths_with_curves_are_rounded_not_rewritten():
    svg = '<path d="M0.26,0C1.1,1.3,2.6,2.4,3,3"/>'
    assert charts.on_grid(svg, 0.5) == '<path d="M0.5,0C1,1.5,2.5,2.5,3,3"/>'


def test_only_map_charts_are_put_on_the_coarse_grid():
    spec = {
        "$schema": "https://vega.github.io/schema/vega/v5.json",
        "width": 100,
        "height": 100,
        "marks": [
            {
                "type": "rect",
                "encode": {
                    "enter": {
                        "x": {"value": 10.26},
                        "y": {"value": 0.26},
                        "width": {"value": 20.2},
                        "height": {"value": 5.1},
                    }
                },
            }
        ],
    }
    drawn = charts.svg(spec, 100)
    numbers = re.findall(r'\sd="([^"]*)"', drawn)
    assert any("10.3" in d for d in numbers), numbers


def test_a_chart_drawn_ahead_is_the_drawing_the_pdf_step_asks_for(tmp_path, monkeypatch):
    """The page readers draw each chart for print (draw_ahead).

    The PDF step, reading the chart back from the website's HTML, must find that very drawing in the
    cache and draw nothing itself.
    """
    from lxml import html

    from fastlege_book.pdf import assemble
    from fastlege_calc.charts import REGISTRY, vlcache

    figure = REGISTRY["fig-inntektskilder"].build()
    spec, page_html = figure.vega_spec(), figure.html()  # compiled before the cache is named
    monkeypatch.setenv(vlcache.CACHE_ENV, str(tmp_path))
    charts._svg.cache_clear()
    charts.draw_ahead(spec)
    drawn = sorted(tmp_path.iterdir())
    assert len(drawn) == 1

    def not_drawn_again(*args, **kwargs):
        raise AssertionError("the PDF step drew a chart the page readers had drawn")

    monkeypatch.setattr(vlcache.vlc, "vega_to_svg", not_drawn_again)
    charts._svg.cache_clear()
    page = html.fragment_fromstring(page_html, create_parent="div")
    assemble._chart_to_image(page.find("div[@class='fl-chart']"))
    image = page.find("img")
    assert image is not None and image.get("alt") == figure.alt_text
    assert sorted(tmp_path.iterdir()) == drawn
    # A chart that changed is not served the old drawing: it is drawn (here: the stand-in refuses).
    changed = dict(spec)
    changed["description"] = "Endret"
    charts._svg.cache_clear()
    with pytest.raises(ValueError, match="drew a chart"):
        charts.svg(changed)
