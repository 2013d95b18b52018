"""Tables for the book: Norwegian-formatted Markdown that renders the same on the website and in the PDF.

A reader never sees a code in a table: a column of codes is written with `label(domain)` (its Norwegian
label from data/labels.csv), a column of source ids with `source` (the citation, linked to *Kilder*).
`markdown_table` refuses a cell that still shows a code name (`code_names`), naming the column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import pandas as pd
from IPython.display import Markdown

from fastlege_calc.data import load
from fastlege_calc.labels import label_nb

Column = tuple[str, Callable[[object], str]]  # (header, formatter)

#: A name from code: snake_case (tariff_refunds, hdir_hp_2020, basis_funding).
SNAKE_CASE = re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-])")
#: A MyST role with its content ({cite:t}`hdir_hp_2020`): the content is markup, not text a reader sees.
ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")


def code_names(text: str) -> list[str]:
    """The code names a table cell would show a reader: snake_case words, source ids, or a whole cell that is a code.

    A code of data/labels.csv counts when it is the whole cell and differs from its Norwegian label
    ('salaried', not 'median'); MyST roles in the cell are markup and are skipped. Returns [] for a clean cell.
    """
    visible = ROLE.sub(" ", str(text)).strip()
    found = SNAKE_CASE.findall(visible)
    words = set(re.findall(r"[\w-]+", visible))
    found += sorted(words & _source_ids() - set(found))
    if visible in _label_codes() and visible not in found:
        found.append(visible)
    return found


def _source_ids() -> set[str]:
    return set(load("sources").source_id)


def _label_codes() -> set[str]:
    """Codes of data/labels.csv that are not themselves the Norwegian word ('salaried', 'tromso', 'mean')."""
    table = load("labels")
    return {c for c, label in zip(table.code, table.label_nb, strict=True) if str(c).lower() != str(label).lower()}


def label(domain: str) -> Callable[[object], str]:
    """A formatter writing a code as its Norwegian label from data/labels.csv (DataError naming the file if none)."""
    return lambda code: label_nb(domain, str(code))


def source(source_id: object) -> str:
    """A cell naming a source: its citation as in the text, 'Helsedirektoratet (2021)', linked to *Kilder*."""
    return "{cite:t}`" + str(source_id) + "`"


def _cell(text: str) -> str:
    """Escape a cell for a Markdown pipe table."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: pd.DataFrame, columns: Mapping[str, Column]) -> Markdown:
    """A pipe table of the given columns, each with a Norwegian header and formatter.

    ValueError naming the column and the cell when a formatted cell shows a code name (use `label` or `source`).
    """
    headers = [header for header, _ in columns.values()]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(["---"] * len(headers)) + "|"]
    for _, row in frame.iterrows():
        cells = [_cell("" if pd.isna(row[name]) else formatter(row[name])) for name, (_, formatter) in columns.items()]
        for (header, _), cell in zip(columns.values(), cells, strict=True):
            if found := code_names(cell):
                raise ValueError(
                    f"table column '{header}' shows the code {found[0]!r} to readers; "
                    "write it with tables.label(domain) or tables.source"
                )
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
