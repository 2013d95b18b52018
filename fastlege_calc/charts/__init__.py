"""The book's charts: a chart for `book/X.md` is a `@chart("fig-…", chapter="book/X")` function in `charts/X.py`.

Each chart module is imported here, which registers its charts in `REGISTRY` (figure name →
ChartEntry with chapter and function). A chapter shows a chart with `charts.show("fig-…")`; other
code draws one with `charts.REGISTRY["fig-…"].build()`. Shared drawing parts are in `parts`, the one
theme in `theme`, the output (HTML, PDF, table, CSV, text alternative) in `render.ChartFigure`.
"""

import importlib
import pkgutil

from fastlege_calc.charts.registry import REGISTRY, ChartEntry, chart, in_chapter, show
from fastlege_calc.charts.render import ChartFigure

#: The modules that hold no chapter's charts; every other module in this package is a chapter's chart module.
SHARED_MODULES = frozenset({"downloads", "parts", "registry", "render", "theme", "vlcache"})

for _module in pkgutil.iter_modules(__path__):
    if _module.name not in SHARED_MODULES:
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["REGISTRY", "SHARED_MODULES", "ChartEntry", "ChartFigure", "chart", "in_chapter", "show"]
