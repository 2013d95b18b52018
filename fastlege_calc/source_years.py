"""Each source's year of publication as a figure: "Allmennlegeforeningen mente i {{ af_123_year }} at …".

A source text's claim is attributed inside its sentence with who and when; the when is the source's
year in data/sources.csv (column `year`), never typed. Each source gets the key '<source_id>_year'
(unit year); its trace is the source's row in sources.csv.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from fastlege_calc import trace
from fastlege_calc.data import load_unnoted, with_lines
from fastlege_calc.registry import Declaration, shown_each
from fastlege_calc.sources import cited_author, year_label

FILE = "sources.csv"


def year_key(source_id: str) -> str:
    """'<source_id>_year': the key of the figure giving a source's year of publication."""
    return f"{source_id}_year"


def is_year_of_its_source(key: str, sources: Iterable[str]) -> bool:
    """True for a figure that gives its one source's year of publication (key '<source_id>_year', that source only).

    Such a figure only attributes a claim ("Allmennlegeforeningen mente i 2022 at …"). Decided from the key and
    the sources alone, so it works for the record of an older edition whose source has since left
    data/sources.csv; a figure of another kind whose key ends in '_year' (cpi_first_year) cites other sources.
    """
    cited = tuple(sources)
    return len(cited) == 1 and key == year_key(cited[0])


def source_year(source_id: str) -> int:
    """The publication year of one source (data/sources.csv), noting its row in the open trace.

    KeyError naming the file when the source is not in data/sources.csv.
    """
    for line, row in with_lines(load_unnoted("sources")):
        if row.source_id == source_id:
            trace.note(FILE, line, source_id, None, str(int(row.year)))
            return int(row.year)
    raise KeyError(f"source '{source_id}' is not in data/{FILE}")


@shown_each
def _source_years() -> Iterator[Declaration]:
    """'<source_id>_year' for every source: the year the prose names when it attributes a claim to it."""
    for _, row in with_lines(load_unnoted("sources")):
        yield Declaration(
            year_key(row.source_id),
            "year",
            # Author and year label as the text cites it: unique, since two sources of one author and year
            # get letters (2021a, 2021b), so the changes page and Tall og kilder tell them apart.
            f"Utgivelsesår for kilden {cited_author(row._asdict())} ({year_label(row.source_id)})",
            functools.partial(source_year, row.source_id),
        )
