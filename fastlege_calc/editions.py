"""Editions: the figure registry and the data rows of a release, kept in editions/<version>/figures.json.

`registry_document` is what every build writes (`_static/figures.json`); `release` records it as a new
edition; `changes` compares the current figures with the latest edition and says which data rows
changed behind each changed figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from fastlege_calc import data, registry

EDITIONS = "editions"
REGISTRY_FILE = "figures.json"


def repository_root() -> Path:
    """The repository the package belongs to (the book's root)."""
    return Path(__file__).resolve().parent.parent


def data_snapshot() -> dict[str, dict]:
    """Every data file: its SHA-256 and its rows by primary key (cells as written in the CSV)."""
    directory = data.data_dir()
    descriptor = json.loads((directory / data.DESCRIPTOR).read_text(encoding="utf-8"))
    snapshot = {}
    for resource in descriptor["resources"]:
        path = directory / resource["path"]
        data._record_table(resource["name"])
        raw = path.read_bytes()
        key_columns = resource["schema"].get("primaryKey") or []
        key_columns = [key_columns] if isinstance(key_columns, str) else key_columns
        rows = {}
        for line, row in enumerate(csv.DictReader(raw.decode("utf-8").splitlines()), start=2):
            key = "|".join(row[c] for c in key_columns) if key_columns else str(line)
            rows[key] = {"line": line, "cells": row}
        snapshot[resource["path"]] = {
            "resource": resource["name"],
            "sha256": hashlib.sha256(raw).hexdigest(),
            "key": key_columns,
            "rows": rows,
        }
    return snapshot


def registry_document(root: Path | None = None) -> dict:
    """The machine-readable registry of every figure the book shows, with the data it came from."""
    root = root or repository_root()
    return {
        "data_version": data.data_version(),
        "figures": registry.records(root),
        "data": data_snapshot(),
    }


def write_registry(path: Path, root: Path | None = None) -> Path:
    """Write the registry as JSON (stable order, so identical inputs give identical files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(registry_document(root), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return path


def editions(root: Path | None = None) -> list[dict]:
    """Every recorded edition, oldest first (by release date, then version)."""
    folder = (root or repository_root()) / EDITIONS
    found = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob(f"*/{REGISTRY_FILE}")]
    return sorted(found, key=lambda e: (e["released"], e["edition"]))


def release(edition: str, released: dt.date, root: Path | None = None, force: bool = False) -> Path:
    """Record the current figures and data as a new edition; refuse to overwrite one unless forced."""
    root = root or repository_root()
    if not edition or any(c in edition for c in "/\\ ") or edition.startswith("."):
        raise ValueError(f"edition '{edition}' is not a valid name (use letters, digits, '.', '-')")
    path = root / EDITIONS / edition / REGISTRY_FILE
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
        """Plain Norwegian: data/file, line, key and which cells changed."""
        where = f"data/{self.file}, linje {self.line} ({self.key})"
        if self.kind == "added":
            return f"{where}: ny rad"
        if self.kind == "removed":
            return f"{where}: rad fjernet"
        return f"{where}: " + "; ".join(f"{col} {before} → {after}" for col, before, after in self.cells)


@dataclass(frozen=True)
class FigureChange:
    """One figure whose printed text changed, with the data rows that explain it."""

    key: str
    description: str
    before: str
    after: str
    why: tuple[RowChange, ...]


def row_changes(before: dict, after: dict) -> list[RowChange]:
    """Every row that differs between two data snapshots."""
    changes = []
    for file in sorted(set(before) | set(after)):
        old, new = before.get(file, {}).get("rows", {}), after.get(file, {}).get("rows", {})
        for key in sorted(set(old) | set(new)):
            if key in old and key in new and old[key]["cells"] == new[key]["cells"]:
                continue
            row = new.get(key) or old[key]
            kind = "added" if key not in old else "removed" if key not in new else "changed"
            cells = ()
            if kind == "changed":
                a, b = old[key]["cells"], new[key]["cells"]
                cells = tuple((c, a.get(c, ""), b.get(c, "")) for c in b if a.get(c) != b.get(c))
            changes.append(RowChange(file, key, row["line"], kind, cells, row["cells"].get("source_id", "")))
    return changes


def changes(previous: dict, current: dict) -> list[FigureChange]:
    """Figures whose text differs between an edition and now, each with the data rows behind it.

    A changed row explains a figure when it is the figure's own row in figures.csv, or when its
    source is one of the figure's sources; a figure with no such row changed through the package.
    """
    rows = row_changes(previous.get("data", {}), current["data"])
    old = {f["key"]: f for f in previous.get("figures", [])}
    out = []
    for figure in current["figures"]:
        before = old.get(figure["key"])
        if before is not None and before["text"] == figure["text"]:
            continue
        own = [r for r in rows if r.file == "figures.csv" and r.key == figure["key"]]
        why = own or [r for r in rows if r.source_id in figure["sources"]]
        out.append(
            FigureChange(
                figure["key"], figure["description"], before["text"] if before else "", figure["text"], tuple(why)
            )
        )
    for key in sorted(set(old) - {f["key"] for f in current["figures"]}):
        out.append(FigureChange(key, old[key]["description"], old[key]["text"], "", ()))
    return out
