"""One Altair theme for every chart: a named colour-blind-safe palette and Norwegian number formats."""

from __future__ import annotations

import altair as alt

#: Okabe–Ito palette (colour-blind safe), darkest first so the first series have the most contrast.
PALETTE = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "orange": "#E69F00",
    "grey": "#767676",
}
TEXT = "#1a1a1a"
GRID = "#d9d9d9"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
WIDTH_PX = 560  # width of a static (PDF) chart; HTML charts fill their container
HEIGHT_PX = 280
NUMBER_FORMAT = ",~f"  # d3: grouped, no trailing zeros; the nb locale gives 1 600 000 and 55,6


def _config() -> alt.theme.ThemeConfig:
    """The Vega-Lite config of the theme."""
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"stroke": None, "continuousWidth": WIDTH_PX, "continuousHeight": HEIGHT_PX},
            "range": {"category": list(PALETTE.values())},
            "axis": {
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "gridColor": GRID,
                "domainColor": "#595959",
                "tickColor": "#595959",
            },
            "axisQuantitative": {"format": NUMBER_FORMAT},
            "axisX": {"grid": False},
            "legend": {
                "labelColor": TEXT,
                "titleColor": TEXT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
                "direction": "vertical",
                "labelLimit": 400,
            },
            "title": {"color": TEXT, "fontSize": 14, "anchor": "start"},
            "line": {"strokeWidth": 2.5},
            "text": {"color": TEXT, "fontSize": 12},
        }
    }


@alt.theme.register("fastlegeordningen", enable=False)
def fastlegeordningen() -> alt.theme.ThemeConfig:
    """The briefing's chart theme."""
    return _config()


def enable() -> None:
    """Use the briefing's theme for every chart made after this call."""
    alt.theme.enable("fastlegeordningen")
