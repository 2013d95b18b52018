"""The chart registry: every chart of the book, by figure name, with the chapter that shows it.

A chart for `book/X.md` is a function in `fastlege_calc/charts/X.py` (hyphens become underscores),
declared with `@chart("fig-…", chapter="book/X")`. The chapter shows it with
`charts.show("fig-…")` in a code cell whose `mystnb: figure: name:` is the same name; the caption
stays in the chapter. Everything that lists charts (the PDF's kortversjon, `python -m fastlege_calc
validate`, the tests) iterates `REGISTRY` or looks a name up in it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from fastlege_calc.charts.render import ChartFigure

PACKAGE = "fastlege_calc.charts"


@dataclass(frozen=True)
class ChartEntry:
    """One chart: its figure name, the chapter that shows it and the function that draws it."""

    #: The figure's name: the chapter's `mystnb: figure: name:` and `{numref}` target, e.g. "fig-inntektskilder".
    name: str
    #: The chapter that shows the chart, as in _toc.yml, e.g. "book/finansiering".
    chapter: str
    #: Draws the chart from the data: no arguments, returns a ChartFigure.
    function: Callable[[], ChartFigure]

    def build(self) -> ChartFigure:
        """The chart drawn from the data as it is now, knowing its figure name (its download files follow it).

        Raises ValueError when the drawing function names the chart otherwise: the book finds a chart's
        number by its figure name, so a chart under another name would get download files without a number.
        """
        figure = self.function()
        if figure.name and figure.name != self.name:
            where = f"{self.function.__module__}.{self.function.__qualname__}"
            raise ValueError(
                f"{where}: chart {self.name!r} names itself {figure.name!r}; "
                "its download files are named by its figure name, so leave ChartFigure.name unset"
            )
        figure.name = self.name
        return figure


#: Every chart, by figure name, in the order of the chart modules (alphabetical) and, within one, of declaration.
REGISTRY: dict[str, ChartEntry] = {}


def module_chapter(module: str) -> str:
    """The chapter whose charts a chart module holds: "fastlege_calc.charts.under_press" → "book/under-press"."""
    return "book/" + module.rsplit(".", 1)[-1].replace("_", "-")


def chart(name: str, *, chapter: str) -> Callable[[Callable[[], ChartFigure]], Callable[[], ChartFigure]]:
    """Register the decorated function as the chart `name` shown by `chapter` (the function is returned unchanged).

    Raises ValueError when the function does not live in the chapter's chart module (charts/X.py for
    book/X), when another function already has the name, or when the function needs arguments.
    """

    def register(function: Callable[[], ChartFigure]) -> Callable[[], ChartFigure]:
        where = f"{function.__module__}.{function.__qualname__}"
        if function.__module__.startswith(PACKAGE + ".") and module_chapter(function.__module__) != chapter:
            module = chapter.removeprefix("book/").replace("-", "_")
            raise ValueError(f"{where}: chart {name!r} is shown in {chapter}, so it belongs in charts/{module}.py")
        required = [p.name for p in inspect.signature(function).parameters.values() if p.default is p.empty]
        if required:
            raise ValueError(f"{where}: chart {name!r} must draw without arguments, but needs {', '.join(required)}")
        known = REGISTRY.get(name)
        if known is not None and f"{known.function.__module__}.{known.function.__qualname__}" != where:
            raise ValueError(f"{where}: chart name {name!r} is already taken by {known.function.__qualname__}")
        REGISTRY[name] = ChartEntry(name, chapter, function)
        return function

    return register


#: While the book's build reads a page, a list that gets every chart `show` draws for it (None otherwise):
#: the build writes a chart's download files from the chart its page drew (fastlege_book.downloads).
DRAWN: list[ChartFigure] | None = None


def show(name: str) -> ChartFigure:
    """The chart named `name` (a figure name in REGISTRY), drawn for a chapter's code cell.

    Raises KeyError naming the known charts when no chart has that name.
    """
    try:
        entry = REGISTRY[name]
    except KeyError:
        raise KeyError(f"no chart named {name!r}; the charts are: {', '.join(sorted(REGISTRY))}") from None
    figure = entry.build()
    if DRAWN is not None:
        DRAWN.append(figure)
    return figure


def in_chapter(chapter: str) -> list[ChartEntry]:
    """The charts the page `chapter` ("book/tromso") shows, in order."""
    return [entry for entry in REGISTRY.values() if entry.chapter == chapter]
