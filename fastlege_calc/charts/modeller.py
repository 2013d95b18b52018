"""The charts of book/modeller.md: lists held by self-employed and salaried GPs."""

from __future__ import annotations

import altair as alt

from fastlege_calc import fmt, register
from fastlege_calc.charts.parts import finish, label_colours
from fastlege_calc.charts.registry import chart
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.theme import PALETTE
from fastlege_calc.labels import labels_nb


@chart("fig-driftsform", chapter="book/modeller")
def lists_by_model() -> ChartFigure:
    """Stacked bars: lists held by self-employed and salaried GPs, per period end (counts, with shares)."""
    model_labels = labels_nb("practice_model")
    table = register.lists_by_model()
    table["period"] = table.period_end.map(fmt.year_or_date)
    table["label"] = table.model.map(model_labels)
    table["order"] = table.model.map({m: i for i, m in enumerate(model_labels)})
    table = table.drop(columns="period_end")
    periods = list(dict.fromkeys(table.period))
    bars = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X("period:O", title=None, sort=periods, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("lists:Q", title="Fastlegelister"),
            color=label_colours(model_labels.values(), [PALETTE["blue"], PALETTE["vermillion"]]),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("period:O", title="Tidspunkt"),
                alt.Tooltip("label:N", title="Driftsform"),
                alt.Tooltip("lists:Q", title="Lister", format=",.0f"),
                alt.Tooltip("share:Q", title="Andel av listene", format=".1%"),
            ],
        )
    )
    first, last = register.first(), register.latest()
    alt_text = (
        f"Stablede stolper over fastlegelister etter driftsform fra {fmt.year_or_date(first.period_end)} "
        f"til {fmt.year_or_date(last.period_end)}. "
        f"Fastlønnede leger hadde {fmt.number(first.lists_salaried)} lister "
        f"({fmt.percent(first.salaried_share, 1)}) ved utgangen av {first.period_end.year} og "
        f"{fmt.number(last.lists_salaried)} "
        f"({fmt.percent(last.salaried_share, 1)}) "
        f"per {fmt.date_long(last.period_end)}. Listene til næringsdrivende endret seg lite, fra "
        f"{fmt.number(first.lists_self_employed)} til "
        f"{fmt.number(last.lists_self_employed)}."
    )
    return finish(bars, height=300, sources=register.source_ids(), alt_text=alt_text)
