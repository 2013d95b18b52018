"""The charts of book/tiltak.md: GPs needed for every listed patient against the average list length."""

from __future__ import annotations

import datetime as dt

import altair as alt

from fastlege_calc import capacity, fmt, phrases, register
from fastlege_calc.charts.parts import finish, reference_line
from fastlege_calc.charts.registry import chart
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.theme import PALETTE, TEXT


@chart("fig-tiltak-legebehov", chapter="book/tiltak")
def gps_needed_by_list_length(
    period_end: dt.date | None = None, list_lengths_patients: range | None = None
) -> ChartFigure:
    """Line: GPs needed for every listed patient against average list length, with today's GPs as a rule.

    By default the latest register period and list lengths from 700 to 1 200 patients in steps of 25.
    """
    row = register.at(period_end) if period_end else register.latest()
    period_end = row.period_end
    lengths = list(list_lengths_patients or range(700, 1201, 25))
    table = capacity.gps_needed_by_list_length(period_end, lengths)
    gps_now = int(table.gps_now.iloc[0])
    line = (
        alt.Chart(table)
        .mark_line(color=PALETTE["blue"], point=alt.OverlayMarkDef(color=PALETTE["blue"], size=30))
        .encode(
            x=alt.X(
                "avg_list_length_patients:Q",
                title="Gjennomsnittlig listelengde (pasienter)",
                scale=alt.Scale(domain=[lengths[0], lengths[-1]]),
            ),
            y=alt.Y("gps_needed:Q", title="Fastleger som trengs", scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("avg_list_length_patients:Q", title="Listelengde", format=",.0f"),
                alt.Tooltip("gps_needed:Q", title="Fastleger som trengs", format=",.0f"),
                alt.Tooltip("additional:Q", title="Flere (+) eller færre (−) enn i registeret", format=",.0f"),
            ],
        )
    )
    today = reference_line(
        gps_now,
        f"Fastleger {phrases.at_period_end_text(period_end)}: {fmt.number(gps_now)}",
        PALETTE["grey"],
        field="gps_now",
        label_at="end",
        text_colour=TEXT,
        stroke_width=None,
    )
    at = {n: int(table.set_index("avg_list_length_patients").loc[n, "gps_needed"]) for n in (lengths[0], lengths[-1])}
    alt_text = (
        f"Linjediagram over hvor mange fastleger som trengs for at alle "
        f"{fmt.number(row.listed_patients)} listeinnbyggere skal ha en lege, etter gjennomsnittlig "
        f"listelengde. Med {fmt.number(lengths[-1])} pasienter per liste trengs {fmt.number(at[lengths[-1]])} leger, "
        f"med {fmt.number(lengths[0])} trengs {fmt.number(at[lengths[0]])}. "
        f"Det var {fmt.number(gps_now)} fastleger {phrases.at_period_end_text(period_end)}."
    )
    return finish(line + today, height=300, sources=register.source_ids((row,)), alt_text=alt_text)
