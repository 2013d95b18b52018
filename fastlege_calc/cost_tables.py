"""The scheme's cost tables for the book: the 2019 table by item, with subtotals per income source."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from fastlege_calc import fmt, income, phrases
from fastlege_calc.labels import label_nb
from fastlege_calc.tables import markdown_table, numbered_table


def cost_2019_rows() -> pd.DataFrame:
    """The 2019 cost table (million kr, current prices) with a subtotal after each income source and a total.

    Columns: label, million_nok, share (0–1 of the total), kind (item | subtotal | total). Items and
    income sources are named from data/labels.csv (domains 'cost_item' and 'income_component'); a code
    without a label stops with an error naming that file.
    """
    items = income.cost_2019_items()
    subtotals = income.cost_2019_million_nok()
    total = income.cost_2019_total_million_nok()
    rows = []
    for component in dict.fromkeys(i.component for i in items):
        for item in (i for i in items if i.component == component):
            rows.append({"label": label_nb("cost_item", item.item), "million_nok": item.million_nok, "kind": "item"})
        name = label_nb("income_component", component).lower()
        rows.append({"label": f"Sum {name}", "million_nok": float(subtotals[component]), "kind": "subtotal"})
    rows.append({"label": "Fastlegeordningen i alt", "million_nok": total, "kind": "total"})
    frame = pd.DataFrame(rows)
    frame["share"] = frame.million_nok / total
    return frame


def cost_2019_table() -> Markdown:
    """The 2019 cost table as a numbered table for the book: items, subtotals in bold, total, shares."""
    rows = cost_2019_rows()
    rows["label"] = [
        label if kind == "item" else f"**{label}**" for label, kind in zip(rows.label, rows.kind, strict=True)
    ]
    table = markdown_table(
        rows,
        {
            "label": ("Post", str),
            "million_nok": ("Millioner kroner", lambda v: fmt.number(v, 1)),
            "share": ("Andel av totalen", lambda v: fmt.percent(v, 1)),
        },
    )
    when = phrases.in_period(income.COST_TABLE_PERIOD)
    caption = f"Fastlegeordningens kostnader {when} etter post, millioner kroner i løpende priser."
    return numbered_table(table, caption, COST_2019_LABEL)


#: The label chapters use to refer to the 2019 cost table: {numref}`tab-kostnader-2019`.
COST_2019_LABEL = "tab-kostnader-2019"
