"""The scheme's cost tables for the book: the 2019 table by item, with subtotals per income source."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from fastlege_calc import fmt
from fastlege_calc.data import load
from fastlege_calc.tables import markdown_table, numbered_table

#: Norwegian names of the items in data/scheme_cost_2019.csv.
ITEM_LABELS = {
    "basistilskudd": "Basistilskudd",
    "utjamningstilskudd": "Utjamningstilskudd",
    "tariff_refunds": "Refusjon av takster",
    "frikort_charge_refunds": "Refusjon av egenandeler for pasienter med frikort",
    "other_charge_refunds": "Refusjon av andre egenandeler",
    "l_tariffs": "Laboratorietakster (L-takster)",
    "patient_charges": "Egenandeler fra pasientene",
    "other_patient_payment": "Annen betaling fra pasientene",
}
#: Norwegian names of the income sources (components) in data/scheme_cost_2019.csv.
COMPONENT_LABELS = {
    "basis_funding": "Basisfinansiering",
    "refunds": "Refusjoner fra folketrygden",
    "patient_payment": "Pasientbetaling",
}


def cost_2019_rows() -> pd.DataFrame:
    """The 2019 cost table (million kr, current prices) with a subtotal after each income source and a total.

    Columns: label, million_nok, share (0–1 of the total), kind (item | subtotal | total).
    """
    table = load("scheme_cost_2019")
    unknown = sorted(set(table["item"]) - set(ITEM_LABELS)) + sorted(set(table.component) - set(COMPONENT_LABELS))
    if unknown:
        raise ValueError(f"data/scheme_cost_2019.csv: no Norwegian label for {unknown} in fastlege_calc.cost_tables")
    total = float(table.million_nok.sum())
    rows = []
    for component, items in table.groupby("component", sort=False):
        for item in items.itertuples(index=False):
            rows.append({"label": ITEM_LABELS[item.item], "million_nok": item.million_nok, "kind": "item"})
        subtotal = float(items.million_nok.sum())
        rows.append(
            {"label": f"Sum {COMPONENT_LABELS[component].lower()}", "million_nok": subtotal, "kind": "subtotal"}
        )
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
    caption = "Fastlegeordningens kostnader i 2019 etter post, millioner kroner i løpende priser."
    return numbered_table(table, caption, COST_2019_LABEL)


#: The label chapters use to refer to the 2019 cost table: {numref}`tab-kostnader-2019`.
COST_2019_LABEL = "tab-kostnader-2019"
