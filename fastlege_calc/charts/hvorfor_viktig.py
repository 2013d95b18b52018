"""The charts of book/hvorfor-viktig.md: consultations a year and the scheme's cost per inhabitant."""

from __future__ import annotations

import altair as alt

from fastlege_calc import consultations as consultation_counts
from fastlege_calc import cost_growth, fmt, income, phrases, units
from fastlege_calc.charts.parts import finish, labelled_columns, reference_line
from fastlege_calc.charts.registry import chart
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.theme import PALETTE
from fastlege_calc.figures import figure
from fastlege_calc.sources import table_sources


@chart("fig-konsultasjoner", chapter="book/hvorfor-viktig")
def consultations() -> ChartFigure:
    """Bars: official counts of GP consultations a year (millions), with the source text's 'about 15 million'."""
    table = consultation_counts.consultations()
    table["million"] = table.consultations / 1_000_000
    table["text"] = table.consultations.map(fmt.number)
    table["label"] = table.year.astype(str) + ": " + table.text + " (" + table.counted_as + ")"
    text_figure = figure("consultations_per_year_text")
    # the note's round figure as the prose writes it ('15 millioner', units.prose_text), not '15 000 000'
    estimate_text = units.prose_text(text_figure.value, text_figure.unit, rounded=text_figure.rounded)
    base = alt.Chart(table).encode(
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
    estimate = reference_line(
        text_figure.value / 1_000_000,
        f"Notatet: ca. {estimate_text}",
        PALETTE["vermillion"],
        field="million",
    )
    first, last = table.iloc[0], table.iloc[-1]
    alt_text = (
        f"Stolpediagram over antall konsultasjoner i året. Helsedirektoratet talte "
        f"{fmt.number(first.consultations)} konsultasjoner i fastlegeordningen i {first.year}, og SSB talte "
        f"{fmt.number(last.consultations)} konsultasjoner hos allmennlege i {last.year}. En stiplet linje viser "
        f"notatets anslag på om lag {estimate_text} konsultasjoner i året. De to tellingene er "
        "gjort på ulike måter og kan ikke sammenlignes direkte."
    )
    return finish(bars + estimate, height=280, sources=[*table.source_id, text_figure.source_id], alt_text=alt_text)


@chart("fig-kostnad-per-innbygger", chapter="book/hvorfor-viktig")
def cost_per_inhabitant() -> ChartFigure:
    """Bars: the scheme's cost per inhabitant by year, kr in current prices."""
    table = income.cost_per_inhabitant()[["year", "nok_per_inhabitant"]].copy()
    table["text"] = table.nok_per_inhabitant.map(fmt.nok)
    columns = labelled_columns(
        table,
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y="nok_per_inhabitant",
        title="Kroner per innbygger (løpende priser)",
        colour=PALETTE["blue"],
        tooltip=[
            alt.Tooltip("year:O", title="År"),
            alt.Tooltip("nok_per_inhabitant:Q", title="Kroner per innbygger", format=",.0f"),
        ],
    )
    first, last = int(table.year.iloc[0]), int(table.year.iloc[-1])
    points = [
        phrases.Point(
            income.cost_per_inhabitant_nok(year), fmt.nok(income.cost_per_inhabitant_nok(year)), f"i {year}", year
        )
        for year in (first, last)
    ]
    course = phrases.change("Kostnaden", *points)
    growth = cost_growth.nominal_growth_share(first, last)
    if growth:
        change = fmt.percent(abs(growth), cost_growth.GROWTH_DECIMALS)  # as the prose: cost_growth_nominal
        course += f", {'en økning' if growth > 0 else 'en nedgang'} på {change}"
    every_year = ". Den steg hvert år" if income.rose_every_year() and len(table) > 2 else ""
    alt_text = f"Stolpediagram over fastlegeordningens kostnad per innbygger i løpende priser. {course}{every_year}."
    return finish(columns, height=280, sources=table_sources("cost_per_inhabitant"), alt_text=alt_text)
