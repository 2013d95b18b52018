"""Editions: the figure registry and the data rows of a release, kept in editions/<version>/figures.json.

`registry_document` is what every build writes (`_static/figures.json`); `release` records it as a new
edition; `changes` compares the current figures with the latest edition and says which data rows
changed behind each changed figure.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import datetime as dt
import functools
import gzip
import hashlib
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fastlege_book.layout import EDITIONS, FIGURES_JSON
from fastlege_calc import data, fmt, registry, source_years, sources

#: Above this many changed data rows, rows are matched to figures by source instead of recomputed.
MAX_ATTRIBUTED_ROWS = 30


def _rows(text: str, key_columns: list[str]) -> dict[str, dict]:
    """A CSV file's rows by primary key (the line number where the table has none): {key: {line, cells}}."""
    rows = {}
    # The file's own line numbers: a quoted cell with a line break takes two (data.record_lines).
    for line, row in zip(data.record_lines(text)[1:], csv.DictReader(io.StringIO(text)), strict=True):
        key = "|".join(row[c] for c in key_columns) if key_columns else str(line)
        rows[key] = {"line": line, "cells": row}
    return rows


def data_snapshot() -> dict[str, dict]:
    """Every data file: its SHA-256, primary key and exact bytes, compressed.

    {path: {"resource", "sha256", "key", "csv_gzip": base64 of the gzip-compressed file}}. The bytes
    are kept whole (so a changed figure can be traced to the row that changed it, and `rows` can give
    every row back), but compressed: the municipal tables would otherwise make every edition and
    _static/figures.json about 1.5 MB of JSON rows instead of about 150 kB. gzip with no timestamp,
    so identical data give identical files.
    """
    directory = data.data_dir()
    descriptor = json.loads((directory / data.DESCRIPTOR).read_text(encoding="utf-8"))
    snapshot = {}
    for resource in descriptor["resources"]:
        path = directory / resource["path"]
        data._record_table(resource["name"])
        raw = path.read_bytes()
        key_columns = resource["schema"].get("primaryKey") or []
        key_columns = [key_columns] if isinstance(key_columns, str) else key_columns
        snapshot[resource["path"]] = {
            "resource": resource["name"],
            "sha256": hashlib.sha256(raw).hexdigest(),
            "key": key_columns,
            "csv_gzip": base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii"),
        }
    return snapshot


def rows(entry: dict) -> dict[str, dict]:
    """The rows of one file of a data snapshot by primary key: {key: {"line": n, "cells": {column: text}}}.

    Reads both forms an edition may hold: the compressed file (`csv_gzip`) or, in editions recorded
    before the data were compressed (2026.1), the rows written out (`rows`). An entry with neither has no rows.
    """
    if "rows" in entry:
        return entry["rows"]
    if "csv_gzip" not in entry:
        return {}
    return _decoded(entry["csv_gzip"], tuple(entry.get("key") or ()))


@functools.lru_cache(maxsize=32)
def _decoded(packed: str, key_columns: tuple[str, ...]) -> dict[str, dict]:
    """Rows of a compressed file (cached: the changes page reads the same edition for many figures)."""
    text = gzip.decompress(base64.b64decode(packed)).decode("utf-8")
    return _rows(text, list(key_columns))


def registry_document(root: Path) -> dict:
    """The machine-readable registry of every figure the book at root shows, with the data it came from."""
    return {
        "data_version": data.data_version(),
        "figures": registry.records(root),
        "data": data_snapshot(),
    }


def write_registry(path: Path, root: Path) -> Path:
    """Write the registry as JSON (stable order, so identical inputs give identical files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(registry_document(root), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return path


def editions(root: Path) -> list[dict]:
    """Every edition recorded in the book at root, oldest first (by release date, then version)."""
    folder = root / EDITIONS
    found = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob(f"*/{FIGURES_JSON}")]
    return sorted(found, key=lambda e: (e["released"], e["edition"]))


def release(edition: str, released: dt.date, root: Path, force: bool = False) -> Path:
    """Record the current figures and data as a new edition of the book at root; refuse to overwrite one unless forced.

    Returns the path of editions/<edition>/figures.json. Raises ValueError for a bad or taken name and
    DataError for invalid data.
    """
    if not edition or any(c in edition for c in "/\\ ") or edition.startswith("."):
        raise ValueError(f"edition '{edition}' is not a valid name (use letters, digits, '.', '-')")
    path = root / EDITIONS / edition / FIGURES_JSON
    if path.exists() and not force:
        raise ValueError(f"edition '{edition}' is already recorded in {path.relative_to(root)} (use --force)")
    data.validate()
    document = {"edition": edition, "released": released.isoformat(), **registry_document(root)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class RowChange:
    """One data row added, removed or changed between an edition and now."""

    file: str
    key: str
    line: int
    kind: str  # "changed", "added" or "removed"
    cells: tuple[tuple[str, str, str], ...]  # (column, before, after) for changed rows
    source_id: str

    def describe(self) -> str:
        """Plain Norwegian: data/file, line, key and which cells changed.

        A key that is a code name (a figure's key in figures.csv) is left out: the table's first column
        already names the figure. A changed source is named as the text cites it ("KS (2021c)").
        """
        key = "" if "_" in self.key else f" ({self.key})"
        where = f"data/{self.file}, linje {self.line}{key}"
        if self.kind == "added":
            return f"{where}: ny rad"
        if self.kind == "removed":
            return f"{where}: rad fjernet"
        # The note column is the maintainers' comment in English, not something a reader checks.
        shown = [cell for cell in self.cells if cell[0] not in UNSHOWN_COLUMNS]
        return f"{where}: " + ("; ".join(_describe_cell(*cell) for cell in shown) or "merknad endret")


#: Columns whose changes the changes page does not spell out (English comments for maintainers).
UNSHOWN_COLUMNS = frozenset({"note"})


def _describe_cell(column: str, before: str, after: str) -> str:
    """'rate_nok_per_patient 653 → 660', or for the source column 'kilde Helfo (2022) → KS (2021c)'."""
    if column == "source_id":
        return f"kilde {_source_label(before)} → {_source_label(after)}"
    return f"{column} {before} → {after}"


def _source_label(source_id: str) -> str:
    """A source as the text cites it; an id no longer in data/sources.csv as 'en fjernet kilde'."""
    if not source_id:
        return "ingen"
    try:
        return sources.short_label(source_id)
    except KeyError:
        return "en fjernet kilde"


#: A figure explained by more changed rows of one file than this gets them counted, not listed.
MAX_LISTED_ROWS = 3
_KINDS_NB = {
    "added": ("ny rad", "nye rader"),
    "removed": ("rad fjernet", "rader fjernet"),
    "changed": ("endret rad", "endrede rader"),
}


def describe_rows(rows: tuple[RowChange, ...] | list[RowChange]) -> str:
    """The changed rows behind a figure in plain Norwegian: each row when few, else counted per file and kind.

    "data/municipal_register.csv: 2 131 nye rader (linje 2–2132)" instead of 2 131 row descriptions
    (a new table behind a new figure); a handful of rows of one file are listed one by one.
    """
    parts: list[str] = []
    groups: dict[tuple[str, str], list[RowChange]] = {}
    for row in rows:
        groups.setdefault((row.file, row.kind), []).append(row)
    for (file, kind), found in groups.items():
        if len(found) <= MAX_LISTED_ROWS:
            parts += [r.describe() for r in found]
            continue
        lines = sorted(r.line for r in found)
        parts.append(f"data/{file}: {fmt.number(len(found))} {_KINDS_NB[kind]} (linje {lines[0]}–{lines[-1]})")
    return "; ".join(parts)


@dataclass(frozen=True)
class FigureChange:
    """One figure whose printed text changed, with the data rows that explain it and the sources it cites."""

    key: str
    description: str
    before: str
    after: str
    why: tuple[RowChange, ...]
    sources: tuple[str, ...] = ()

    @property
    def source_year(self) -> bool:
        """True for a source's year of publication ('<source_id>_year'): the text uses it only to attribute claims."""
        return source_years.is_year_of_its_source(self.key, self.sources)


def _differing_cells(a: dict[str, str], b: dict[str, str]) -> tuple[tuple[str, str, str], ...]:
    """(column, before, after) for each cell that differs; a column one side lacks counts as empty."""
    return tuple((c, a.get(c, ""), b.get(c, "")) for c in dict.fromkeys([*b, *a]) if a.get(c, "") != b.get(c, ""))


def row_changes(before: dict, after: dict) -> list[RowChange]:
    """Every row that differs between two data snapshots (a new empty column changes no row)."""
    changes = []
    for file in sorted(set(before) | set(after)):
        sha_before, sha_after = before.get(file, {}).get("sha256"), after.get(file, {}).get("sha256")
        if sha_before is not None and sha_before == sha_after:
            continue  # the same bytes: no row changed
        old, new = rows(before.get(file, {})), rows(after.get(file, {}))
        for key in sorted(set(old) | set(new)):
            if key in old and key in new and not _differing_cells(old[key]["cells"], new[key]["cells"]):
                continue
            row = new.get(key) or old[key]
            kind = "added" if key not in old else "removed" if key not in new else "changed"
            cells = ()
            if kind == "changed":
                cells = _differing_cells(old[key]["cells"], new[key]["cells"])
            changes.append(RowChange(file, key, row["line"], kind, cells, row["cells"].get("source_id", "")))
    return changes


@contextlib.contextmanager
def _data_from(directory: Path):
    """Let the package read data from another folder for a while."""
    previous = os.environ.get("FASTLEGE_DATA_DIR")
    os.environ["FASTLEGE_DATA_DIR"] = str(directory)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("FASTLEGE_DATA_DIR", None)
        else:
            os.environ["FASTLEGE_DATA_DIR"] = previous


def _without(change: RowChange, previous: dict, target: Path) -> None:
    """Write data/ as it is now, but with this one row as it was in the edition."""
    path = target / change.file
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, current = list(reader.fieldnames or []), list(reader)
    key_columns = previous[change.file]["key"]
    old_row = rows(previous[change.file]).get(change.key, {}).get("cells")

    def key_of(row: dict) -> str:
        return "|".join(row[c] for c in key_columns) if key_columns else ""

    current = [row for row in current if key_of(row) != change.key]
    if old_row is not None:
        current.insert(min(change.line - 2, len(current)), {f: old_row.get(f, "") for f in fields})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(current)


def _explained_by(rows: list[RowChange], previous: dict, now: dict[str, str]) -> list[set[str] | None]:
    """For each changed row, the figures that would read differently had only that row not changed.

    None where that cannot be computed (the mixed data is invalid, or there are too many rows).
    """
    if len(rows) > MAX_ATTRIBUTED_ROWS:
        return [None] * len(rows)
    source = data.data_dir()
    explained: list[set[str] | None] = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, change in enumerate(rows):
            if change.file not in previous or not previous[change.file]["key"]:
                explained.append(None)
                continue
            target = Path(tmp) / str(index)
            shutil.copytree(source, target)
            _without(change, previous, target)
            try:
                with _data_from(target):
                    counterfactual = registry.substitutions()
            except Exception:  # the mixed data breaks a rule: fall back to matching sources
                explained.append(None)
                continue
            explained.append({key for key, text in now.items() if counterfactual.get(key) != text})
    return explained


def rows_read_by(figure: dict, candidates: list[RowChange], read: set[tuple[str, int]]) -> list[RowChange]:
    """The changed rows among `candidates` that a figure (a registry record) reads now.

    `read` is the figure's rows as the registry traced them, (file, line). A removed row is read by no
    figure now: it counts when it cites one of the figure's sources.
    """
    return [
        r for r in candidates if (r.file, r.line) in read or (r.kind == "removed" and r.source_id in figure["sources"])
    ]


def changes(previous: dict, current: dict) -> list[FigureChange]:
    """Figures whose text differs between an edition and now, each with the data rows behind it.

    A changed row explains a figure when undoing that row alone changes the figure back (computed on a
    scratch copy of data/). Where that cannot be computed, a row explains a figure when the figure read
    it (`rows_read_by`: the rows the registry traced, or a removed row with one of its sources). A
    figure no changed row explains changed through the package's code.
    """
    rows = row_changes(previous.get("data", {}), current["data"])
    read = {key: {(r.file, r.line) for r in s.rows} for key, s in registry.prose_figures().items()}
    old = {f["key"]: f for f in previous.get("figures", [])}
    now = {f["key"]: f["text"] for f in current["figures"]}
    changed = [f for f in current["figures"] if f["key"] not in old or old[f["key"]]["text"] != f["text"]]
    explained = _explained_by(rows, previous.get("data", {}), now) if changed and rows else []
    out = []
    for figure in changed:
        before = old.get(figure["key"])
        why = [r for r, keys in zip(rows, explained, strict=True) if keys is not None and figure["key"] in keys]
        if not why:
            own = [r for r in rows if r.file == "figures.csv" and r.key == figure["key"]]
            unknown = [r for r, keys in zip(rows, explained or [None] * len(rows), strict=True) if keys is None]
            why = own or rows_read_by(figure, unknown, read.get(figure["key"], set()))
        before_text = before["text"] if before else ""
        cited = tuple(figure["sources"])
        out.append(FigureChange(figure["key"], figure["description"], before_text, figure["text"], tuple(why), cited))
    for key in sorted(set(old) - set(now)):
        cited = tuple(old[key].get("sources", ()))
        out.append(FigureChange(key, old[key]["description"], old[key]["text"], "", (), cited))
    return out


def split_source_years(changed: list[FigureChange]) -> tuple[list[FigureChange], list[FigureChange]]:
    """(figures the changes table lists, sources' years of publication summed up in one sentence), in order."""
    return [c for c in changed if not c.source_year], [c for c in changed if c.source_year]


def _count(number: int, one: str) -> str:
    """A count in running text: in words from 0 to 12 ('ett' tall, 'fire'), else in digits ('57')."""
    return fmt.count_words(number, one) if number <= fmt.WORDS_UP_TO else fmt.number(number)


def count_sentence(listed: list[FigureChange]) -> str:
    """'Siden da har 57 tall endret seg.' for the figures the changes table lists (or 'Ingen tall …' for none)."""
    if not listed:
        return "Ingen tall har endret seg siden den utgaven."
    return f"Siden da har {_count(len(listed), 'ett')} tall endret seg."


def source_years_sentence(years: list[FigureChange]) -> str:
    """One sentence for the sources' years of publication that changed, which the changes table leaves out.

    A source's year (`FigureChange.source_year`) only attributes a claim; counted and listed with the figures
    it would bury them (a release adding sources adds a row per source). New and removed years are counted, a
    year that differs is named with its source as cited now: "… er det lagt til 43 utgivelsesår, endret ett
    (KS (2021c): 2020 → 2021) og fjernet to." '' when there are none.
    """
    if not years:
        return ""
    differing = [c for c in years if c.before and c.after]
    named = "; ".join(f"{_source_label(c.sources[0])}: {c.before} → {c.after}" for c in differing)
    kinds = [
        ("lagt til", sum(1 for c in years if not c.before), ""),
        ("endret", len(differing), f" ({named})"),
        ("fjernet", sum(1 for c in years if not c.after), ""),
    ]
    parts = []
    for verb, number, detail in kinds:
        if number:
            noun = "" if parts else " utgivelsesår"  # the first part names what is counted
            parts.append(f"{verb} {_count(number, 'ett')}{noun}{detail}")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]
    return (
        "Kildenes utgivelsesår regnes ikke med her, fordi teksten bare bruker dem når den viser til en kilde. "
        f"Siden den utgaven er det {listed}."
    )
