"""The charts of book/under-press.md: GPs' working hours, and patients and lists without a GP."""

from __future__ import annotations

import altair as alt
import pandas as pd

from fastlege_calc import capacity, fmt, hours, units
from fastlege_calc.charts.oppgaver import normal_week_line
from fastlege_calc.charts.parts import (
    bar_labels,
    finish,
    label_colours,
    labelled_columns,
    reference_line,
    register_course,
)
from fastlege_calc.charts.registry import chart
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.theme import PALETTE
from fastlege_calc.figures import figure, figure_year
from fastlege_calc.labels import labels_nb


@chart("fig-arbeidstid", chapter="book/under-press")
def working_hours_distribution() -> ChartFigure:
    """Horizontal bars: weekly hours of GPs in 2018 by statistic, against a normal week of 37,5 hours."""
    kind_labels = labels_nb("hours_kind")
    table = hours.distribution()
    table["kind"] = table.kind.map(kind_labels)
    table["label"] = table.statistic.map(labels_nb("hours_statistic"))
    # each row's hours as its source gives them (the note's whole hours stay whole: 62 timer)
    table["text"] = [
        units.text(h, "hours_per_week", None if pd.isna(d) else int(d), stored=True)
        for h, d in zip(table.hours_per_week, table.decimals, strict=True)
    ]
    table["row"] = table.label + table.official.map({True: "", False: " (notatet)"})
    table["description"] = table.statistic.map(labels_nb("hours_statistic_description"))
    table = table.drop(columns="decimals")
    base = alt.Chart(table).encode(
        y=alt.Y("row:N", title=None, sort=list(table.row), axis=alt.Axis(labelLimit=320)),
        x=alt.X(
            "hours_per_week:Q", title="Timer per uke", scale=alt.Scale(domainMax=table.hours_per_week.max() * 1.15)
        ),
    )
    bars = base.mark_bar().encode(
        color=label_colours(kind_labels.values(), [PALETTE["blue"], PALETTE["vermillion"]], field="kind"),
        tooltip=[
            alt.Tooltip("description:N", title="Mål"),
            alt.Tooltip("hours_per_week:Q", title="Timer per uke", format=",.1~f"),
            alt.Tooltip("kind:N", title="Kilde"),
        ],
    )
    labels = bar_labels(base, align="left", dx=4)
    normal = hours.normal_week_hours()
    mean = hours.hours_per_week("all", "total", "mean")
    alt_text = (
        f"Liggende stolper over fastlegenes samlede arbeidstid per uke i tidsbruksundersøkelsen fra "
        f"{fmt.year(figure_year('survey_gps_invited'))}. "
        f"Gjennomsnittet var {fmt.hours(mean)}, medianen {fmt.hours(hours.hours_per_week('all', 'total', 'median'))}, "
        f"og en firedel jobbet mer enn {fmt.hours(hours.hours_per_week('all', 'total', 'p75'))}. Ifølge notatet "
        f"jobbet en tidel mer enn {fmt.hours(hours.hours_per_week('all', 'total', 'p90'), 0)}, et tall fra "
        "Helsedirektoratets og NKLMs rapport fra undersøkelsen som ikke står i de to tidsskriftartiklene. "
        f"En stiplet linje viser en normal arbeidsuke på {fmt.hours(normal)}."
    )
    return finish(
        bars + labels + normal_week_line(),
        height=220,
        sources=[*table.source_id, figure("normal_week_hours").source_id],
        alt_text=alt_text,
    )


def _periods(table: pd.DataFrame) -> alt.X:
    """The register's periods along the x axis, oldest first, labels upright."""
    return alt.X("period:N", title=None, sort=list(table.period), axis=alt.Axis(labelAngle=0))


@chart("fig-uten-fastlege", chapter="book/under-press")
def patients_without_gp() -> ChartFigure:
    """Bars: listed patients on lists without a GP by register period, with the source text's 'more than 250 000'."""
    table = capacity.without_gp()
    table["period"] = table.period_end.map(fmt.year_or_date)
    table["text"] = table.patients_without_gp.map(fmt.number)
    course = register_course(table, "patients_without_gp", "Tallet")
    table = table.drop(columns=["period_end", "patients_with_gp", "lists_without_gp"])
    text_figure = figure("patients_without_gp_text")
    columns = labelled_columns(
        table,
        x=_periods(table),
        y="patients_without_gp",
        title="Listeinnbyggere uten fastlege",
        colour=PALETTE["blue"],
        tooltip=[
            alt.Tooltip("period:N", title="Tidspunkt"),
            alt.Tooltip("patients_without_gp:Q", title="Uten fastlege", format=",.0f"),
            alt.Tooltip("share_without_gp:Q", title="Andel av listeinnbyggerne", format=".1%"),
        ],
        top=text_figure.value,
    )
    claim = reference_line(
        text_figure.value,
        f"Thorsen mfl.: flere enn {fmt.number(text_figure.value)}",
        PALETTE["vermillion"],
        field="patients",
        dy=-6,
    )
    above = "som ligger over alle registertallene" if text_figure.value > table.patients_without_gp.max() else ""
    claim_text = f"tallet i debattinnlegget av Thorsen mfl., «flere enn {fmt.number(text_figure.value)}»"
    claim_text += f", {above}" if above else ""
    alt_text = (
        f"Stolpediagram over listeinnbyggere uten fastlege i fastlegeregisteret. {course}. "
        f"En stiplet linje viser {claim_text}."
    )
    return finish(columns + claim, height=280, sources=[*table.source_id, text_figure.source_id], alt_text=alt_text)


@chart("fig-lister-uten-fastlege", chapter="book/under-press")
def lists_without_gp() -> ChartFigure:
    """Bars: fastlegelister without a GP by register period."""
    table = capacity.without_gp()
    table["period"] = table.period_end.map(fmt.year_or_date)
    table["text"] = table.lists_without_gp.map(fmt.number)
    course = register_course(table, "lists_without_gp", "Antallet")
    table = table[["period", "lists_without_gp", "text", "source_id"]]
    columns = labelled_columns(
        table,
        x=_periods(table),
        y="lists_without_gp",
        title="Fastlegelister uten fastlege",
        colour=PALETTE["green"],
        tooltip=[
            alt.Tooltip("period:N", title="Tidspunkt"),
            alt.Tooltip("lists_without_gp:Q", title="Lister uten fastlege", format=",.0f"),
        ],
    )
    alt_text = f"Stolpediagram over fastlegelister uten fastlege. {course}."
    return finish(columns, height=240, sources=table.source_id, alt_text=alt_text)
