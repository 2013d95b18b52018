"""The sources table: short labels for captions and full references for the appendix."""

from __future__ import annotations

import datetime as dt

from fastlege_calc import fmt
from fastlege_calc.data import load


def source(source_id: str) -> dict:
    """One row of data/sources.csv as a dict."""
    table = load("sources")
    rows = table[table.source_id == source_id]
    if rows.empty:
        raise KeyError(f"source '{source_id}' is not in data/sources.csv")
    return rows.iloc[0].to_dict()


def short_label(source_id: str) -> str:
    """'Publisher (year)': Helsedirektoratet (2024); personal authors as in citations: Morken mfl. (2019)."""
    row = source(source_id)
    surnames = [name.split(",")[0].strip() for name in persons(row.get("author"))]
    if len(surnames) > 2:
        who = f"{surnames[0]} mfl."
    elif surnames:
        who = " og ".join(surnames)
    else:
        who = row["publisher"]
    return f"{who} ({row['year']})"


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


def persons(author: object) -> list[str]:
    """The personal authors of a source ('Surname, Given; …' in the author column), or [] for an organisation."""
    if not isinstance(author, str) or not author.strip():
        return []
    return [name.strip() for name in author.split(";") if name.strip()]


def bibtex() -> str:
    """data/sources.csv as BibTeX: one @misc per source, for the Norwegian style in fastlege_book.bibstyle.

    The cite key is the source_id, so a chapter cites {cite:p}`hdir_ar_2023`. Sources with personal
    authors name them (joined with BibTeX's ' and ') and give the publisher as howpublished; for the
    rest the publisher is the corporate author. The access date is written out in Norwegian.
    """
    entries = []
    for row in load("sources").itertuples():
        people = persons(row.author)
        fields = {
            "author": " and ".join(_bib_escape(p) for p in people)
            if people
            else "{" + _bib_escape(row.publisher) + "}",
            "title": "{" + _bib_escape(row.title) + "}",
            "howpublished": _bib_escape(row.publisher) if people else None,
            "year": str(row.year),
            "url": row.url,
            "urldate": fmt.date_long(dt.date.fromisoformat(str(row.accessed))),
        }
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value is not None)
        entries.append(f"@misc{{{row.source_id},\n{body}\n}}\n")
    return "\n".join(entries)
