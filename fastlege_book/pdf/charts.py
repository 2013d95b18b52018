"""Charts for print: the website's own Vega spec drawn as a static SVG by vl-convert.

WeasyPrint runs no JavaScript, so each chart of the website (a Vega spec compiled at build time,
stored next to the chart's element) is drawn here once more, at a fixed width and in the print
font. Labels Vega hides to avoid overlaps (opacity 0) are removed from the SVG: a hidden label
would still be text in the PDF, and copied text would run neighbouring labels together.
"""

from __future__ import annotations

import functools
import json
import re

from fastlege_calc import fmt
from fastlege_calc.charts import theme, vlcache

#: The font of the charts in print: the sans of the print stylesheet (fonts-freefont-otf), so that
#: vl-convert measures labels with the font WeasyPrint draws them in.
PRINT_FONT = "FreeSans"

_HIDDEN_TEXT = re.compile(r'<text\b[^>]*\bopacity="0(?:\.0*)?"[^>]*>.*?</text>', flags=re.S)
#: A path's outline (the d attribute) and the decimal numbers in it.
_PATH_DATA = re.compile(r'(\sd=")([^"]*)(")')
_DECIMAL = re.compile(r"-?\d+\.\d+")
#: Decimals kept in path coordinates (SVG pixels): 0,1 px is under 0,03 mm on the printed page. vl-convert
#: writes three, which made the municipal map alone about a quarter of the report's bytes.
PATH_DECIMALS = 1
#: The grid of a map's outlines in print (SVG pixels): half a pixel, about 0,12 mm on paper at the
#: print width. A map's 357 municipal outlines carry tens of thousands of points; simplified within
#: half a pixel and snapped to this grid they keep about a third, with at most one decimal each.
MAP_GRID_PX = 0.5


#: The width a chart is drawn at for print (SVG pixels); the print stylesheet scales it to the text width.
PRINT_WIDTH_PX = 600
#: Set (to "1") by fastlege_book.build when a build will make the PDFs: the website's page readers then
#: draw each chart's print picture too (`draw_ahead`).
DRAW_AHEAD_ENV = "FASTLEGE_DRAW_PRINT_CHARTS"


def draw_ahead(vega_spec: dict) -> None:
    """Draw a chart's print picture now, into the build's chart cache, so the PDF step finds it drawn.

    vega_spec: the Vega spec as the website stores it beside the chart (ChartFigure.vega_spec()). The
    website's pages are read in parallel processes, and the PDF step runs in one: drawn there, the
    report's 20 charts took about 2,6 s of it. The cache key is the call's content (vlcache), so what
    the PDF step asks for is a hit only when it is this very drawing. A spec vl-convert cannot draw is
    left for the PDF step, which reports it.
    """
    try:
        svg(vega_spec, PRINT_WIDTH_PX)
    except ValueError:
        pass


def svg(spec: dict, width_px: int = PRINT_WIDTH_PX) -> str:
    """An SVG image of a chart from its Vega spec (as the website stores it), width_px wide.

    The spec's usermeta carries the Norwegian number and date formats (embedOptions; without them
    fastlege_calc.fmt's); the width
    signal, which follows the browser window on the website, is fixed. Raises ValueError when
    vl-convert cannot draw the spec.
    """
    spec = json.loads(json.dumps(spec))  # a copy
    for signal in spec.get("signals", []):
        if signal.get("name") == "width":
            signal.pop("on", None)
            signal.pop("update", None)
            signal["init"] = str(width_px)
    options = (spec.get("usermeta") or {}).get("embedOptions") or {}
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False).replace(theme.FONT, PRINT_FONT)
    return _svg(
        text,
        MAP_GRID_PX if spec.get("projections") else None,
        json.dumps(options.get("formatLocale") or fmt.d3_format_locale(), sort_keys=True),
        json.dumps(options.get("timeFormatLocale") or fmt.d3_time_format_locale(), sort_keys=True),
    )


@functools.lru_cache(maxsize=64)
def _svg(spec_json: str, grid_px: float | None, format_locale: str, time_format_locale: str) -> str:
    try:
        drawn = vlcache.convert(
            "vega_to_svg",
            spec_json,
            format_locale=json.loads(format_locale),
            time_format_locale=json.loads(time_format_locale),
        )
    except Exception as exc:  # vl-convert raises plain ValueError/RuntimeError with its JavaScript message
        raise ValueError(f"vl-convert could not draw the chart: {exc}") from None
    drawn = visible_only(drawn)
    return on_grid(drawn, grid_px) if grid_px else coarse_paths(drawn)


def visible_only(svg_text: str) -> str:
    """The SVG without text elements that are drawn fully transparent (labels Vega hid)."""
    return _HIDDEN_TEXT.sub("", svg_text)


def coarse_paths(svg_text: str, decimals: int = PATH_DECIMALS) -> str:
    """The SVG with path coordinates rounded to `decimals` decimals ('50.604,338.553' → '50.6,338.6').

    Only path outlines (d attributes) change; text, positions and transforms are left as drawn.
    WeasyPrint writes each coordinate into the PDF as it reads it, so fewer digits are fewer bytes.
    """

    def rounded(number: re.Match) -> str:
        text = f"{float(number.group(0)):.{decimals}f}".rstrip("0").rstrip(".")
        return "0" if text in ("", "-0") else text

    return _PATH_DATA.sub(lambda m: m.group(1) + _DECIMAL.sub(rounded, m.group(2)) + m.group(3), svg_text)


_MOVES = re.compile(r"([MLZ])([^MLZ]*)")


def on_grid(svg_text: str, grid_px: float) -> str:
    """The SVG with outlines made only of straight lines (M, L, Z) simplified to a grid of grid_px pixels.

    Each closed ring is simplified by Douglas–Peucker (shapely) with a tolerance of grid_px, so no
    outline moves by more than grid_px; its points are then snapped to the grid, and a point on the
    same grid point as the one before it is dropped (a line of length zero draws nothing). Paths with
    curves or relative commands are only rounded. Text, positions and transforms are left as drawn.
    """
    import shapely

    def snapped(value: float) -> str:
        text = f"{round(value / grid_px) * grid_px:.1f}".rstrip("0").rstrip(".")
        return "0" if text in ("", "-0") else text

    def rounded_only(path: str) -> str:
        return _DECIMAL.sub(lambda n: snapped(float(n.group(0))), path)

    def ring(points: list[tuple[float, float]], closed: bool) -> list[tuple[str, str]]:
        if closed and len(points) >= 4:
            simple = shapely.LineString([*points, points[0]]).simplify(grid_px, preserve_topology=False)
            points = list(simple.coords)[:-1] or points[:1]
        out: list[tuple[str, str]] = []
        for x, y in points:
            point = (snapped(x), snapped(y))
            if not out or point != out[-1]:
                out.append(point)
        return out

    def outline(match: re.Match) -> str:
        path = match.group(2)
        if re.search(r"[^MLZ\d.,\s-]", path):
            return match.group(1) + rounded_only(path) + match.group(3)
        parts: list[str] = []
        points: list[tuple[float, float]] = []

        def flush(closed: bool) -> None:
            if points:
                kept = ring(points, closed)
                parts.append("M" + "L".join(f"{x},{y}" for x, y in kept) + ("Z" if closed else ""))
                points.clear()

        for command, coordinates in _MOVES.findall(path):
            if command == "Z":
                flush(closed=True)
                continue
            numbers = re.findall(r"-?\d+(?:\.\d+)?", coordinates)
            if len(numbers) != 2:
                return match.group(1) + rounded_only(path) + match.group(3)
            if command == "M":
                flush(closed=False)
            points.append((float(numbers[0]), float(numbers[1])))
        flush(closed=False)
        return match.group(1) + "".join(parts) + match.group(3)

    return _PATH_DATA.sub(outline, svg_text)
