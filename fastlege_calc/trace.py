"""Which data rows a calculation reads: every accessor notes the rows it hands out into the open trace.

The registry opens a trace around each figure function (`with reading() as reads: …`), so a figure's
sources are the rows its formula actually read, never a list typed beside it. The rule for accessors:

- an accessor that hands out one row (`figures.figure`, `register.latest`, `basistilskudd.rate_on`,
  `hours.row` …) notes that row: its file, line, source and confidence;
- a whole-table read (`data.load`, `register.rows`, `basistilskudd.rates` …) notes every row of the
  table, and so does a comparison across rows (`register.peak` compares them all);
- choosing a row by its key or position (the first, the latest, the end of a year) reads only the row
  chosen;
- a row read only to choose another (the year Tidsskriftet's figure names picks the register row of
  that year), inside `with selecting():`, is a row the figure depends on but not one of its sources:
  the register's count for that year cites the register.

Outside a trace noting costs one context-variable lookup. Traces are per thread and per asyncio task
(`contextvars`); a trace opened inside another passes its rows on to the outer one when it closes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Read:
    """One data row a calculation read: data/<file>, line (the header is line 1), its source and confidence.

    `period` is the period the row describes where its table has one, as ISO text ('2024-05-01',
    '2019', '2020–2024'); None otherwise. `selects` is True for a row read only to choose another.
    """

    file: str
    line: int
    source_id: str
    confidence: str | None = None
    period: str | None = None
    selects: bool = False

    @property
    def where(self) -> str:
        """'data/gp_register.csv, line 7': the row as an error message or the changes page names it."""
        return f"data/{self.file}, line {self.line}"


_OPEN: ContextVar[list[Read] | None] = ContextVar("fastlege_calc_trace", default=None)
_SELECTING: ContextVar[bool] = ContextVar("fastlege_calc_selecting", default=False)


def active() -> bool:
    """True while a trace is open (an accessor may skip preparing what it would note)."""
    return _OPEN.get() is not None


def period_text(period: object) -> str | None:
    """A row's period as ISO text: a date '2024-05-01', a year '2019', a range as written; None when empty."""
    if period is None or period == "":
        return None
    if isinstance(period, dt.date):
        return period.isoformat()
    return str(period)


def note(file: str, line: int, source_id: str, confidence: str | None = None, period: object = None) -> None:
    """Note one row of data/<file> as read by the calculation under way (nothing when no trace is open)."""
    reads = _OPEN.get()
    if reads is not None:
        reads.append(Read(file, line, source_id, confidence, period_text(period), _SELECTING.get()))


def note_reads(reads: Iterable[Read]) -> None:
    """Note rows already written as Read records (a whole table, prepared once); nothing when no trace is open."""
    open_reads = _OPEN.get()
    if open_reads is None:
        return
    if _SELECTING.get():
        reads = [dataclasses.replace(read, selects=True) for read in reads]
    open_reads.extend(reads)


def note_all(file: str, rows: Iterable) -> None:
    """Note rows that carry `line`, `source_id` and `confidence` attributes (a whole table, or a comparison)."""
    if _OPEN.get() is None:
        return
    for row in rows:
        note(file, row.line, row.source_id, row.confidence)


@contextlib.contextmanager
def reading() -> Iterator[list[Read]]:
    """Open a trace: the list it yields fills with every row read until the block ends, in reading order.

    A row read twice is listed twice; `sources()` and `rows()` give each once.
    """
    reads: list[Read] = []
    outer = _OPEN.get()
    token = _OPEN.set(reads)
    try:
        yield reads
    finally:
        _OPEN.reset(token)
        if outer is not None:
            outer.extend(reads)


@contextlib.contextmanager
def selecting() -> Iterator[None]:
    """Rows read in this block only choose which row to read next: noted with `selects=True`, not as sources."""
    token = _SELECTING.set(True)
    try:
        yield
    finally:
        _SELECTING.reset(token)


@contextlib.contextmanager
def unnoted() -> Iterator[None]:
    """Nothing read in this block is noted in the open trace.

    For a result cached once per data version whose public accessor notes the tables it depends on itself on
    every call (a cached result would otherwise cite its rows only in the trace that computed it first).
    """
    token = _OPEN.set(None)
    try:
        yield
    finally:
        _OPEN.reset(token)


def sources(reads: Iterable[Read]) -> tuple[str, ...]:
    """The source ids of the rows read for their values (not `selects`), each once, in the order first read."""
    return tuple(dict.fromkeys(r.source_id for r in reads if not r.selects))


def rows(reads: Iterable[Read]) -> tuple[Read, ...]:
    """The reads with each row (file and line) once, in the order first read.

    A row read both to choose and for its value counts as read for its value (`selects=False`).
    """
    first: dict[tuple[str, int], Read] = {}
    for read in reads:
        key = (read.file, read.line)
        if key not in first or (first[key].selects and not read.selects):
            first[key] = read if key not in first else dataclasses.replace(first[key], selects=False)
    return tuple(first.values())
