"""The chart of book/etter-2022.md: a timeline of the events since 2022 (data/events.csv), one point per event."""

from __future__ import annotations

import altair as alt

from fastlege_calc import events, units
from fastlege_calc.charts.parts import finish, label_colours
from fastlege_calc.charts.registry import chart
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.theme import PALETTE
from fastlege_calc.labels import labels_nb

ROW_HEIGHT_PX = 24  # height of one event's row on the timeline
KIND_COLOURS = [PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"], PALETTE["purple"]]


@chart("fig-tidslinje", chapter="book/etter-2022")
def timeline() -> ChartFigure:
    """Points on a time axis, one row per event of data/events.csv in date order, coloured by kind of event.

    Each event sits at the first day its date covers (a year at 1 January); the tooltip and the table
    under the chart give the date as precisely as the data does ('2025', 'august 2023', '22. oktober 2025').
    """
    table = events.events_frame()
    kinds = labels_nb("event_kind")
    shown_kinds = [label for code, label in kinds.items() if code in set(table.kind)]
    table = table[["date", "when", "kind_label", "title", "what_plain", "source_id"]].copy()
    start, end = f"{table.date.min().year}-01-01", f"{table.date.max().year}-12-31"  # whole years on the axis
    table["date"] = [d.isoformat() for d in table.date]
    points = (
        alt.Chart(table)
        .mark_point(filled=True, size=110, opacity=1)
        .encode(
            x=alt.X(
                "date:T",
                title=None,
                scale=alt.Scale(domain=[start, end]),
                axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0),
            ),
            y=alt.Y("title:N", title=None, sort=list(table.title), axis=alt.Axis(labelLimit=300)),
            color=label_colours(
                shown_kinds, KIND_COLOURS[: len(shown_kinds)], field="kind_label", title="Slag hendelse"
            ),
            shape=alt.Shape(  # the same field, title and order as the colour: one legend shows both
                "kind_label:N", title="Slag hendelse", sort=shown_kinds, scale=alt.Scale(domain=shown_kinds)
            ),
            tooltip=[
                alt.Tooltip("when:N", title="Når"),
                alt.Tooltip("kind_label:N", title="Slag"),
                alt.Tooltip("what_plain:N", title="Hva skjedde"),
            ],
        )
    )
    first, last = events.events()[0], events.events()[-1]
    counts = table.kind_label.value_counts()
    parts = [f"{units.prose_text(int(counts[label]), 'count')} {label.lower()}" for label in shown_kinds]
    alt_text = (
        f"Tidslinje med {units.prose_text(len(table), 'count')} hendelser fra {first.when} til {last.when}, én rad per "
        f"hendelse i tidsrekkefølge, fargelagt etter slag: {', '.join(parts[:-1])} og {parts[-1]}. "
        f"Den første er «{first.title}», den siste «{last.title}». Tabellen under figuren gir hver hendelse."
    )
    return finish(points, height=ROW_HEIGHT_PX * len(table), sources=table.source_id, alt_text=alt_text)
