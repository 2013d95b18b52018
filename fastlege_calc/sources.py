"""The sources table: short labels for captions and full references for the appendix.

A source is cited by author and year, as the book cites it everywhere (text, tooltips, chart source
lines, *Tall og kilder*): "Helsedirektoratet (2024)", "Thorsen mfl. (2022)". Two sources that would
cite alike get letters after the year, 2021a and 2021b, in the order of their titles (`year_label`).
The bibliography is sorted the Norwegian way, with ICU's collation for bokmål: Æ, Ø and Å last
(`sort_key`, `bibliography_key`).
"""

from __future__ import annotations

import datetime as dt
import functools

import icu

from fastlege_calc import fmt
from fastlege_calc.data import load, per_data_version

#: ICU's collation for Norwegian bokmål (CLDR): ... X Y Z Æ Ø Å, and "Aa" as Å.
COLLATION_LOCALE = "nb_NO"


def source(source_id: str) -> dict:
    """One row of data/sources.csv as a dict (column → value; an empty cell is NaN).

    KeyError naming data/sources.csv for an unknown source.
    """
    rows = _rows_by_id()
    if source_id not in rows:
        raise KeyError(f"source '{source_id}' is not in data/sources.csv")
    return dict(rows[source_id])


@per_data_version("sources")
def _rows_by_id() -> dict[str, dict]:
    """Every row of data/sources.csv by source_id, made once per data version.

    Citations ask for a source hundreds of times per build (every tooltip and source line); filtering
    the table each time took about a millisecond and a half per call.
    """
    return {row["source_id"]: row for row in load("sources").to_dict("records")}


@functools.cache
def _collator() -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(COLLATION_LOCALE))


def sort_key(text: str) -> bytes:
    """A key that sorts text the Norwegian way (ICU, bokmål): 'Aker' < 'Zeta' < 'Ærø' < 'Østre' < 'Ålesund'."""
    return bytes(_collator().getSortKey(text))


def cited_author(row: dict) -> str:
    """Who a citation names: the publisher for an organisation, else surnames ('Morken mfl.', 'A og B', 'A')."""
    surnames = [name.split(",")[0].strip() for name in persons(row.get("author"))]
    if len(surnames) > 2:
        return f"{surnames[0]} mfl."
    if surnames:
        return " og ".join(surnames)
    return row["publisher"]


@per_data_version("sources")
def _year_labels() -> dict[str, str]:
    """Every source's year as cited: '2024', or '2021a', '2021b' … where author and year are shared (by title)."""
    rows = load("sources").to_dict("records")
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((cited_author(row), str(row["year"])), []).append(row)
    labels = {}
    for (_, year), group in groups.items():
        ordered = sorted(group, key=lambda r: sort_key(r["title"]))
        for i, row in enumerate(ordered):
            labels[row["source_id"]] = year + ("abcdefghijklmnopqrstuvwxyz"[i] if len(group) > 1 else "")
    return labels


def year_label(source_id: str) -> str:
    """The year a source is cited with: '2024', or '2021a' / '2021b' when two sources share author and year.

    KeyError naming data/sources.csv for an unknown source.
    """
    labels = _year_labels()
    if source_id not in labels:
        raise KeyError(f"source '{source_id}' is not in data/sources.csv")
    return labels[source_id]


def bibliography_key(source_id: str) -> tuple[bytes, str, bytes]:
    """Where a source stands in the bibliography: by author as listed (Norwegian collation), year label, title."""
    row = source(source_id)
    people = persons(row.get("author"))
    who = "; ".join(people) if people else row["publisher"]
    return sort_key(who), year_label(source_id), sort_key(row["title"])


def short_label(source_id: str) -> str:
    """'Author (year)' as citations give it: Helsedirektoratet (2024), Morken mfl. (2019), KS (2021a)."""
    return f"{cited_author(source(source_id))} ({year_label(source_id)})"


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
    rest the publisher is the corporate author. The year is the year label (2021a where two sources
    would cite alike), so citations and the list agree. The access date is written out in Norwegian.
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
            "year": year_label(row.source_id),  # 2021a / 2021b where two sources would cite alike
            "url": row.url,
            "urldate": fmt.date_long(dt.date.fromisoformat(str(row.accessed))),
        }
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value is not None)
        entries.append(f"@misc{{{row.source_id},\n{body}\n}}\n")
    return "\n".join(entries)
