"""The sources table: short labels for captions and full references for the appendix."""

from __future__ import annotations

from fastlege_calc.data import load


def source(source_id: str) -> dict:
    """One row of data/sources.csv as a dict."""
    table = load("sources")
    rows = table[table.source_id == source_id]
    if rows.empty:
        raise KeyError(f"source '{source_id}' is not in data/sources.csv")
    return rows.iloc[0].to_dict()


def short_label(source_id: str) -> str:
    """'Publisher (year)': Helsedirektoratet (2024)."""
    row = source(source_id)
    return f"{row['publisher']} ({row['year']})"


def source_line(source_ids: list[str]) -> str:
    """'Kilde: …' for the foot of a chart, each source once, in order."""
    labels = list(dict.fromkeys(short_label(s) for s in source_ids))
    return ("Kilder: " if len(labels) > 1 else "Kilde: ") + "; ".join(labels)


def table_sources(name: str) -> tuple[str, ...]:
    """Every source a data table cites, each once, in the order of its rows."""
    return tuple(dict.fromkeys(load(name).source_id))
