"""The charts of book/finansiering.md: income sources, basistilskudd over time and by list length, the action plan."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from fastlege_calc import action_plan, basistilskudd, fmt, income, phrases, tromso, units
from fastlege_calc.charts.parts import bar_labels, finish, label_colours
from fastlege_calc.charts.registry import chart
from fastlege_calc.charts.render import ChartFigure
from fastlege_calc.charts.theme import PALETTE
from fastlege_calc.figures import figure, value
from fastlege_calc.labels import labels_nb
from fastlege_calc.sources import table_sources


@chart("fig-inntektskilder", chapter="book/finansiering")
def income_mix() -> ChartFigure:
    """Stacked bars: the scheme's cost by income source and year, million kr in fixed prices."""
    component_labels = labels_nb("income_component_legend")
    long = income.income_mix_long()
    long["label"] = long.component.map(component_labels)
    long["order"] = long.component.map({c: i for i, c in enumerate(component_labels)})
    totals = long.groupby("year").million_nok.transform("sum")
    long["share"] = long.million_nok / totals
    long["year"] = long.year.astype(str)
    source_ids = table_sources("scheme_cost_fixed_prices")
    colours = [PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"], PALETTE["grey"]]
    bars = (
        alt.Chart(pd.DataFrame(long))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(million_nok):Q", title="Millioner kroner (faste priser)"),
            color=label_colours(component_labels.values(), colours, title="Inntektskilde"),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title="År"),
                alt.Tooltip("label:N", title="Inntektskilde"),
                alt.Tooltip("million_nok:Q", title="Millioner kroner", format=",.0f"),
                alt.Tooltip("share:Q", title="Andel", format=".1%"),
            ],
        )
    )
    first, last = int(long.year.min()), int(long.year.max())
    points = [
        phrases.Point(
            units.shown_number(income.activity_based_share(year), "share"),
            fmt.percent(income.activity_based_share(year)),
            f"i {year}",
            year,
        )
        for year in (first, last)
    ]
    share = phrases.change("Den aktivitetsbaserte delens andel av de tre inntektskildene", *points)
    alt_text = (
        "Stolpediagram over fastlegeordningens kostnader fordelt på inntektskilde, år for år. Refusjoner og "
        f"egenandeler er den aktivitetsbaserte delen. {share}."
    )
    return finish(bars, height=300, sources=source_ids, alt_text=alt_text)


def _rules_in_words(rules: list[basistilskudd.Rate]) -> str:
    """The first rule, the first break point and the newest rule in words that fit each rule's scheme."""
    scheme_labels = labels_nb("rate_scheme")

    def rule_text(rule: basistilskudd.Rate) -> str:
        since = f"Fra {fmt.date_long(rule.valid_from)}"
        if rule.rate_nok_per_patient is None:
            return f"{since} er tilskuddet {scheme_labels[rule.scheme]}"
        rate = units.text(rule.rate_nok_per_patient, "nok_per_patient", stored=True).replace(" per pasient per år", "")
        if rule.scheme == "kneepoint":
            more = "mer" if rule.rate_nok_per_patient > rule.rate_above_kneepoint_nok_per_patient else "mindre"
            first = fmt.number(rule.kneepoint_patients)
            return f"{since} ble det betalt {more} for de første {first} pasientene enn for resten"
        if rule.scheme == "patient_adjusted":
            return f"{since} er tilskuddet pasienttilpasset, med et nasjonalt gjennomsnitt på {rate}"
        if rule.scheme == "flat":
            return f"{since} var satsen flat, {rate}"
        return f"{since} gjelder ordningen «{scheme_labels[rule.scheme]}», med {rate}"

    chosen = [rules[0]]
    chosen += [r for r in rules if r.scheme == "kneepoint"][:1]
    chosen += [rules[-1]]
    return ". ".join(rule_text(rule) for rule in dict.fromkeys(chosen)) + "."


@chart("fig-basistilskudd-historikk", chapter="book/finansiering")
def basistilskudd_history() -> ChartFigure:
    """Step lines: basistilskudd per patient per year since 2016, up to and above the break point."""
    tier_labels = labels_nb("rate_tier")
    history = basistilskudd.rate_history()
    history["label"] = history.tier.map(tier_labels)
    history["date"] = pd.to_datetime(history.valid_from)
    history = history.drop(columns="valid_from")
    # Carry each tier's last rate to where it stops (the patient-adjusted reform ends the break point),
    # or to the end of the last year, so the last step is visible.
    reform = next((pd.Timestamp(r.valid_from) for r in basistilskudd.rates() if r.scheme == "patient_adjusted"), None)
    year_end = pd.Timestamp(dt.date(history.date.max().year, 12, 31))
    last = history.sort_values("date").groupby("tier").tail(1).copy()
    last["date"] = [reform if reform is not None and t != "average" else year_end for t in last.tier]
    steps = pd.concat([history.assign(is_step=True), last.assign(is_step=False)], ignore_index=True)
    source_ids = [r.source_id for r in basistilskudd.rates()]
    colours = [PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"]]
    base = alt.Chart(steps).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("nok_per_patient:Q", title="Kroner per pasient per år", scale=alt.Scale(zero=True)),
        color=label_colours(tier_labels.values(), colours),
    )
    lines = base.mark_line(interpolate="step-after")
    points = (
        base.transform_filter(alt.datum.is_step)
        .mark_point(filled=True, size=60)
        .encode(
            tooltip=[
                alt.Tooltip("date:T", title="Gjelder fra", format="%-d. %B %Y"),
                alt.Tooltip("label:N", title="Sats"),
                alt.Tooltip("nok_per_patient:Q", title="Kroner per pasient", format=",.2~f"),
            ],
        )
    )
    alt_text = "Trappediagram over basistilskuddet per pasient. " + _rules_in_words(basistilskudd.rates())
    return finish(lines + points, height=300, sources=source_ids, alt_text=alt_text)


def basistilskudd_by_list_length(
    on: dt.date | None = None, models: tuple[str, ...] = ("national", "tromso")
) -> ChartFigure:
    """Lines: annual basistilskudd (kr) against list length, national rules and/or the Tromsø model.

    The rules are those in force on `on`; by default the last rule with a break point. The charts of
    this chapter, of book/tromso.md and of the kortversjon draw it with their own arguments.
    """
    on = on or basistilskudd.last_kneepoint_rule().valid_from
    model_labels = labels_nb("basistilskudd_model")
    table = tromso.income_by_list_length(on)
    table = table[table.model.isin(models)].copy()
    table["label"] = table.model.map(model_labels)
    rate = basistilskudd.rate_on(on)
    tromso_keys = ("tromso_increase_share", "tromso_kneepoint_patients")
    source_ids = [rate.source_id] + ([figure(k).source_id for k in tromso_keys] if "tromso" in models else [])
    lines = (
        alt.Chart(table)
        .mark_line()
        .encode(
            x=alt.X("list_length_patients:Q", title="Pasienter på listen"),
            y=alt.Y("nok_per_year:Q", title="Basistilskudd, kroner per år"),
            color=label_colours(
                [model_labels[m] for m in models], [PALETTE["blue"], PALETTE["vermillion"]][: len(models)]
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Modell"),
                alt.Tooltip("list_length_patients:Q", title="Pasienter", format=",.0f"),
                alt.Tooltip("nok_per_year:Q", title="Kroner per år", format=",.0f"),
            ],
        )
    )
    k = rate.kneepoint_patients
    at_k = basistilskudd.annual_basistilskudd_nok(k, on)
    alt_text = (
        f"Linjediagram over basistilskudd per år etter listelengde med satsene fra {fmt.date_long(rate.valid_from)}. "
        f"Linjen stiger brattere opp til knekkpunktet på {fmt.number(k)} pasienter, der tilskuddet er "
        f"{fmt.nok(at_k)} i året, og slakere etter det."
    )
    if "tromso" in models:
        alt_text += (
            f" Med Tromsø-modellen gir {fmt.number(k)} pasienter "
            f"{fmt.nok(tromso.annual_basistilskudd_nok(k, on))} i året."
        )
    return finish(lines, height=300, sources=source_ids, alt_text=alt_text)


@chart("fig-basistilskudd-listelengde", chapter="book/finansiering")
def national_basistilskudd_by_list_length() -> ChartFigure:
    """Line: annual basistilskudd (kr) against list length under the last national rules with a break point."""
    return basistilskudd_by_list_length(models=("national",))


@chart("fig-handlingsplan", chapter="book/finansiering")
def action_plan_vs_salaried_gp(list_length_patients: int | None = None) -> ChartFigure:
    """Bars: the rise in basistilskudd since the flat rate for one list against a salaried GP year's net cost (kr)."""
    n = int(list_length_patients or value("action_plan_example_list_length"))
    low, high = action_plan.salaried_gp_net_cost_nok()
    rise = action_plan.annual_rise_nok(n)
    rise_kind = f"Økning i sats {action_plan.BEFORE_PLAN.year}–{action_plan.REFERENCE_DATE.year}"
    table = pd.DataFrame(
        [
            {"label": f"Økt basistilskudd, liste på {fmt.number(n)}", "nok": rise, "kind": rise_kind},
            {"label": "Fastlønnet årsverk, lavt anslag", "nok": low, "kind": "Netto kostnad for kommunen"},
            {"label": "Fastlønnet årsverk, høyt anslag", "nok": high, "kind": "Netto kostnad for kommunen"},
        ]
    )
    table["text"] = table.nok.map(fmt.nok)
    source_ids = [
        figure("salaried_gp_net_cost_low").source_id,
        basistilskudd.rate_on(action_plan.BEFORE_PLAN).source_id,
        basistilskudd.rate_on(action_plan.REFERENCE_DATE).source_id,
    ]
    base = alt.Chart(table).encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("nok:Q", title="Kroner per år", scale=alt.Scale(domainMax=high * 1.2)),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "kind:N",
            title=None,
            scale=alt.Scale(
                domain=[rise_kind, "Netto kostnad for kommunen"], range=[PALETTE["vermillion"], PALETTE["blue"]]
            ),
        ),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("nok:Q", title="Kroner per år", format=",.0f")],
    )
    labels = bar_labels(base, align="left", dx=4)
    lo_share, hi_share = action_plan.rise_as_share_of_salaried_cost(n)
    alt_text = (
        f"Liggende stolper. Økningen i basistilskudd gir {fmt.nok(rise)} i året for en liste på {fmt.number(n)} "
        f"pasienter, mot {fmt.nok(low)} til {fmt.nok(high)} i netto kostnad for et fastlønnet årsverk: "
        f"{fmt.percent(lo_share)} til {fmt.percent(hi_share)} av kostnaden."
    )
    return finish(bars + labels, height=150, sources=source_ids, alt_text=alt_text)
