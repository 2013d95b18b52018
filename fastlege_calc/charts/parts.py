"""Drawing parts every chart module uses: the source line, a labelled reference line, bar labels, finishing.

The colours and fonts are the theme's (`fastlege_calc.charts.theme`); these parts only place things.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Literal

import altair as alt
import pandas as pd

from fastlege_calc import fmt, phrases
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.sources import source_line

SOURCE_LINE_CHARS = 95  # wrap the source line under a chart at this many characters
HEADROOM = 1.1  # room above the tallest bar for its value label, as a factor of the axis maximum
REFERENCE_DASH = [6, 4]  # a reference line's dash and gap, pixels
REFERENCE_WIDTH_PX = 2  # a reference line's stroke width


def source_title(source_ids: Iterable[str]) -> alt.TitleParams:
    """The source line under a chart ("Kilde: …", wrapped), in the chart itself so web and PDF show the same."""
    return alt.TitleParams(
        text=textwrap.wrap(source_line(list(source_ids)), SOURCE_LINE_CHARS),
        orient="bottom",
        anchor="start",
        fontSize=11,
        fontWeight="normal",
        dy=8,
    )


def reference_line(
    value: float,
    text: str,
    colour: str,
    *,
    field: str,
    axis: Literal["x", "y"] = "y",
    label_at: Literal["start", "end"] = "start",
    text_colour: str | None = None,
    stroke_width: float | None = REFERENCE_WIDTH_PX,
    **label,
) -> alt.LayerChart:
    """A dashed line at `value` (in the unit of the chart's `axis`), labelled `text`, to layer over a chart.

    `field` names the value's column (the one the chart's axis shows, or its own); the label sits at the
    top of a vertical line (axis "x"), at the left ("start") or right ("end") of a horizontal one. The label
    is drawn in `text_colour` (default: the line's colour); `label` adjusts its text mark (e.g. `dy=-6`).
    `stroke_width` is in pixels; None leaves Vega's default of 1 pixel. Returns the line and its label.
    """
    base = alt.Chart(pd.DataFrame([{field: value, "text": text}])).encode(**{axis: f"{field}:Q"})
    rule = base.mark_rule(
        color=colour, strokeDash=REFERENCE_DASH, **({"strokeWidth": stroke_width} if stroke_width else {})
    )
    mark = {"baseline": "bottom", "dy": -4, "color": text_colour or colour}
    if axis == "x":
        mark |= {"align": "left", "dx": 4}
        encoding = {"y": alt.value(0)}
    else:
        mark |= {"align": "left", "x": 4} if label_at == "start" else {"align": "right", "x": "width"}
        encoding = {}
    return rule + base.mark_text(**(mark | label)).encode(text="text:N", **encoding)


def bar_labels(base: alt.Chart, field: str = "text", **mark) -> alt.Chart:
    """Value labels beside bars, from a preformatted text column (`mark`: placement, e.g. `dy=-4`)."""
    return base.mark_text(**mark).encode(text=f"{field}:N")


def labelled_columns(
    table: pd.DataFrame, *, x: alt.X, y: str, title: str, colour: str, tooltip: list, top: float | None = None
) -> alt.LayerChart:
    """Vertical bars of the column `y` with each value (the table's preformatted `text`) above its bar.

    The y axis, titled `title`, reaches HEADROOM above the tallest bar, or above `top` when that is higher
    (a reference line drawn over the bars).
    """
    highest = max(table[y].max(), top) if top is not None else table[y].max()
    base = alt.Chart(table).encode(x=x, y=alt.Y(f"{y}:Q", title=title, scale=alt.Scale(domainMax=highest * HEADROOM)))
    return base.mark_bar(color=colour).encode(tooltip=tooltip) + bar_labels(base, dy=-4, baseline="bottom")


def label_colours(
    labels: Iterable[str], colours: list[str], *, field: str = "label", title: str | None = None
) -> alt.Color:
    """Colour by a column of Norwegian labels, one colour each, legend and colours in the order of `labels`."""
    order = list(labels)
    return alt.Color(f"{field}:N", title=title, sort=order, scale=alt.Scale(domain=order, range=colours))


def finish(chart: alt.TopLevelMixin, *, height: int, sources: Iterable[str], alt_text: str) -> ChartFigure:
    """The finished figure: the chart as wide as its container, `height` pixels high, its source line under it.

    `sources` are source ids (data/sources.csv), repeats allowed: each is named once, in first-seen order.
    """
    unique = list(dict.fromkeys(sources))
    return ChartFigure(chart.properties(width="container", height=height, title=source_title(unique)), alt_text, unique)


def register_course(table: pd.DataFrame, column: str, subject: str) -> str:
    """How a register column went, in the words of the chapter's sentence (fastlege_calc.phrases.course).

    `table` has one row per register period, oldest first, with `period_end` (a date) and `column`
    (a count); `subject` starts the sentence ('Tallet'). The charts of the register and of the
    municipalities describe the register with it, as the chapters do.
    """
    points = [
        phrases.Point(int(value), fmt.number(value), phrases.at_period_end_text(period_end), index)
        for index, (period_end, value) in enumerate(zip(table.period_end, table[column], strict=True))
    ]
    return phrases.course(subject, points)
