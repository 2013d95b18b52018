"""Regn selv: the calculator page's parameters, its static HTML and a table of examples for the PDF.

The browser computes with the formulas in calculator.js; tests/test_site.py checks its results against
basistilskudd.annual_nok_for_rule, tromso.annual_nok_for_rule and action_plan.annual_effect_nok_for_rule
for many inputs.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from fastlege_calc import action_plan, basistilskudd, fmt, tromso
from fastlege_calc.figures import figure, value
from fastlege_calc.sources import source_line

SCRIPT = Path(__file__).resolve().parent / "calculator.js"
EXAMPLE_LIST_LENGTHS = (600, 800, 1000, 1200, 1500)  # patients; the rows of the examples table


def parameters() -> dict:
    """Start values and constants for the page, all from data/ (kr per patient per year, patients, shares).

    The start rates are the rule of action_plan.REFERENCE_DATE (1 January 2022), the rule the summary's and
    chapter 5.4's rise in basistilskudd is computed with, so the page's first result is the same number.
    """
    rule = action_plan.reference_rule()
    before = basistilskudd.rate_on(action_plan.BEFORE_PLAN)
    return {
        "list_length_patients": int(value("action_plan_example_list_length")),
        "rate_up_to_kneepoint_nok": rule.rate_nok_per_patient,
        "rate_above_kneepoint_nok": rule.rate_above_kneepoint_nok_per_patient,
        "kneepoint_patients": rule.kneepoint_patients,
        "rule_date": fmt.date_long(rule.valid_from),
        "tromso_increase_share": value("tromso_increase_share"),
        "tromso_kneepoint_patients": value("tromso_kneepoint_patients"),
        "before_plan_rate_nok": before.rate_nok_per_patient,
        "before_plan_date": fmt.date_long(before.valid_from),
        "source_ids": list(
            dict.fromkeys(
                [rule.source_id, before.source_id]
                + [figure(k).source_id for k in ("tromso_increase_share", "tromso_kneepoint_patients")]
            )
        ),
    }


def results(list_length_patients: float, rate_up: float, rate_above: float, kneepoint: float) -> dict[str, float]:
    """What the page shows for one set of inputs, kr per year (the reference the browser test compares with)."""
    national = basistilskudd.annual_nok_for_rule(list_length_patients, rate_up, rate_above, kneepoint)
    with_tromso = tromso.annual_nok_for_rule(list_length_patients, rate_up, rate_above, kneepoint)
    return {
        "national": national,
        "tromso": with_tromso,
        "difference": with_tromso - national,
        "plan_effect": action_plan.annual_effect_nok_for_rule(list_length_patients, rate_up, rate_above, kneepoint),
    }


def _number_input(name: str, label: str, unit: str, start: float, maximum: int, step: int = 1) -> str:
    """A labelled number field with a slider bound to it."""
    hint = f"{name}-hint"
    return (
        f'<div class="fl-calc-field"><label for="fl-{name}">{html.escape(label)}</label>'
        f'<input type="number" id="fl-{name}" name="{name}" min="0" max="{maximum}" step="{step}" '
        f'value="{start:g}" inputmode="numeric" aria-describedby="{hint}">'
        f'<input type="range" aria-label="{html.escape(label)} (glidebryter)" data-for="fl-{name}" '
        f'min="0" max="{maximum}" step="{step}" value="{start:g}">'
        f'<span class="fl-calc-unit" id="{hint}">{html.escape(unit)}</span></div>'
    )


def _examples_table() -> str:
    """The results for a few list lengths with the start values, as an HTML table (also the PDF's content)."""
    p = parameters()
    head = ["Pasienter på listen", "Nasjonale satser", "Tromsø-modellen", "Forskjell", "Økning mot flat sats"]
    rows = []
    for n in EXAMPLE_LIST_LENGTHS:
        r = results(n, p["rate_up_to_kneepoint_nok"], p["rate_above_kneepoint_nok"], p["kneepoint_patients"])
        cells = [fmt.number(n)] + [fmt.nok(r[k]) for k in ("national", "tromso", "difference", "plan_effect")]
        rows.append("<tr>" + "".join(f'<td class="fl-num">{html.escape(c)}</td>' for c in cells) + "</tr>")
    return (
        '<div class="fl-table-wrap" tabindex="0" role="region" aria-label="Eksempler">'
        '<table class="fl-chart-table" id="fl-calc-examples">'
        f"<caption>Basistilskudd per år med satsene fra {html.escape(p['rule_date'])}</caption><thead><tr>"
        + "".join(f'<th scope="col">{h}</th>' for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>"
    )


class RegnSelv:
    """The calculator as notebook output: a form and live results in HTML, the examples table in the PDF."""

    def html(self) -> str:
        """The form, the results and the script (inline, so the page works from file:// too)."""
        p = parameters()
        fields = "".join(
            [
                _number_input("list", "Pasienter på listen", "pasienter", p["list_length_patients"], 3000, 10),
                _number_input(
                    "rate",
                    "Basistilskudd opp til knekkpunktet",
                    "kr per pasient per år",
                    p["rate_up_to_kneepoint_nok"],
                    1500,
                ),
                _number_input(
                    "above",
                    "Basistilskudd over knekkpunktet",
                    "kr per pasient per år",
                    p["rate_above_kneepoint_nok"],
                    1500,
                ),
                _number_input("kneepoint", "Knekkpunkt", "pasienter", p["kneepoint_patients"], 3000, 10),
            ]
        )
        outputs = [
            ("national", "Nasjonale satser"),
            ("tromso", "Tromsø-modellen"),
            ("difference", "Tromsø-modellen gir i tillegg"),
            ("plan_effect", f"Økning i basistilskudd mot flat sats fra {p['before_plan_date']}"),
        ]
        results_html = "".join(
            f'<div class="fl-calc-result"><dt id="fl-out-{k}-label">{html.escape(label)}</dt>'
            f'<dd><output id="fl-out-{k}" for="fl-list fl-rate fl-above fl-kneepoint" '
            f'aria-labelledby="fl-out-{k}-label"></output></dd></div>'
            for k, label in outputs
        )
        script = SCRIPT.read_text(encoding="utf-8").replace("</", "<\\/")
        config = json.dumps(p, ensure_ascii=False).replace("</", "<\\/")
        return (
            f'<form class="fl-calc" id="fl-calc" data-params="{html.escape(config)}" onsubmit="return false">'
            f"<fieldset><legend>Dine tall</legend>{fields}"
            '<button type="button" id="fl-calc-reset">Tilbakestill</button></fieldset>'
            '<h2 class="fl-calc-heading">Basistilskudd per år</h2>'
            f'<dl class="fl-calc-results" aria-live="polite">{results_html}</dl>'
            f'<p class="fl-chart-source">{html.escape(source_line(p["source_ids"]))}</p>'
            f"</form><h2>Eksempler</h2>{_examples_table()}<script>{script}</script>"
        )

    def markdown(self) -> str:
        """For the PDF: a pointer to the web page and the examples as a table."""
        p = parameters()
        head = ["Pasienter", "Nasjonale satser", "Tromsø-modellen", "Forskjell", "Økning mot flat sats"]
        lines = [
            f"Kalkulatoren finnes på nettsidene. Eksemplene under bruker satsene fra {p['rule_date']}.",
            "",
            "| " + " | ".join(head) + " |",
            "|" + "---:|" * len(head),
        ]
        for n in EXAMPLE_LIST_LENGTHS:
            r = results(n, p["rate_up_to_kneepoint_nok"], p["rate_above_kneepoint_nok"], p["kneepoint_patients"])
            cells = [fmt.number(n)] + [fmt.nok(r[k]) for k in ("national", "tromso", "difference", "plan_effect")]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """HTML for the website, a Markdown table for the PDF."""
        return {"text/html": self.html(), "text/markdown": self.markdown(), "text/plain": "Regn selv"}


def regn_selv() -> RegnSelv:
    """The calculator for the Regn selv page."""
    return RegnSelv()
