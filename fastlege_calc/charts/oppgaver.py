"""The charts of book/oppgaver.md: the GP's working week, and the normal week drawn over working hours."""

from __future__ import annotations

import altair as alt

from fastlege_calc import fmt, hours
from fastlege_calc.charts.parts import finish, label_colours, reference_line
from fastlege_calc.charts.registry import chart
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.theme import PALETTE, TEXT
from fastlege_calc.figures import figure, figure_year
from fastlege_calc.labels import labels_nb


def normal_week_line() -> alt.LayerChart:
    """A dashed vertical line at the normal working week (hours on the x axis), labelled at the top.

    Also drawn over the working hours in book/under-press.md.
    """
    normal = hours.normal_week_hours()
    return reference_line(
        normal,
        f"Normal arbeidsuke: {fmt.hours(normal)}",
        PALETTE["grey"],
        field="hours_per_week",
        axis="x",
        text_colour=TEXT,
    )


@chart("fig-arbeidsuke", chapter="book/oppgaver")
def working_week() -> ChartFigure:
    """One stacked bar: the mean GP week in 2018 split into time with patients, other practice and other work."""
    part_labels = labels_nb("week_part")
    table = hours.working_week_parts()
    table["label"] = table.part.map(part_labels)
    table["order"] = range(len(table))
    table["text"] = table.hours_per_week.map(fmt.hours)
    table["row"] = "Gjennomsnittlig uke"
    source_ids = [
        hours.row("all", "total", "mean").source_id,
        hours.row("all", "regular_practice", "mean").source_id,
        figure("face_to_face_share").source_id,
        figure("normal_week_hours").source_id,
    ]
    base = alt.Chart(table).encode(
        y=alt.Y("row:N", title=None, axis=None),
        x=alt.X("sum(hours_per_week):Q", title="Timer per uke", stack="zero", scale=alt.Scale(domain=[0, 60])),
        order=alt.Order("order:Q"),
    )
    bars = base.mark_bar(size=50).encode(
        color=label_colours(part_labels.values(), [PALETTE["blue"], PALETTE["sky"], PALETTE["orange"]]),
        tooltip=[
            alt.Tooltip("label:N", title="Del av uken"),
            alt.Tooltip("hours_per_week:Q", title="Timer per uke", format=",.1f"),
        ],
    )
    labels = (
        alt.Chart(table.assign(end=table.hours_per_week.cumsum()))
        .mark_text(align="right", dx=-6, color="white", fontWeight="bold")
        .encode(x="end:Q", y=alt.Y("row:N", axis=None), text="text:N")
    )
    parts = dict(zip(table.part, table.hours_per_week, strict=False))
    alt_text = (
        f"Liggende stolpe som deler fastlegenes gjennomsnittlige arbeidsuke i "
        f"{fmt.year(figure_year('survey_gps_invited'))} i tre: "
        f"{fmt.hours(parts['face_to_face'])} ansikt til ansikt med pasienter, "
        f"{fmt.hours(parts['other_regular_practice'])} annet arbeid i ordinær praksis og "
        f"{fmt.hours(parts['other_work'])} legevakt, kommunale oppgaver og annet legearbeid. "
        f"En stiplet linje viser en normal arbeidsuke på {fmt.hours(hours.normal_week_hours())}."
    )
    return finish(bars + labels + normal_week_line(), height=110, sources=source_ids, alt_text=alt_text)
