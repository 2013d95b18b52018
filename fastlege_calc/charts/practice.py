"""Charts for the chapters on practice models, the Tromsø model and the four measures."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from fastlege_calc import basistilskudd, capacity, fmt, register, tromso
from fastlege_calc.charts.builders import _source_title
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.theme import PALETTE, TEXT
from fastlege_calc.figures import figure
from fastlege_calc.labels import label_nb, labels_nb


def lists_by_model() -> ChartFigure:
    """Stacked bars: lists held by self-employed and salaried GPs, per period end (counts, with shares)."""
    model_labels = labels_nb("practice_model")
    table = register.lists_by_model()
    table["period"] = table.period_end.map(fmt.year_or_date)
    table["label"] = table.model.map(model_labels)
    table["order"] = table.model.map({m: i for i, m in enumerate(model_labels)})
    table = table.drop(columns="period_end")
    source_ids = list(register.source_ids())
    periods = list(dict.fromkeys(table.period))
    chart = (
        alt.Chart(table, title=_source_title(source_ids))
        .mark_bar()
        .encode(
            x=alt.X("period:O", title=None, sort=periods, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("lists:Q", title="Fastlegelister"),
            color=alt.Color(
                "label:N",
                title=None,
                sort=list(model_labels.values()),
                scale=alt.Scale(domain=list(model_labels.values()), range=[PALETTE["blue"], PALETTE["vermillion"]]),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("period:O", title="Tidspunkt"),
                alt.Tooltip("label:N", title="Driftsform"),
                alt.Tooltip("lists:Q", title="Lister", format=",.0f"),
                alt.Tooltip("share:Q", title="Andel av listene", format=".1%"),
            ],
        )
        .properties(width="container", height=300)
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
    return ChartFigure(chart, alt_text, source_ids)


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
    source_ids = list(
        dict.fromkeys(
            [basistilskudd.rate_on(on).source_id]
            + [
                figure(k).source_id
                for k in ("tromso_increase_share", "tromso_kneepoint_patients", "tromso_list_cut_max_share")
            ]
        )
    )
    top = float(table.nok_per_year.max())
    base = alt.Chart(table, title=_source_title(source_ids)).encode(
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
    labels = base.mark_text(align="left", dx=4).encode(text="text:N")
    before, after_national, after_tromso = table.nok_per_year
    after = int(table.list_length_patients.iloc[1])
    alt_text = (
        f"Liggende stolper med satsene fra {fmt.date_long(on)}. "
        f"En lege med {fmt.number(list_before_patients)} pasienter "
        f"får {fmt.nok(before)} i basistilskudd i året. Kutter legen listen til {fmt.number(after)} pasienter, faller "
        f"tilskuddet til {fmt.nok(after_national)} med nasjonale satser, men øker til {fmt.nok(after_tromso)} med "
        f"Tromsø-modellen."
    )
    return ChartFigure((bars + labels).properties(width="container", height=170), alt_text, source_ids)


def gps_needed_by_list_length(
    period_end: dt.date | None = None, list_lengths_patients: range | None = None
) -> ChartFigure:
    """Line: GPs needed for every listed patient against average list length, with today's GPs as a rule."""
    row = register.at(period_end) if period_end else register.latest()
    period_end = row.period_end
    lengths = list(list_lengths_patients or range(700, 1201, 25))
    table = capacity.gps_needed_by_list_length(period_end, lengths)
    gps_now = int(table.gps_now.iloc[0])
    source_ids = list(register.source_ids((row,)))
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
                alt.Tooltip("additional:Q", title="Flere enn i dag", format=",.0f"),
            ],
        )
    )
    rule_data = pd.DataFrame(
        [{"gps_now": gps_now, "text": f"Fastleger per {fmt.date_long(period_end)}: {fmt.number(gps_now)}"}]
    )
    rule = alt.Chart(rule_data).mark_rule(color=PALETTE["grey"], strokeDash=[6, 4]).encode(y="gps_now:Q")
    rule_text = (
        alt.Chart(rule_data)
        .mark_text(align="right", baseline="bottom", dy=-4, x="width", color=TEXT)
        .encode(y="gps_now:Q", text="text:N")
    )
    at = {n: int(table.set_index("avg_list_length_patients").loc[n, "gps_needed"]) for n in (lengths[0], lengths[-1])}
    alt_text = (
        f"Linjediagram over hvor mange fastleger som trengs for at alle "
        f"{fmt.number(row.listed_patients)} listeinnbyggere skal ha en lege, etter gjennomsnittlig "
        f"listelengde. Med {fmt.number(lengths[-1])} pasienter per liste trengs {fmt.number(at[lengths[-1]])} leger, "
        f"med {fmt.number(lengths[0])} trengs {fmt.number(at[lengths[0]])}. "
        f"Per {fmt.date_long(period_end)} var det {fmt.number(gps_now)} fastleger."
    )
    chart = (line + rule + rule_text).properties(width="container", height=300, title=_source_title(source_ids))
    return ChartFigure(chart, alt_text, source_ids)
