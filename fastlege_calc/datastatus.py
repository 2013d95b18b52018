"""Datastatus: each data series of the book, its latest period, the publisher's next release, and its age.

A series is declared in data/series.csv (id, Norwegian title, publisher, kind, its CSV files and, for
data/figures.csv, which rows); what can be computed is computed here from the rows themselves:

- the latest period of a file is the largest value of its period column (the first of
  PERIOD_COLUMNS the file has: `period_end`, `valid_from`, `date`, `year`, `period`; a span such as
  '2020–2024' counts as its last year), or the series' fixed `period` when the file has none
  (working_hours_2018.csv: the survey of 2018), or else the latest publication year of the sources
  its rows cite;
- a row of figures.csv belongs to the first series whose `figure_keys` pattern matches its key, else
  the first that lists its `source_id` in `figure_sources`, else to a group of single figures of its
  publisher (`enkelttall`), so a row added tomorrow always has a series;
- a series of kind `statistikk` is *old* when the end of its latest period lies more than
  MAX_AGE_MONTHS before the build date. The build date is passed in (fastlege_book.buildinfo gives it:
  SOURCE_DATE_EPOCH, the last commit's date), never read from the clock here.

Files in series.csv that do not exist yet are skipped (other work adds them); files that exist and
belong to no series are reported by `uncovered_files` (REFERENCE_TABLES are not series).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import re
from dataclasses import dataclass

import pandas as pd
from IPython.display import Markdown

from fastlege_calc import fmt, tables
from fastlege_calc.data import DESCRIPTOR, DataError, data_dir, load_unnoted, row_lines

FILE = "series.csv"
#: The age rule of issue 16: a statistic whose latest period ended more than 18 months before the build is
#: marked in every chapter that uses it.
MAX_AGE_MONTHS = 18
#: The same span as running text writes it (Språkrådet: words, no digits in generated prose).
MAX_AGE_WORDS = "halvannet år"
assert MAX_AGE_MONTHS == 12 + 6  # "halvannet år" is one and a half years
#: Kinds the age rule applies to: a statistic its publisher updates. The 2022 source texts and the
#: compiled overviews (events, responsibilities) are not "out of date" by age.
AGED_KINDS = frozenset({"statistikk"})
#: Columns that carry a row's period, in the order they are looked for.
PERIOD_COLUMNS = ("period_end", "valid_from", "date", "year", "period")
#: Tables in data/ that describe the others (codes, units, sources, names) and hold no dated observations.
REFERENCE_TABLES = frozenset(
    {
        "sources.csv",  # the bibliography
        "labels.csv",  # Norwegian labels of codes
        "units.csv",  # the unit table
        "discrepancies.csv",  # pairs of figure keys (their figures belong to series)
        "municipalities.csv",  # names of municipalities and counties (Kartverket's boundaries)
        "municipal_measures.csv",  # SSB's measure codes and labels
        FILE,  # this declaration itself
    }
)
FIGURES = "figures.csv"
SINGLE_FIGURES = "enkelttall"  # the kind of a publisher's group of figures.csv rows no series claims


@dataclass(frozen=True)
class Series:
    """One data series with what the data say about it.

    `files` are the CSV files that exist (file name → the file lines of its rows in the series, the
    header being line 1); `latest` the ISO period of the newest row ('2025', '2024-05-01',
    '2023-10'); `latest_end` the last day of that period; `next_release` ISO text or None;
    `release_note` Norwegian text or None; `kind` statistikk | kildetekst | oversikt | enkelttall.
    """

    series_id: str
    title: str
    publisher: str
    kind: str
    files: dict[str, tuple[int, ...]]
    latest: str
    latest_end: dt.date
    next_release: str | None = None
    release_note: str | None = None

    def is_old(self, build_date: dt.date) -> bool:
        """True for a statistic whose latest period ended more than MAX_AGE_MONTHS before `build_date`."""
        return self.kind in AGED_KINDS and is_older_than(self.latest_end, build_date, MAX_AGE_MONTHS)

    def rows(self) -> set[tuple[str, int]]:
        """Every (file, line) of the series: what a traced figure (fastlege_calc.trace.Read) is matched against."""
        return {(file, line) for file, lines in self.files.items() for line in lines}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when it has no such day: 31 Aug + 6 → 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def is_older_than(period_end: dt.date, build_date: dt.date, months: int) -> bool:
    """True when `build_date` falls after `period_end` plus `months` (on the day itself it is not yet older)."""
    return build_date > add_months(period_end, months)


def period_end(text: str) -> dt.date:
    """The last day of an ISO period (ValueError for text in none of the forms of fmt.PERIOD_FORMS).

    '2018' → 2018-12-31, '2023-10' → 2023-10-31, '2024-05-01' itself, '2020–2024' → 2024-12-31.
    """
    text = str(text).strip()
    form = fmt.period_form(text)
    if form == "years":
        return dt.date(int(re.split(r"[–-]", text)[1]), 12, 31)
    if form == "year":
        return dt.date(int(text), 12, 31)
    if form == "month":
        return add_months(dt.date.fromisoformat(text + "-01"), 1) - dt.timedelta(days=1)
    if form == "date":
        return dt.date.fromisoformat(text)
    raise ValueError(f"'{text}' is not a period (YYYY, YYYY-MM, YYYY-MM-DD or YYYY–YYYY)")


def _iso(value: object) -> str:
    """A period cell as ISO text: a date as YYYY-MM-DD, a year as YYYY, a period text as it is."""
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _resources() -> dict[str, str]:
    """CSV file name → resource name in data/datapackage.json."""
    descriptor = json.loads((data_dir() / DESCRIPTOR).read_text(encoding="utf-8"))
    return {r["path"]: r["name"] for r in descriptor["resources"]}


def _split(cell: object) -> list[str]:
    return [] if pd.isna(cell) else str(cell).split()


def _text(cell: object) -> str | None:
    return None if pd.isna(cell) or not str(cell).strip() else str(cell).strip()


def _source_years() -> dict[str, int]:
    frame = load_unnoted("sources")
    return {s: int(y) for s, y in zip(frame.source_id, frame.year, strict=True) if not pd.isna(y)}


def _latest(
    frame: pd.DataFrame, file: str, fixed: str | None, where: tuple[str, int], dated_by_source: bool = False
) -> str:
    """The newest period of some rows of one table, as ISO text (see the module docstring for the order).

    `dated_by_source`: a text is dated by its publication, not by the periods its figures name (kildetekst).
    """
    column = None if dated_by_source else next((c for c in PERIOD_COLUMNS if c in frame.columns), None)
    if column is not None:
        periods = [_iso(v) for v in frame[column] if not pd.isna(v)]
        if periods:
            return max(periods, key=period_end)
    if fixed:
        return fixed
    if "source_id" in frame.columns:
        years = _source_years()
        found = [years[s] for s in frame.source_id if s in years]
        if found:
            return str(max(found))
    raise DataError(
        FILE,
        f"the series has no period: {file} has no column {', '.join(PERIOD_COLUMNS)} and 'period' is empty [required]",
        where[1],
        "period",
    )


def _figure_series(declared: pd.DataFrame, lines: list[int]) -> dict[str, str]:
    """figures.csv key → series id: the first key pattern that matches, else the first source list, else None."""
    figures = load_unnoted("figures")
    owners: dict[str, str] = {}
    for key, source_id in zip(figures.key, figures.source_id, strict=True):
        by_key = [
            r.series_id
            for r in declared.itertuples()
            if any(fnmatch.fnmatchcase(key, p) for p in _split(r.figure_keys))
        ]
        by_source = [r.series_id for r in declared.itertuples() if source_id in _split(r.figure_sources)]
        if len(by_key) > 1:
            line = lines[list(declared.series_id).index(by_key[1])]
            raise DataError(
                FILE,
                f"the figure '{key}' matches the key patterns of both '{by_key[0]}' and '{by_key[1]}' [unique]",
                line,
                "figure_keys",
            )
        owner = (by_key or by_source or [None])[0]
        if owner:
            owners[key] = owner
    return owners


def series() -> list[Series]:
    """Every series: those of data/series.csv in file order, then a group of single figures per publisher.

    DataError naming data/series.csv, its line and column for a series with no period, a figure two
    key patterns claim, or a file that is not a table of data/datapackage.json.
    """
    declared = load_unnoted("series")
    lines = row_lines(declared)
    resources = _resources()
    figures = load_unnoted("figures")
    figure_lines = dict(zip(figures.key, row_lines(figures), strict=True))
    owners = _figure_series(declared, lines)
    found: list[Series] = []
    for line, row in zip(lines, declared.itertuples(), strict=True):
        files: dict[str, tuple[int, ...]] = {}
        latest: list[str] = []
        for file in _split(row.files):
            if not (data_dir() / file).is_file():
                continue  # listed ahead of the work that adds it
            if file not in resources:
                raise DataError(FILE, f"'{file}' is not a table of datapackage.json [foreign-key]", line, "files")
            frame = load_unnoted(resources[file])
            if file == FIGURES:
                frame = frame[[owners.get(k) == row.series_id for k in frame.key]]
                kept = tuple(figure_lines[k] for k in frame.key)
            else:
                kept = tuple(row_lines(frame))
            if frame.empty:
                continue
            files[file] = kept
            latest.append(_latest(frame, file, _text(row.period), (FILE, line), row.kind == "kildetekst"))
        if not files:
            continue
        newest = max(latest, key=period_end)
        found.append(
            Series(
                row.series_id,
                row.title,
                row.publisher,
                row.kind,
                files,
                newest,
                period_end(newest),
                _text(row.next_release),
                _text(row.release_note),
            )
        )
    return found + _single_figures(owners, figures, figure_lines)


def _single_figures(owners: dict[str, str], figures: pd.DataFrame, figure_lines: dict[str, int]) -> list[Series]:
    """The rows of figures.csv no series claims, one group per publisher (from data/sources.csv)."""
    sources = load_unnoted("sources").set_index("source_id")
    rest = figures[[k not in owners for k in figures.key]].copy()
    rest["publisher"] = [sources.at[s, "publisher"] for s in rest.source_id]
    groups = []
    for publisher, group in rest.groupby("publisher", sort=True):
        newest = _latest(group, FIGURES, None, (FILE, 1))
        groups.append(
            Series(
                f"{SINGLE_FIGURES}:{publisher}",
                "Enkelttall",
                str(publisher),
                SINGLE_FIGURES,
                {FIGURES: tuple(figure_lines[k] for k in group.key)},
                newest,
                period_end(newest),
            )
        )
    return groups


def source_text_ids() -> frozenset[str]:
    """The source ids of the source texts: `figure_sources` of the series of kind kildetekst in data/series.csv."""
    declared = load_unnoted("series")
    return frozenset(
        s
        for kind, cell in zip(declared.kind, declared.figure_sources, strict=True)
        if kind == "kildetekst"
        for s in _split(cell)
    )


def uncovered_files() -> list[str]:
    """CSV files in data/ that are neither in a series nor in REFERENCE_TABLES (should be [])."""
    declared = load_unnoted("series")
    listed = {file for cell in declared.files for file in _split(cell)}
    return sorted(p.name for p in data_dir().glob("*.csv") if p.name not in listed | REFERENCE_TABLES)


def old_series(build_date: dt.date) -> list[Series]:
    """The statistics older than the age rule allows on `build_date` (see `Series.is_old`)."""
    return [s for s in series() if s.is_old(build_date)]


def series_of_rows(rows: set[tuple[str, int]]) -> list[Series]:
    """The series that contain any of the given (file, line) rows, in the order of `series()`."""
    return [s for s in series() if s.rows() & rows]


def _period_words(iso: str) -> str:
    return fmt.period(iso)


def _release(s: Series) -> str:
    if s.next_release:
        return _period_words(s.next_release)
    return s.release_note or "ikke funnet"


def rows(build_date: dt.date) -> list[dict[str, str]]:
    """The table's rows as text: series, publisher, latest period, next release, and whether it is old."""
    return [
        {
            "Serie": s.title,
            "Utgiver": s.publisher,
            "Nyeste periode": _period_words(s.latest),
            "Neste publisering": _release(s)
            if s.kind not in ("kildetekst", SINGLE_FIGURES)
            else (s.release_note or "–"),
            "Eldre enn " + MAX_AGE_WORDS: "ja" if s.is_old(build_date) else "nei" if s.kind in AGED_KINDS else "–",
        }
        for s in series()
    ]


def table(
    build_date: dt.date, caption: str = "Dataseriene og hvor nye de er", name: str = "tab-datastatus"
) -> Markdown:
    """The series as a numbered MyST table (Tabell X.n), computed from data/ for the given build date."""
    frame = pd.DataFrame(rows(build_date))
    body = tables.markdown_table(frame, {h: (h, str) for h in frame.columns})
    return tables.numbered_table(body, caption, name)
