"""The charts of book/tromso.md: basistilskudd by list length with the Tromsø model, and its worked list cut."""

from __future__ import annotations

import datetime as dt

import altair as alt

from fastlege_calc import basistilskudd, fmt, tromso
from fastlege_calc.charts.finansiering import basistilskudd_by_list_length
from fastlege_calc.charts.parts import bar_labels, finish
from fastlege_calc.charts.registry import chart
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.theme import PALETTE
from fastlege_calc.figures import figure
from fastlege_calc.labels import label_nb, labels_nb


@chart("fig-tromso-listelengde", chapter="book/tromso")
def tromso_model_by_list_length() -> ChartFigure:
    """Lines: annual basistilskudd (kr) by list length, national rules and the Tromsø model, at the model's start."""
    return basistilskudd_by_list_length(on=tromso.start(), models=("national", "tromso"))


@chart("fig-tromso-kutt", chapter="book/tromso")
def tromso_list_cut(list_before_patients: int = 1000, on: dt.date | None = None) -> ChartFigure:
    """Bars: basistilskudd (kr per year) for a list before and after a 20 % cut, national rules and Tromsø model."""
    on = on or tromso.start()
    cut_labels = labels_nb("tromso_cut_case")
    table = tromso.cut_example(list_before_patients, on)
    table["label"] = [
        f"{cut_labels[c]}, {fmt.number(n)} pasienter"
        for c, n in zip(table.case, table.list_length_patients, strict=True)
    ]
    national, tromso_model = label_nb("basistilskudd_model", "national"), label_nb("basistilskudd_model", "tromso")
    table["model"] = [tromso_model if c == "after_tromso" else national for c in table.case]
    table["text"] = table.nok_per_year.map(fmt.nok)
    source_ids = [basistilskudd.rate_on(on).source_id] + [
        figure(k).source_id for k in ("tromso_increase_share", "tromso_kneepoint_patients", "tromso_list_cut_max_share")
    ]
    top = float(table.nok_per_year.max())
    base = alt.Chart(table).encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X(
            "nok_per_year:Q",
            title="Basistilskudd, kroner per år",
            scale=alt.Scale(domainMax=top * 1.25),
            axis=alt.Axis(tickCount=5),
        ),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "model:N",
            title=None,
            scale=alt.Scale(domain=[national, tromso_model], range=[PALETTE["blue"], PALETTE["vermillion"]]),
        ),
        tooltip=[
            alt.Tooltip("label:N", title=" "),
            alt.Tooltip("nok_per_year:Q", title="Kroner per år", format=",.0f"),
        ],
    )
    labels = bar_labels(base, align="left", dx=4)
    before, after_national, after_tromso = table.nok_per_year
    after = int(table.list_length_patients.iloc[1])
    alt_text = (
        f"Liggende stolper med satsene fra {fmt.date_long(on)}. "
        f"En lege med {fmt.number(list_before_patients)} pasienter "
        f"får {fmt.nok(before)} i basistilskudd i året. Kutter legen listen til {fmt.number(after)} pasienter, faller "
        f"tilskuddet til {fmt.nok(after_national)} med nasjonale satser, men øker til {fmt.nok(after_tromso)} med "
        f"Tromsø-modellen."
    )
    return finish(bars + labels, height=170, sources=source_ids, alt_text=alt_text)
