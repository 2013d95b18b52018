"""The charts of book/sammendrag.md: the page shows none; the PDF kortversjon made from it draws one of its own.

The kortversjon's charts are chosen in fastlege_book/latex.py (`SHORT_CHARTS`, registry keys).
"""

from __future__ import annotations

from fastlege_calc.charts.finansiering import basistilskudd_by_list_length
from fastlege_calc.charts.registry import chart
from fastlege_calc.charts.render import ChartFigure


@chart("kort-basistilskudd-listelengde", chapter="book/sammendrag", kortversjon_only=True)
def models_by_list_length_last_kneepoint() -> ChartFigure:
    """Lines: annual basistilskudd (kr) by list length, national rules and the Tromsø model.

    With the rates of the last national rule that had a break point, not
    those of the Tromsø model's start that book/tromso.md draws.
    """
    return basistilskudd_by_list_length(models=("national", "tromso"))
