"""Finn din kommune: a search field on the municipal chapter; one municipality beside its county and the country.

The page carries what the widget needs, so it works from file:// with no server and fetches nothing:

- one row per municipality (names, the share without a GP in every year, the latest counts) is the
  data set `kommunetall` of the map on the same page (`charts.kommunene.MAP_VALUES`): the widget reads
  it from the map's Vega spec, so the map, its table and the widget show the same numbers;
- the counties' and the country's figures for the latest year, written here with the book's Norwegian
  number formats, travel in the widget's `data-config`;
- the script is finn_kommune.js, inline.

In print the widget is left out (`fl-screen-only`); the chapter says where to find it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import pandas as pd

from fastlege_calc import fmt, municipal, municipal_compare
from fastlege_calc.charts.kommunene import KARTVERKET, MAP_VALUES, SSB
from fastlege_calc.sources import source_line

SCRIPT = Path(__file__).resolve().parent / "finn_kommune.js"

#: The rows of the comparison with county and country: (key in the map's data set, Norwegian label, kind).
MEASURES = (
    ("andel", "Andel av listeinnbyggerne uten fastlege", "share"),
    ("uten", "Listeinnbyggere uten fastlege", "count"),
    ("lister", "Fastlegelister uten lege", "count"),
    ("apne", "Åpne fastlegelister", "count"),
    ("avtaler", "Fastlegeavtaler", "count"),
    ("listelengde", "Gjennomsnittlig listelengde", "count"),
)


def _figures(row: pd.Series | dict) -> dict[str, str]:
    """A county's or the country's latest figures as the widget shows them (Norwegian text)."""
    return {
        "andel": fmt.percent(float(row["patients_without_gp_pct"]) / 100, 1),
        "uten": fmt.number(int(row["patients_without_gp"])),
        "lister": fmt.number(int(row["lists_without_gp"])),
        "apne": fmt.number(int(row["open_lists"])),
        "avtaler": fmt.number(int(row["agreements_with_gp"])),
        "listelengde": fmt.number(float(row["avg_list_length_patients"])),
    }


def config() -> dict:
    """What the widget needs besides the map's data: labels, the latest year, counties, country and sources."""
    latest = municipal.latest_year()
    counties = municipal_compare.counties(latest)
    return {
        "dataset": MAP_VALUES,
        "year": latest,
        "date": fmt.date_long(dt.date(latest, 12, 31)),  # SSB's figures are per 31 December
        "years": municipal_compare.years(),
        "measures": [[key, label, kind] for key, label, kind in MEASURES],
        "counties": {row.fylkesnavn_kort: _figures(row) for _, row in counties.iterrows()},
        "country": _figures(municipal.national_sums(latest)),
        "source": source_line([SSB, KARTVERKET]),
    }


class FinnKommune:
    """The widget as notebook output: HTML with its script for the website (nothing in print)."""

    def html(self) -> str:
        """A labelled combobox with a listbox of matches, a live status and the result area, and the script."""
        settings = json.dumps(config(), ensure_ascii=False)
        script = SCRIPT.read_text(encoding="utf-8").replace("</", "<\\/")
        return (
            f'<div class="fl-finn fl-screen-only" id="fl-finn" data-config="{html.escape(settings)}">'
            '<label for="fl-finn-input" class="fl-finn-label">Skriv navnet på kommunen din</label>'
            '<div class="fl-finn-box">'
            '<input id="fl-finn-input" type="text" role="combobox" aria-autocomplete="list" aria-expanded="false" '
            'aria-controls="fl-finn-list" aria-describedby="fl-finn-hint" autocomplete="off" spellcheck="false">'
            '<ul id="fl-finn-list" role="listbox" aria-label="Kommuner som passer" hidden></ul>'
            "</div>"
            '<p id="fl-finn-hint" class="fl-finn-hint">Velg med piltastene og Enter, eller klikk. '
            "Kommuner med samme navn skilles med fylket.</p>"
            '<p id="fl-finn-status" class="fl-finn-status" role="status" aria-live="polite"></p>'
            '<div id="fl-finn-result" class="fl-finn-result" tabindex="-1"></div>'
            f"</div><script>{script}</script>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """HTML for the website; the PDF leaves the widget out (fl-screen-only)."""
        return {"text/html": self.html(), "text/plain": "Finn din kommune"}


def finn_kommune() -> FinnKommune:
    """The widget for book/kommunene.md."""
    return FinnKommune()
