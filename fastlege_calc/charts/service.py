"""Charts for the chapters on the service and the strain on it (chapters 2–4), in the book's theme."""

from __future__ import annotations

import altair as alt
import pandas as pd

from fastlege_calc import capacity, fmt, hours, income, units
from fastlege_calc import consultations as consultation_counts
from fastlege_calc.charts.builders import _source_title
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.theme import PALETTE, TEXT
from fastlege_calc.figures import figure
from fastlege_calc.labels import labels_nb
from fastlege_calc.sources import table_sources

HEADROOM = 1.1  # room above the tallest bar for its value label


def _bar_labels(base: alt.Chart, field: str, **mark) -> alt.Chart:
    """Value labels beside bars, from a preformatted text column."""
    return base.mark_text(**mark).encode(text=f"{field}:N")


def _normal_week_rule() -> alt.LayerChart:
    """A dashed vertical rule at the normal working week (hours on the x axis), labelled at the top."""
    normal = hours.normal_week_hours()
    frame = pd.DataFrame([{"hours_per_week": normal, "text": f"Normal arbeidsuke: {fmt.hours(normal)}"}])
    base = alt.Chart(frame).encode(x=alt.X("hours_per_week:Q"))
    rule = base.mark_rule(color=PALETTE["grey"], strokeDash=[6, 4], strokeWidth=2)
    label = base.mark_text(align="left", dx=4, dy=-4, color=TEXT, baseline="bottom").encode(
        text="text:N", y=alt.value(0)
    )
    return rule + label


def consultations() -> ChartFigure:
    """Bars: official counts of GP consultations a year (millions), with the source text's 'about 15 million'."""
    table = consultation_counts.consultations()
    table["million"] = table.consultations / 1_000_000
    table["text"] = table.consultations.map(fmt.number)
    table["label"] = table.year.astype(str) + ": " + table.text + " (" + table.counted_as + ")"
    text_figure = figure("consultations_per_year_text")
    source_ids = list(dict.fromkeys([*table.source_id, text_figure.source_id]))
    base = alt.Chart(table, title=_source_title(source_ids)).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("million:Q", title="Konsultasjoner i året, millioner", scale=alt.Scale(domainMin=0)),
    )
    bars = base.mark_bar(size=80).encode(
        color=alt.Color(
            "label:N",
            title=None,
            scale=alt.Scale(range=[PALETTE["blue"], PALETTE["sky"]]),
        ),
        tooltip=[
            alt.Tooltip("year:O", title="År"),
            alt.Tooltip("counted_as:N", title="Telling"),
            alt.Tooltip("consultations:Q", title="Konsultasjoner", format=",.0f"),
        ],
    )
    rule_frame = pd.DataFrame(
        [{"million": text_figure.value / 1_000_000, "text": f"Notatet: ca. {fmt.number(text_figure.value)}"}]
    )
    rule_base = alt.Chart(rule_frame).encode(y="million:Q")
    rule = rule_base.mark_rule(color=PALETTE["vermillion"], strokeDash=[6, 4], strokeWidth=2)
    rule_label = rule_base.mark_text(align="left", x=4, dy=-4, baseline="bottom", color=PALETTE["vermillion"]).encode(
        text="text:N"
    )
    first, last = table.iloc[0], table.iloc[-1]
    alt_text = (
        f"Stolpediagram over antall konsultasjoner hos fastlege i året. Helsedirektoratet talte "
        f"{fmt.number(first.consultations)} konsultasjoner i {first.year}, og SSB talte "
        f"{fmt.number(last.consultations)} konsultasjoner hos allmennlege i {last.year}. En stiplet linje viser "
        f"notatets anslag på om lag {fmt.number(text_figure.value)} konsultasjoner i året. De to tellingene er "
        "gjort på ulike måter og kan ikke sammenlignes direkte."
    )
    chart = (bars + rule + rule_label).properties(width="container", height=280)
    return ChartFigure(chart, alt_text, source_ids)


def cost_per_inhabitant() -> ChartFigure:
    """Bars: the scheme's cost per inhabitant by year, kr in current prices."""
    table = income.cost_per_inhabitant()[["year", "nok_per_inhabitant"]].copy()
    table["text"] = table.nok_per_inhabitant.map(fmt.nok)
    source_ids = list(table_sources("cost_per_inhabitant"))
    base = alt.Chart(table, title=_source_title(source_ids)).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "nok_per_inhabitant:Q",
            title="Kroner per innbygger (løpende priser)",
            scale=alt.Scale(domainMax=table.nok_per_inhabitant.max() * HEADROOM),
        ),
    )
    bars = base.mark_bar(color=PALETTE["blue"]).encode(
        tooltip=[
            alt.Tooltip("year:O", title="År"),
            alt.Tooltip("nok_per_inhabitant:Q", title="Kroner per innbygger", format=",.0f"),
        ]
    )
    labels = _bar_labels(base, "text", dy=-4, baseline="bottom")
    first, last = int(table.year.iloc[0]), int(table.year.iloc[-1])
    alt_text = (
        f"Stolpediagram over fastlegeordningens kostnad per innbygger i løpende priser fra {first} til {last}. "
        f"Kostnaden steg hvert år, fra {fmt.nok(income.cost_per_inhabitant_nok(first))} i {first} til "
        f"{fmt.nok(income.cost_per_inhabitant_nok(last))} i {last}, en økning på "
        f"{fmt.percent(income.cost_per_inhabitant_growth_share(first, last))}."
    )
    return ChartFigure((bars + labels).properties(width="container", height=280), alt_text, source_ids)


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
    source_ids = list(dict.fromkeys([*table.source_id, figure("normal_week_hours").source_id]))
    base = alt.Chart(table, title=_source_title(source_ids)).encode(
        y=alt.Y("row:N", title=None, sort=list(table.row), axis=alt.Axis(labelLimit=320)),
        x=alt.X(
            "hours_per_week:Q", title="Timer per uke", scale=alt.Scale(domainMax=table.hours_per_week.max() * 1.15)
        ),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "kind:N",
            title=None,
            sort=list(kind_labels.values()),
            scale=alt.Scale(domain=list(kind_labels.values()), range=[PALETTE["blue"], PALETTE["vermillion"]]),
        ),
        tooltip=[
            alt.Tooltip("description:N", title="Mål"),
            alt.Tooltip("hours_per_week:Q", title="Timer per uke", format=",.1~f"),
            alt.Tooltip("kind:N", title="Kilde"),
        ],
    )
    labels = _bar_labels(base, "text", align="left", dx=4)
    chart = (bars + labels + _normal_week_rule()).properties(width="container", height=220)
    normal = hours.normal_week_hours()
    mean = hours.hours_per_week("all", "total", "mean")
    alt_text = (
        f"Liggende stolper over fastlegenes samlede arbeidstid per uke i tidsbruksundersøkelsen fra 2018. "
        f"Gjennomsnittet var {fmt.hours(mean)}, medianen {fmt.hours(hours.hours_per_week('all', 'total', 'median'))}, "
        f"og en firedel jobbet mer enn {fmt.hours(hours.hours_per_week('all', 'total', 'p75'))}. Ifølge notatet "
        f"jobbet en tidel mer enn {fmt.hours(hours.hours_per_week('all', 'total', 'p90'), 0)}, et tall som ikke "
        f"står i de publiserte artiklene. En stiplet linje viser en normal arbeidsuke på {fmt.hours(normal)}."
    )
    return ChartFigure(chart, alt_text, source_ids)


def working_week() -> ChartFigure:
    """One stacked bar: the mean GP week in 2018 split into time with patients, other practice and other work."""
    part_labels = labels_nb("week_part")
    table = hours.working_week_parts()
    table["label"] = table.part.map(part_labels)
    table["order"] = range(len(table))
    table["text"] = table.hours_per_week.map(fmt.hours)
    table["row"] = "Gjennomsnittlig uke"
    hours_rows = [hours.row("all", "total", "mean").source_id, hours.row("all", "regular_practice", "mean").source_id]
    source_ids = list(
        dict.fromkeys([*hours_rows, figure("face_to_face_share").source_id, figure("normal_week_hours").source_id])
    )
    base = alt.Chart(table, title=_source_title(source_ids)).encode(
        y=alt.Y("row:N", title=None, axis=None),
        x=alt.X("sum(hours_per_week):Q", title="Timer per uke", stack="zero", scale=alt.Scale(domain=[0, 60])),
        order=alt.Order("order:Q"),
    )
    bars = base.mark_bar(size=50).encode(
        color=alt.Color(
            "label:N",
            title=None,
            sort=list(part_labels.values()),
            scale=alt.Scale(
                domain=list(part_labels.values()), range=[PALETTE["blue"], PALETTE["sky"], PALETTE["orange"]]
            ),
        ),
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
    chart = (bars + labels + _normal_week_rule()).properties(width="container", height=110)
    parts = dict(zip(table.part, table.hours_per_week, strict=False))
    alt_text = (
        f"Liggende stolpe som deler fastlegenes gjennomsnittlige arbeidsuke i 2018 i tre: "
        f"{fmt.hours(parts['face_to_face'])} ansikt til ansikt med pasienter, "
        f"{fmt.hours(parts['other_regular_practice'])} annet arbeid i ordinær praksis og "
        f"{fmt.hours(parts['other_work'])} legevakt, kommunale oppgaver og annet legearbeid. "
        f"En stiplet linje viser en normal arbeidsuke på {fmt.hours(hours.normal_week_hours())}."
    )
    return ChartFigure(chart, alt_text, source_ids)


def patients_without_gp() -> ChartFigure:
    """Bars: listed patients on lists without a GP by register period, with the source text's 'more than 250 000'."""
    table = capacity.without_gp()
    table["period"] = table.period_end.map(fmt.month_year)
    table["text"] = table.patients_without_gp.map(fmt.number)
    table = table.drop(columns=["period_end", "patients_with_gp", "lists_without_gp"])
    text_figure = figure("patients_without_gp_text")
    source_ids = list(dict.fromkeys([*table.source_id, text_figure.source_id]))
    base = alt.Chart(table, title=_source_title(source_ids)).encode(
        x=alt.X("period:N", title=None, sort=list(table.period), axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "patients_without_gp:Q",
            title="Listeinnbyggere uten fastlege",
            scale=alt.Scale(domainMax=max(table.patients_without_gp.max(), text_figure.value) * HEADROOM),
        ),
    )
    bars = base.mark_bar(color=PALETTE["blue"]).encode(
        tooltip=[
            alt.Tooltip("period:N", title="Tidspunkt"),
            alt.Tooltip("patients_without_gp:Q", title="Uten fastlege", format=",.0f"),
            alt.Tooltip("share_without_gp:Q", title="Andel av listeinnbyggerne", format=".1%"),
        ]
    )
    labels = _bar_labels(base, "text", dy=-4, baseline="bottom")
    rule_frame = pd.DataFrame(
        [{"patients": text_figure.value, "text": f"Tidsskriftet: flere enn {fmt.number(text_figure.value)}"}]
    )
    rule_base = alt.Chart(rule_frame).encode(y="patients:Q")
    rule = rule_base.mark_rule(color=PALETTE["vermillion"], strokeDash=[6, 4], strokeWidth=2)
    rule_label = rule_base.mark_text(align="left", x=4, dy=-6, baseline="bottom", color=PALETTE["vermillion"]).encode(
        text="text:N"
    )
    first, last, peak = table.iloc[0], table.iloc[-1], table.loc[table.patients_without_gp.idxmax()]
    alt_text = (
        f"Stolpediagram over listeinnbyggere uten fastlege i fastlegeregisteret. Tallet steg fra "
        f"{fmt.number(first.patients_without_gp)} i {first.period} til {fmt.number(peak.patients_without_gp)} i "
        f"{peak.period} og var {fmt.number(last.patients_without_gp)} i {last.period}. En stiplet linje viser "
        f"Tidsskriftets «flere enn {fmt.number(text_figure.value)}», som ligger over alle registertallene."
    )
    chart = (bars + labels + rule + rule_label).properties(width="container", height=280)
    return ChartFigure(chart, alt_text, source_ids)


def lists_without_gp() -> ChartFigure:
    """Bars: fastlegelister without a GP by register period."""
    table = capacity.without_gp()
    table["period"] = table.period_end.map(fmt.month_year)
    table["text"] = table.lists_without_gp.map(fmt.number)
    table = table[["period", "lists_without_gp", "text", "source_id"]]
    source_ids = list(dict.fromkeys(table.source_id))
    base = alt.Chart(table, title=_source_title(source_ids)).encode(
        x=alt.X("period:N", title=None, sort=list(table.period), axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "lists_without_gp:Q",
            title="Fastlegelister uten fast lege",
            scale=alt.Scale(domainMax=table.lists_without_gp.max() * HEADROOM),
        ),
    )
    bars = base.mark_bar(color=PALETTE["green"]).encode(
        tooltip=[
            alt.Tooltip("period:N", title="Tidspunkt"),
            alt.Tooltip("lists_without_gp:Q", title="Lister uten fastlege", format=",.0f"),
        ]
    )
    labels = _bar_labels(base, "text", dy=-4, baseline="bottom")
    first, last, peak = table.iloc[0], table.iloc[-1], table.loc[table.lists_without_gp.idxmax()]
    alt_text = (
        f"Stolpediagram over fastlegelister uten fast lege. Antallet steg fra {fmt.number(first.lists_without_gp)} "
        f"i {first.period} til {fmt.number(peak.lists_without_gp)} i {peak.period} og var "
        f"{fmt.number(last.lists_without_gp)} i {last.period}."
    )
    return ChartFigure((bars + labels).properties(width="container", height=240), alt_text, source_ids)
