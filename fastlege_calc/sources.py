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


def _bib_escape(text: str) -> str:
    """Text safe inside a BibTeX field: braces and LaTeX specials escaped."""
    for char in "\\{}":
        text = text.replace(char, "")
    for char in "&%$#_":
        text = text.replace(char, "\\" + char)
    return text


def bibtex() -> str:
    """data/sources.csv as BibTeX: one @misc per source, the publisher as corporate author.

    The cite key is the source_id, so a chapter cites {cite:p}`hdir_ar_2023`.
    """
    entries = []
    for row in load("sources").itertuples():
        fields = {
            "author": "{" + _bib_escape(row.publisher) + "}",
            "title": "{" + _bib_escape(row.title) + "}",
            "year": str(row.year),
            "url": row.url,
            "note": f"Lest {row.accessed}",
        }
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        entries.append(f"@misc{{{row.source_id},\n{body}\n}}\n")
    return "\n".join(entries)
