"""What has happened since 2022: the dated events of data/events.csv and the measures of data/measures_status.csv.

The chapter *Hva har skjedd etter 2022* (book/etter-2022.md) shows both as tables, and the events as a
timeline chart (fastlege_calc/charts/etter_2022.py). Each row names the figures it shows by their
registry keys (column `figures`, separated by spaces); the words of a row hold no digits (the schema
refuses them), so every number a reader sees comes from the registry as a linked figure. A key that
is not a figure the book shows is refused with the file, line and column, like any other data error.

An event is dated as precisely as its source gives it: a year ('2025'), a month ('2023-08') or a day
('2025-10-22'). Events are shown in the order of the first day their date covers; events with the
same first day keep the order of the file.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import pandas as pd
from IPython.display import Markdown

from fastlege_calc import figures, fmt, municipal, phrases, register, registry, tables
from fastlege_calc.data import DataError, load, row_lines
from fastlege_calc.registry import said

EVENTS_FILE = "events.csv"
MEASURES_FILE = "measures_status.csv"
#: Shown where a row names no figure, or no step was found.
NONE = "–"


@dataclass(frozen=True)
class Event:
    """One event: id, ISO date (year, month or day), kind code, short title, Norwegian text, document, figures, source.

    `figures` are registry keys in the order of the row; `line` is the row's line in data/events.csv
    (the header is line 1).
    """

    id: str
    date: str
    kind: str
    title: str
    what: str
    document: str | None
    figures: tuple[str, ...]
    source_id: str
    confidence: str
    line: int

    @property
    def first_day(self) -> dt.date:
        """The first day the date covers: 2025 → 1 January 2025, 2023-08 → 1 August 2023."""
        return first_day(self.date)

    @property
    def when(self) -> str:
        """The date in words, as precise as the data: '2025', 'august 2023', '22. oktober 2025'."""
        return fmt.period(self.date)


@dataclass(frozen=True)
class MeasureStatus:
    """One measure of a source text and what has happened since: status code, text, date, figures, source.

    `proposed_by` is the source id of the text that proposed it (thorsen_2022 or af_123); `date` is None
    and `source_id` the proposal's own source when nothing was found.
    """

    id: str
    measure: str
    proposed_by: str
    status: str
    since: str
    date: str | None
    figures: tuple[str, ...]
    source_id: str | None
    line: int


def first_day(date_text: str) -> dt.date:
    """The first day of an ISO year, month or day ('2025' → 2025-01-01); ValueError for any other text."""
    form = fmt.period_form(date_text)
    if form == "year":
        return dt.date(int(date_text), 1, 1)
    if form == "month":
        return dt.date.fromisoformat(date_text + "-01")
    if form == "date":
        return dt.date.fromisoformat(date_text)
    raise ValueError(f"'{date_text}' is not a year, a month or a day (YYYY, YYYY-MM, YYYY-MM-DD)")


def _text(cell: object) -> str | None:
    """A cell's text, or None for an empty cell."""
    return None if cell is None or pd.isna(cell) or not str(cell).strip() else str(cell)


def _keys(file: str, frame: pd.DataFrame) -> list[tuple[str, ...]]:
    """Each row's figure keys, checked against the registry (DataError naming file, line and column 'figures')."""
    shown = registry.prose_figures()
    lines = row_lines(frame)
    found = []
    for index, cell in enumerate(frame["figures"]):
        keys = tuple((_text(cell) or "").split())
        for key in keys:
            if key not in shown:
                raise DataError(
                    file,
                    f"figure '{key}' is not a figure the book shows; "
                    "list them with `python -m fastlege_calc figures` [foreign-key]",
                    lines[index],
                    "figures",
                )
        found.append(keys)
    return found


def events() -> list[Event]:
    """Every row of data/events.csv as an Event, in date order (first day covered; ties in file order).

    Raises DataError naming the file, line and column for a figure key the book does not show.
    """
    frame = load("events")
    keys = _keys(EVENTS_FILE, frame)
    found = [
        Event(
            row.id,
            row.date,
            row.kind,
            row.title,
            row.what,
            _text(row.document),
            row_keys,
            row.source_id,
            row.confidence,
            line,
        )
        for row, row_keys, line in zip(frame.itertuples(index=False), keys, row_lines(frame), strict=True)
    ]
    return sorted(found, key=lambda e: (e.first_day, e.line))


def measures() -> list[MeasureStatus]:
    """Every row of data/measures_status.csv in file order (the source texts' order of their measures).

    Raises DataError naming the file, line and column for a figure key the book does not show.
    """
    frame = load("measures_status")
    keys = _keys(MEASURES_FILE, frame)
    return [
        MeasureStatus(
            row.id,
            row.measure,
            row.proposed_by,
            row.status,
            row.since,
            _text(row.date),
            row_keys,
            _text(row.source_id),
            line,
        )
        for row, row_keys, line in zip(frame.itertuples(index=False), keys, row_lines(frame), strict=True)
    ]


def figures_cell(keys: tuple[str, ...]) -> str:
    """The figures of a row as the table shows them: 'description: number' each, the number a linked {tall} role."""
    if not keys:
        return NONE
    shown = registry.prose_figures()
    # after a semicolon a label starts lower-case, unless it is a name or an abbreviation (phrases.mid_sentence)
    return "; ".join(
        f"{shown[key].description if n == 0 else phrases.mid_sentence(shown[key].description)}: {{tall}}`{key}`"
        for n, key in enumerate(keys)
    )


def _since_cell(m: MeasureStatus) -> str:
    """'Oktober 2023: what happened (Regjeringen 2023)': when, what and the source cited.

    Where nothing was found there is no date, and the proposal itself is not cited again.
    """
    when = f"{phrases.capitalised(fmt.period(m.date))}: " if m.date else ""
    cite = "" if m.source_id in (None, m.proposed_by) else " {cite:p}`" + m.source_id + "`"
    return f"{when}{m.since}{cite}"


def _what_cell(what: str, document: str | None, source_id: str) -> str:
    """What happened, the document's name in italics, and the source as a citation at the end."""
    cite = "{cite:p}`" + source_id + "`"
    return f"{what}. Dokument: *{document}* {cite}" if document else f"{what} {cite}"


def events_frame() -> pd.DataFrame:
    """The events as rows for the timeline table and chart, in date order.

    Columns: id, date (the first day covered, a date), when (Norwegian words), kind (code), kind_label,
    title (short), what (Markdown: the document's name in italics, the source cited at the end),
    what_plain (the words and the document as plain text), document, figures (the table cell), source_id.
    """
    kinds = tables.label("event_kind")
    return pd.DataFrame(
        [
            {
                "id": e.id,
                "date": e.first_day,
                "when": e.when,
                "kind": e.kind,
                "kind_label": kinds(e.kind),
                "title": e.title,
                "what": _what_cell(e.what, e.document, e.source_id),
                "what_plain": f"{e.what} ({e.document})" if e.document else e.what,
                "document": e.document or "",
                "figures": figures_cell(e.figures),
                "source_id": e.source_id,
            }
            for e in events()
        ]
    )


def long_table(body: Markdown, caption: str, name: str, widths: str) -> Markdown:
    """A numbered MyST table (Tabell 9.1) from markdown_table that may break across PDF pages, full width.

    `widths` are the columns' relative widths, space-separated ("15 47 38"); `name` starts with "tab-".
    """
    fence = "```"
    options = f":name: {name}\n:widths: {widths}\n:width: 100%\n:class: longtable"
    return Markdown(f"{fence}{{table}} {caption}\n{options}\n\n{body.data}\n{fence}")


def events_table(caption: str = "Hendelser etter 2022, etter dato", name: str = "tab-hendelser") -> Markdown:
    """The timeline as a numbered table: when, what happened (with the document and the source), the figures."""
    body = tables.markdown_table(
        events_frame(),
        {"when": ("Når", str), "what": ("Hva skjedde (kilde)", str), "figures": ("Tall", str)},
    )
    return long_table(body, caption, name, "18 45 37")


def measures_frame() -> pd.DataFrame:
    """The measures as table rows: measure with its proposer, status label, what happened with when, figures, source."""
    status = tables.label("measure_status")
    return pd.DataFrame(
        [
            {
                "id": m.id,
                "measure": f"{m.measure} {{cite:p}}`{m.proposed_by}`",
                "status": status(m.status),
                "since": _since_cell(m),
                "figures": figures_cell(m.figures),
            }
            for m in measures()
        ]
    )


def measures_table(
    caption: str = "Tiltakene kildetekstene foreslo, og hva som har skjedd siden", name: str = "tab-tiltak-status"
) -> Markdown:
    """The measures as a numbered table: measure (who proposed it), status, what happened (when), figures, source."""
    body = tables.markdown_table(
        measures_frame(),
        {
            "measure": ("Tiltak (foreslått av)", str),
            "status": ("Status", str),
            "since": ("Hva har skjedd (når, kilde)", str),
            "figures": ("Tall", str),
        },
    )
    return long_table(body, caption, name, "22 13 37 28")


def check() -> None:
    """Read both tables once, so a figure key the book does not show stops the build with its file and line."""
    events()
    measures()


# --- sentences of the chapter ----------------------------------------------------------------------
#: Stored figures the chapter dates in words ('i 2023'), beside those of fastlege_calc.figures.WHEN_PHRASES.
WHEN_KEYS = ("gps_entered_2023", "expert_committee_recommendations")
#: Budget figures the chapter gives with their budget year ('for 2026'), from the row's period (a year).
BUDGET_YEAR_KEYS = ("budget_2023_total", "budget_2024_alis", "budget_2025_online_gp_pilot", "budget_2026_gp_services")


def budget_year_text(key: str) -> str:
    """'for 2026': the budget year of a stored budget figure, from its row's period (DataError when not a year)."""
    return f"for {fmt.year(figures.figure_year(key))}"


for _key in WHEN_KEYS:
    said(f"{_key}_when", about=f"Når tallet '{_key}' gjelder, fra radens periode")(
        functools.partial(figures.when, _key)
    )
for _key in BUDGET_YEAR_KEYS:
    said(f"{_key}_for", about=f"Budsjettåret for tallet '{_key}', fra radens periode")(
        functools.partial(budget_year_text, _key)
    )


@said(
    "without_gp_peak_opening",
    about="Listeinnbyggere uten fastlege: månedstoppen ifølge NRK, kalt den høyeste bare når den er det",
)
def _without_gp_peak_opening() -> str:
    """The monthly count NRK reported from Helsedirektoratet, called the highest only when it is the highest.

    The peak is called the highest only when it is at least every count of the register table (a month's
    count the register's quarter ends do not hold); otherwise the sentence gives it as the source's number.
    """
    peak = figures.figure("patients_without_gp_peak")
    register_highest = max(row.patients_without_gp for row in register.rows() if row.patients_without_gp is not None)
    when = figures.when("patients_without_gp_peak")
    if peak.value >= register_highest:
        return (
            f"Ifølge Helsedirektoratet, gjengitt av NRK, var antallet listeinnbyggere uten fastlege på sitt "
            f"høyeste {when}, med om lag {{{{ patients_without_gp_peak }}}}"
        )
    return (
        f"Helsedirektoratet oppga ifølge NRK om lag {{{{ patients_without_gp_peak }}}} listeinnbyggere uten "
        f"fastlege {when}"
    )


@said(
    "without_gp_since_peak", about="Listeinnbyggere uten fastlege: månedstoppen ifølge NRK mot SSBs siste kommunetall"
)
def _without_gp_since_peak() -> str:
    """The monthly peak (NRK citing Helsedirektoratet) against SSB's latest municipal sum, direction computed.

    The opening is `without_gp_peak_opening`'s.
    """
    peak = figures.figure("patients_without_gp_peak")
    latest = municipal.national_sums(municipal.latest_year())["patients_without_gp"]
    opening = _without_gp_peak_opening()
    direction = phrases.more_or_less(latest - peak.value, "flere", "færre", "like mange")
    return (
        f"{opening}. Ved utgangen av {{{{ muni_latest_year }}}} var det {direction} ifølge SSBs tall for "
        f"kommunene: {{{{ muni_patients_without_gp }}}}, eller {{{{ muni_share_without_gp }}}} av listeinnbyggerne"
    )
