"""The charts of book/kommunene.md: the country from municipal sums, municipalities over time, the map, counties, size.

Every chart reads SSB table 12005 per municipality through `fastlege_calc.municipal` and
`fastlege_calc.municipal_compare` (comparable sets, thresholds, the worst year), and the map
Kartverket's boundaries through `fastlege_calc.geometry`.
"""

from __future__ import annotations

import datetime as dt
import itertools

import altair as alt
import pandas as pd

from fastlege_calc import capacity, fmt, geometry, municipal, municipal_compare, phrases, units
from fastlege_calc.charts.parts import bar_labels, finish, label_colours, register_course, source_title
from fastlege_calc.charts.registry import chart
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.theme import PALETTE

SSB = "ssb_12005"
KARTVERKET = "kartverket_2024"
#: The map's named data sets: the boundaries (TopoJSON) and one row per municipality (the finder reads it too).
MAP_TOPOLOGY = "kommuner_topo"
MAP_VALUES = "kommunetall"
#: The county borders (TopoJSON, the arcs two counties share), drawn over the municipalities.
MAP_BORDERS = "fylkesgrenser"
#: The map's colour classes, light to dark: ColorBrewer YlOrRd (sequential, colour-blind safe); grey for none.
MAP_COLOURS = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_FIGURES_COLOUR = "#bdbdbd"
NO_FIGURES = "Ingen tall"
#: One map's size in pixels (two side by side); Norway is about 1.6 times as tall as wide in this projection.
MAP_WIDTH_PX, MAP_HEIGHT_PX = 250, 400


def _pct(value_pct: float) -> str:
    """A percentage given 0–100, as text: 5 → '5 %', 12.3 → '12,3 %'."""
    return fmt.percent(value_pct / 100, 0 if float(value_pct).is_integer() else 1)


@chart("fig-kommuner-landet", chapter="book/kommunene")
def country_from_municipalities() -> ChartFigure:
    """Bars: listed patients without a GP, Helsedirektoratet's register periods and the latest municipal sum."""
    register = capacity.without_gp()
    hdir = pd.DataFrame(
        {
            "period": register.period_end.map(fmt.month_year),
            "patients_without_gp": register.patients_without_gp,
            "share": register.share_without_gp,
            "kind": "Helsedirektoratet, fastlegeregisteret",
            "source_id": register.source_id,
        }
    )
    sums = municipal.national_sums()
    year = municipal.latest_year()
    ssb = pd.DataFrame(
        [
            {
                "period": fmt.month_year(pd.Timestamp(year, 12, 31).date()),
                "patients_without_gp": sums["patients_without_gp"],
                "share": sums["patients_without_gp_pct"] / 100,
                "kind": "SSB, sum av kommunetall",
                "source_id": SSB,
            }
        ]
    )
    table = pd.concat([hdir, ssb], ignore_index=True)
    table["text"] = table.patients_without_gp.map(fmt.number)
    kinds = list(dict.fromkeys(table.kind))
    base = alt.Chart(table).encode(
        x=alt.X("period:N", title=None, sort=list(table.period), axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "patients_without_gp:Q",
            title="Listeinnbyggere uten fastlege",
            scale=alt.Scale(domainMax=float(table.patients_without_gp.max()) * 1.12),
        ),
    )
    bars = base.mark_bar().encode(
        color=label_colours(kinds, [PALETTE["blue"], PALETTE["orange"]], field="kind", title="Kilde"),
        tooltip=[
            alt.Tooltip("period:N", title="Tidspunkt"),
            alt.Tooltip("patients_without_gp:Q", title="Uten fastlege", format=",.0f"),
            alt.Tooltip("share:Q", title="Andel av listeinnbyggerne", format=".1%"),
            alt.Tooltip("kind:N", title="Kilde"),
        ],
    )
    course = register_course(register, "patients_without_gp", "Tallet i Helsedirektoratets register")
    alt_text = (
        f"Stolpediagram over listeinnbyggere uten fastlege. {course}. Den siste stolpen er summen av "
        f"SSBs tall for {fmt.number(sums['municipalities'])} kommuner "
        f"{phrases.at_period_end_text(dt.date(year, 12, 31))}: "
        f"{fmt.number(sums['patients_without_gp'])}, {fmt.percent(sums['patients_without_gp_pct'] / 100, 1)} av "
        f"listeinnbyggerne. De to kildene teller ikke helt likt."
    )
    return finish(
        bars + bar_labels(base, dy=-4, baseline="bottom"),
        height=260,
        sources=[*hdir.source_id, SSB],
        alt_text=alt_text,
    )


def threshold_label(threshold_pct: float) -> str:
    """'Over 10 %': the series of municipalities above a threshold."""
    return f"Over {_pct(threshold_pct)}"


@chart("fig-kommuner-over-terskel", chapter="book/kommunene")
def municipalities_above_thresholds() -> ChartFigure:
    """Lines: municipalities of the majority comparable set above 5, 10 and 20 % without a GP, by year."""
    span = municipal_compare.spans()["majority"]
    counts = municipal_compare.counts_above(span)
    table = counts.reset_index().melt(id_vars="year", var_name="threshold", value_name="municipalities")
    table["label"] = table.threshold.map(threshold_label)
    table["year"] = table.year.astype(str)
    labels = [threshold_label(t) for t in municipal_compare.THRESHOLDS_PCT]
    worst = municipal_compare.worst_year()
    lines = (
        alt.Chart(table)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("municipalities:Q", title=f"Kommuner av {fmt.number(span.size)}"),
            color=label_colours(labels, [PALETTE["sky"], PALETTE["blue"], PALETTE["vermillion"]], title=None),
            tooltip=[
                alt.Tooltip("year:O", title="År"),
                alt.Tooltip("label:N", title="Andel uten fastlege"),
                alt.Tooltip("municipalities:Q", title="Kommuner", format=",.0f"),
            ],
        )
    )
    mid = municipal_compare.WORST_YEAR_THRESHOLD_PCT
    at = counts[mid]
    alt_text = (
        f"Linjediagram over hvor mange av de {fmt.number(span.size)} kommunene med tall for hvert år "
        f"{span.first_year}–{span.last_year} som hadde mer enn {_pct(municipal_compare.THRESHOLDS_PCT[0])}, "
        f"{_pct(mid)} og {_pct(municipal_compare.THRESHOLDS_PCT[-1])} av listeinnbyggerne på lister uten lege. "
        f"Over {_pct(mid)}: {fmt.number(at[span.first_year])} i {span.first_year}, flest i {worst} med "
        f"{fmt.number(at[worst])}, og {fmt.number(at[span.last_year])} i {span.last_year}."
    )
    return finish(lines, height=240, sources=[SSB], alt_text=alt_text)


# --- the map -------------------------------------------------------------------------------------------------
def map_classes() -> list[str]:
    """The map's colour classes, in order: none, 0 %, over 0 to the first threshold, …, over the last."""
    limits = municipal_compare.THRESHOLDS_PCT
    steps = [f"Over 0 til {_pct(limits[0])}"] + [
        f"Over {fmt.number(a, 0 if float(a).is_integer() else 1)} til {_pct(b)}" for a, b in itertools.pairwise(limits)
    ]
    return [NO_FIGURES, "0 %", *steps, threshold_label(limits[-1])]


def _class_expression(field: str) -> str:
    """A Vega expression giving a share's (0–1) colour class, with the same 'strictly above' as the counts."""
    classes = map_classes()
    limits = [0.0] + [t / 100 for t in municipal_compare.THRESHOLDS_PCT]
    expr = repr(classes[-1])
    for limit, label in reversed(list(zip(limits, classes[1:-1], strict=True))):
        expr = f"datum.{field} <= {limit} ? {label!r} : ({expr})"
    return f"!isValid(datum.{field}) ? {NO_FIGURES!r} : ({expr})"


def map_values() -> pd.DataFrame:
    """One row per municipality (357): code, names, the share in every year (0–1) and the latest counts."""
    table = municipal_compare.map_table()
    names = {
        "kommunenummer": "kommunenummer",
        "kommunenavn": "kommune",
        "fylkesnavn_kort": "fylke",
        "listed_patients": "innbyggere",
        "patients_without_gp": "uten",
        "lists_without_gp": "lister",
        "open_lists": "apne",
        "agreements_with_gp": "avtaler",
        "avg_list_length_patients": "listelengde",
    }
    shares = {c: "a" + c.removeprefix("share_") for c in table.columns if c.startswith("share_")}
    return table.rename(columns={**names, **shares})


def map_table() -> pd.DataFrame:
    """The table under the map: every municipality with its share in the worst and the latest year and its counts."""
    values = map_values()
    worst, latest = municipal_compare.worst_year(), municipal.latest_year()
    return pd.DataFrame(
        {
            "Kommunenummer": values.kommunenummer,
            "Kommune": values.kommune,
            "Fylke": values.fylke,
            f"Andel uten fastlege {worst}": values[f"a{worst}"],
            f"Andel uten fastlege {latest}": values[f"a{latest}"],
            f"Listeinnbyggere {latest}": values.innbyggere,
            f"Uten fastlege {latest}": values.uten,
            f"Lister uten lege {latest}": values.lister,
            f"Gjennomsnittlig listelengde {latest}": values.listelengde,
        }
    )


def _map_panel(shapes: alt.NamedData, lookup: alt.LookupData, year_field: str, title, tooltip: list) -> alt.Chart:
    """One map of Norway by municipality, coloured by the class of the share in `year_field` (an expression)."""
    classes = map_classes()
    return (
        alt.Chart(shapes, title=title)
        .transform_lookup(lookup="properties.kommunenummer", from_=lookup)
        .transform_calculate(share=year_field)
        .transform_calculate(klasse=_class_expression("share"))
        .transform_calculate(andel="isValid(datum.share) ? format(datum.share, '.1%') : 'ingen tall'")
        .mark_geoshape(stroke="#6e6e6e", strokeWidth=0.2)
        .encode(
            color=alt.Color(
                "klasse:N",
                title="Andel uten fastlege",
                sort=classes,
                scale=alt.Scale(domain=classes, range=[NO_FIGURES_COLOUR, *MAP_COLOURS]),
                legend=alt.Legend(orient="right", direction="vertical", labelLimit=200),
            ),
            tooltip=tooltip,
        )
        .properties(width=MAP_WIDTH_PX, height=MAP_HEIGHT_PX)
    )


def map_topology() -> dict:
    """The municipal boundaries as the page carries them: the `kommuner` object with only kommunenummer.

    The names and counties travel once, in the map's rows (MAP_VALUES); the counties are drawn from
    `geometry.county_borders`. Arcs and quantization as in data/geo/.
    """
    topo = geometry.topology()
    shapes = topo["objects"]["kommuner"]
    geometries = [
        {**g, "properties": {"kommunenummer": g["properties"]["kommunenummer"]}} for g in shapes["geometries"]
    ]
    return {**topo, "objects": {"kommuner": {**shapes, "geometries": geometries}}}


def _county_borders() -> alt.Chart:
    """The borders between counties as lines, drawn over the municipalities (data: MAP_BORDERS)."""
    data = alt.NamedData(name=MAP_BORDERS, format=alt.DataFormat(type="topojson", feature="fylkesgrenser"))
    # One path of lines, no data a reader could ask about: left out of the accessibility tree (the chart's
    # text alternative names the county borders), so it is no image without a name.
    return alt.Chart(data).mark_geoshape(filled=False, stroke="#1a1a1a", strokeWidth=0.7, aria=False)


def map_alt_text() -> str:
    """The map's text alternative: what it shows and the pattern, computed from the data."""
    worst, latest = municipal_compare.worst_year(), municipal.latest_year()
    high = municipal_compare.THRESHOLDS_PCT[-1]
    mid = municipal_compare.WORST_YEAR_THRESHOLD_PCT
    total = len(municipal.municipalities())

    def pattern(year: int) -> str:
        values = municipal.year_table(year)[municipal.SHARE_WITHOUT_GP]
        counties = municipal_compare.counties_above(year, mid)
        top = ", ".join(f"{name} ({fmt.number(n)})" for name, n in counties.head(3).items())
        return (
            f"I {year} hadde {fmt.number(int((values > mid).sum()))} kommuner over {_pct(mid)}, "
            f"{fmt.number(int((values > high).sum()))} av dem over {_pct(high)}; flest slike kommuner lå i {top}. "
            f"Grå er {units.prose_text(int(values.isna().sum()), 'count')} kommuner uten tall for {year}."
        )

    return (
        f"To kart over Norges {fmt.number(total)} kommuner. Fargen viser andelen av listeinnbyggerne som sto på "
        f"en liste uten fastlege, fra lys gul for 0 % til mørk rød for over {_pct(high)}. Til venstre {worst}, "
        f"året da flest kommuner lå over {_pct(mid)}, til høyre {latest}. Tynne svarte linjer er fylkesgrensene. "
        f"{pattern(worst)} {pattern(latest)}"
    )


@chart("fig-kommunekart", chapter="book/kommunene")
def municipal_map() -> ChartFigure:
    """Two maps by municipality: the share without a GP in the worst year (any year on the website) and the latest."""
    worst, latest = municipal_compare.worst_year(), municipal.latest_year()
    values = map_values()
    years = [int(c[1:]) for c in values.columns if c.startswith("a") and c[1:].isdigit()]
    shapes = alt.NamedData(name=MAP_TOPOLOGY, format=alt.DataFormat(type="topojson", feature="kommuner"))
    fields = [c for c in values.columns if c != "kommunenummer"]
    lookup = alt.LookupData(alt.NamedData(name=MAP_VALUES), "kommunenummer", fields)
    year = alt.param(
        name="ar",
        value=worst,
        bind=alt.binding_select(options=years, name="Vis et annet år i kartet til venstre: "),
    )
    common = [alt.Tooltip("kommune:N", title="Kommune"), alt.Tooltip("fylke:N", title="Fylke")]
    chosen = _map_panel(
        shapes,
        lookup,
        "datum['a' + ar]",
        alt.Title(alt.ExprRef("'' + ar"), anchor="middle"),
        [*common, alt.Tooltip("ar:N", title="År"), alt.Tooltip("andel:N", title="Andel uten fastlege")],
    ).add_params(year)
    newest = _map_panel(
        shapes,
        lookup,
        f"datum.a{latest}",
        alt.Title(str(latest), anchor="middle"),
        [
            *common,
            alt.Tooltip("andel:N", title=f"Andel uten fastlege {latest}"),
            alt.Tooltip("uten:Q", title="Listeinnbyggere uten fastlege", format=",.0f"),
            alt.Tooltip("lister:Q", title="Lister uten lege", format=",.0f"),
            alt.Tooltip("listelengde:Q", title="Gjennomsnittlig listelengde", format=",.0f"),
        ],
    )
    borders = _county_borders()
    projection = {"type": "transverseMercator", "rotate": [-15, 0]}
    combined = (
        alt.hconcat((chosen + borders).project(**projection), (newest + borders).project(**projection), spacing=10)
        .resolve_scale(color="shared")
        .properties(title=source_title([SSB, KARTVERKET]))
    )
    table = map_table()
    formats = {c: ".1%" for c in table.columns if c.startswith("Andel")}
    formats |= {c: ",.0f" for c in table.columns[5:]}
    return ChartFigure(
        combined,
        map_alt_text(),
        [SSB, KARTVERKET],
        table=table,
        table_formats=formats,
        datasets={
            MAP_TOPOLOGY: map_topology(),
            MAP_BORDERS: geometry.county_borders(),
            MAP_VALUES: values.astype(object).where(values.notna(), None).to_dict("records"),
        },
        caption=f"Alle kommuner: andel av listeinnbyggerne på lister uten fastlege i {worst} og {latest}, og tall for "
        f"{latest}. Sorter ved å velge en kolonneoverskrift.",
        sortable=True,
    )


# --- counties and size ---------------------------------------------------------------------------------------
@chart("fig-fylker", chapter="book/kommunene")
def counties() -> ChartFigure:
    """Horizontal bars: the share of listed inhabitants without a GP by county, latest year, highest first."""
    table = municipal_compare.counties()
    latest = municipal.latest_year()
    table = pd.DataFrame(
        {
            "fylke": table.fylkesnavn_kort,
            "share": (table.patients_without_gp_pct / 100).astype(float),
            "uten": table.patients_without_gp.astype(int),
            "kommuner": table.municipalities.astype(int),
            "over": table[f"above_{municipal_compare.WORST_YEAR_THRESHOLD_PCT:g}"],
        }
    ).sort_values(["share", "fylke"], ascending=[False, True])
    table["text"] = [fmt.percent(s, 1) for s in table.share]
    base = alt.Chart(table).encode(
        y=alt.Y("fylke:N", title=None, sort=list(table.fylke)),
        x=alt.X(
            "share:Q",
            title=f"Andel av listeinnbyggerne uten fastlege, {latest}",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domainMax=float(table.share.max()) * 1.15),
        ),
    )
    mid = _pct(municipal_compare.WORST_YEAR_THRESHOLD_PCT)
    bars = base.mark_bar(color=PALETTE["blue"]).encode(
        tooltip=[
            alt.Tooltip("fylke:N", title="Fylke"),
            alt.Tooltip("share:Q", title="Andel uten fastlege", format=".1%"),
            alt.Tooltip("uten:Q", title="Listeinnbyggere uten fastlege", format=",.0f"),
            alt.Tooltip("kommuner:Q", title="Kommuner med tall", format=",.0f"),
            alt.Tooltip("over:Q", title=f"Kommuner over {mid}", format=",.0f"),
        ]
    )
    top, bottom = table.iloc[0], table.iloc[-1]
    alt_text = (
        f"Liggende stolper over andelen av listeinnbyggerne på lister uten fastlege i hvert fylke ved utgangen av "
        f"{latest}, summert fra kommunetallene. Høyest i {top.fylke} med {top.text}, lavest i {bottom.fylke} med "
        f"{bottom.text}. Landet samlet: {fmt.percent(municipal.national_sums()['patients_without_gp_pct'] / 100, 1)}."
    )
    return finish(bars + bar_labels(base, align="left", dx=4), height=330, sources=[SSB, KARTVERKET], alt_text=alt_text)


def size_label(group: pd.Series) -> str:
    """A size group by its smallest and largest municipality: '170–2 745 listeinnbyggere'."""
    return f"{fmt.number(group.smallest)}–{fmt.number(group.largest)} listeinnbyggere"


@chart("fig-kommunestorrelse", chapter="book/kommunene")
def municipal_size() -> ChartFigure:
    """Bars: by size group (thirds by listed inhabitants), the share of municipalities above 10 % without a GP."""
    groups = municipal_compare.size_groups()
    mid = municipal_compare.WORST_YEAR_THRESHOLD_PCT
    latest = municipal.latest_year()
    table = pd.DataFrame(
        {
            "gruppe": [size_label(g) for _, g in groups.iterrows()],
            "kommuner": groups.municipalities,
            "over": groups[f"above_{mid:g}"],
            "andel_kommuner": groups[f"above_{mid:g}"] / groups.municipalities,
            "andel_innbyggere": groups.share_without_gp_pct / 100,
        }
    )
    table["text"] = [fmt.percent(s, 0) for s in table.andel_kommuner]
    base = alt.Chart(table).encode(
        x=alt.X(
            "gruppe:N",
            title=f"Kommunene i tre like store grupper etter listeinnbyggere, {latest}",
            sort=None,
            axis=alt.Axis(labelAngle=0, labelLimit=200),
        ),
        y=alt.Y(
            "andel_kommuner:Q",
            title=f"Andel av kommunene med over {_pct(mid)} uten fastlege",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domainMax=float(table.andel_kommuner.max()) * 1.2),
        ),
    )
    bars = base.mark_bar(color=PALETTE["vermillion"]).encode(
        tooltip=[
            alt.Tooltip("gruppe:N", title="Størrelse"),
            alt.Tooltip("kommuner:Q", title="Kommuner", format=",.0f"),
            alt.Tooltip("over:Q", title=f"Kommuner over {_pct(mid)}", format=",.0f"),
            alt.Tooltip("andel_kommuner:Q", title="Andel av kommunene", format=".0%"),
            alt.Tooltip("andel_innbyggere:Q", title="Andel av listeinnbyggerne uten fastlege", format=".1%"),
        ]
    )
    small, large = table.iloc[0], table.iloc[-1]
    alt_text = (
        f"Stolpediagram: kommunene delt i tre like store grupper etter antall listeinnbyggere i {latest}. Blant de "
        f"minste ({small.gruppe}) hadde {fmt.number(small.over)} av {fmt.number(small.kommuner)} kommuner over "
        f"{_pct(mid)} uten fastlege, blant de største ({large.gruppe}) {fmt.number(large.over)} av "
        f"{fmt.number(large.kommuner)}. Samlet sto {fmt.percent(small.andel_innbyggere, 1)} av listeinnbyggerne i de "
        f"minste kommunene uten fastlege, mot {fmt.percent(large.andel_innbyggere, 1)} i de største."
    )
    return finish(bars + bar_labels(base, dy=-4, baseline="bottom"), height=240, sources=[SSB], alt_text=alt_text)
