"""Where the source texts differ from official statistics: data/discrepancies.csv as rows and a table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from IPython.display import Markdown

from fastlege_calc import registry, tables
from fastlege_calc.data import DataError, load, row_lines

FILE = "discrepancies.csv"
MISSING = "ikke funnet"  # shown where no official figure was found


@dataclass(frozen=True)
class Discrepancy:
    """One comparison: the text's figure, the official one (None if not found), what differs and why."""

    text: registry.Shown
    official: registry.Shown | None
    difference: str
    explanation: str
    source_id: str


def check() -> None:
    """Every figure key in data/discrepancies.csv must be a figure the book shows.

    The keys are checked against the registry (stored and computed figures), so the error names
    the file, line and column, like every other data error.
    """
    shown = registry.prose_figures()
    frame = load("discrepancies")
    lines = row_lines(frame)
    for index, row in frame.iterrows():
        for column in ("text_key", "official_key"):
            key = row[column]
            if isinstance(key, str) and key not in shown:
                raise DataError(
                    FILE,
                    f"figure '{key}' is not a figure the book shows; "
                    "list them with `python -m fastlege_calc figures` [foreign-key]",
                    lines[index],
                    column,
                )


def discrepancies() -> list[Discrepancy]:
    """Every row of data/discrepancies.csv with both figures as the book shows them, in file order."""
    check()
    shown = registry.prose_figures()
    return [
        Discrepancy(
            text=shown[row.text_key],
            official=shown[row.official_key] if isinstance(row.official_key, str) else None,
            difference=row.difference,
            explanation=row.explanation,
            source_id=row.source_id,
        )
        for row in load("discrepancies").itertuples(index=False)
    ]


def _figure_cell(figure: registry.Shown | None) -> str:
    """'**250 000** – what it is (Publisher, year)' for one side of a comparison, the source as a citation."""
    if figure is None:
        return MISSING
    keys = ",".join(dict.fromkeys(figure.sources))
    return f"**{figure.text}** – {figure.description} {{cite:p}}`{keys}`"


def rows() -> list[dict[str, str]]:
    """The table's rows as formatted text: number, the text's figure, the official one, difference and why."""
    return [
        {
            "Nr.": str(number),
            "Kildeteksten eller rapporten sier": _figure_cell(d.text),
            "Offisiell statistikk": _figure_cell(d.official),
            "Hva skiller og hvorfor": f"**{d.difference}.** {d.explanation} {{cite:p}}`{d.source_id}`",
        }
        for number, d in enumerate(discrepancies(), start=1)
    ]


def table(caption: str = "Der kildetekstene og offisiell statistikk er uenige", name: str = "tab-avvik") -> Markdown:
    """The comparisons as a numbered MyST table (a table directive with caption and label)."""
    frame = pd.DataFrame(rows())
    body = tables.markdown_table(frame, {h: (h, str) for h in frame.columns}).data
    fence = "```"
    options = (
        f":name: {name}\n:widths: 6 28 28 38\n:width: 100%\n:class: longtable"  # longtable: breaks across PDF pages
    )
    return Markdown(f"{fence}{{table}} {caption}\n{options}\n\n{body}\n{fence}")
