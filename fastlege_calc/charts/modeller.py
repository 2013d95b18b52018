"""The charts of book/modeller.md: lists held by self-employed and salaried GPs."""

from __future__ import annotations

import altair as alt

from fastlege_calc import fmt, phrases, register
from fastlege_calc.charts.parts import finish, label_colours
from fastlege_calc.charts.registry import chart
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.theme import PALETTE
from fastlege_calc.labels import labels_nb


def _point(row: register.RegisterRow, column: str) -> phrases.Point:
    """One register row's lists of a practice model as a point of a sentence."""
    count = getattr(row, column)
    return phrases.Point(count, fmt.number(count), phrases.at_period_end_text(row.period_end), row.line)


def _model_sentences(first: register.RegisterRow, last: register.RegisterRow) -> str:
    """The salaried and the self-employed lists from the first to the latest row, verbs from the rows."""
    salaried = phrases.change(
        "Lister med fastlønnet lege", _point(first, "lists_salaried"), _point(last, "lists_salaried")
    )
    self_employed = phrases.change(
        "Lister med næringsdrivende lege",
        _point(first, "lists_self_employed"),
        _point(last, "lists_self_employed"),
        same_time=True,
    )
    when = phrases.at_period_end_text(last.period_end)
    share = f"Fastlønnedes andel av listene var {fmt.percent(last.salaried_share, 1)} {when}"
    return f"{salaried}. {self_employed}. {share}."


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
    alt_text = "Stablede stolper over fastlegelister etter driftsform. " + _model_sentences(
        register.first(), register.latest()
    )
    return finish(bars, height=300, sources=register.source_ids(), alt_text=alt_text)
