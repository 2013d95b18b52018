"""Tables for the book: Norwegian-formatted Markdown that renders the same on the website and in the PDF."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
from IPython.display import Markdown

Column = tuple[str, Callable[[object], str]]  # (header, formatter)


def _cell(text: str) -> str:
    """Escape a cell for a Markdown pipe table."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: pd.DataFrame, columns: Mapping[str, Column]) -> Markdown:
    """A pipe table of the given columns, each with a Norwegian header and formatter."""
    headers = [header for header, _ in columns.values()]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(["---"] * len(headers)) + "|"]
    for _, row in frame.iterrows():
        cells = [_cell("" if pd.isna(row[name]) else formatter(row[name])) for name, (_, formatter) in columns.items()]
        lines.append("| " + " | ".join(cells) + " |")
    return Markdown("\n".join(lines))


def key_value_table(rows: Mapping[str, str], headers: tuple[str, str] = ("Størrelse", "Verdi")) -> Markdown:
    """A two-column table of already formatted values."""
    frame = pd.DataFrame({"k": list(rows.keys()), "v": list(rows.values())})
    return markdown_table(frame, {"k": (headers[0], str), "v": (headers[1], str)})


def numbered_table(table: Markdown, caption: str, name: str) -> Markdown:
    """A table from markdown_table with a caption and a label: numbered (Tabell 5.1), {numref}`name` refers to it."""
    if not name.startswith("tab-"):
        raise ValueError(f"table label must start with 'tab-', got '{name}'")
    return Markdown(f":::{{table}} {_cell(caption)}\n:name: {name}\n\n{table.data}\n:::")
