"""Raw snapshots in snapshots/: read a folder's sidecar and check each file against its SHA-256.

Each folder under snapshots/ holds raw public files, unchanged, and a `datapackage.json` sidecar (a
Frictionless data package) recording their origin and checksum, in the manner of OWID's snapshot
.dvc files. Nothing is imported from a file whose bytes differ from what its sidecar records.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

#: The folder with the raw snapshots; FASTLEGE_SNAPSHOT_DIR points elsewhere (tests do).
SNAPSHOT_DIR = Path(__file__).resolve().parent.parent / "snapshots"
SIDECAR = "datapackage.json"
#: Origin fields every sidecar must give (OWID's snapshot metadata: title, producer, URL, date
#: accessed, licence, citation, checksum), as Frictionless data-package properties.
REQUIRED_ORIGIN = ("title", "contributors", "sources", "licenses", "x-citation", "x-retrieval", "x-source-id")


class SnapshotError(ValueError):
    """A snapshot is missing, or its bytes differ from the checksum its sidecar records."""


def snapshot_dir() -> Path:
    """The snapshots folder in use (re-read from the environment so tests can point elsewhere)."""
    return Path(os.environ.get("FASTLEGE_SNAPSHOT_DIR", SNAPSHOT_DIR))


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _shown(path: Path) -> str:
    """A path as the person running the import knows it: relative to the repository where possible."""
    for base in (snapshot_dir().parent, Path.cwd()):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def sidecar(folder: str, root: Path | None = None) -> dict:
    """The parsed sidecar of one snapshot folder (for example 'ssb-12005').

    Raises SnapshotError when the folder, its sidecar or an origin field is missing.
    """
    path = (root or snapshot_dir()) / folder / SIDECAR
    if not path.is_file():
        raise SnapshotError(f"{_shown(path)}: the snapshot's sidecar is missing [snapshot-sidecar]")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SnapshotError(
            f"{_shown(path)}, line {exc.lineno}: not valid JSON: {exc.msg} [snapshot-sidecar]"
        ) from None
    missing = [field for field in REQUIRED_ORIGIN if not descriptor.get(field)]
    if missing:
        raise SnapshotError(f"{_shown(path)}: origin field '{missing[0]}' is missing [snapshot-sidecar]")
    return descriptor


def verified_file(folder: str, filename: str, root: Path | None = None) -> Path:
    """The path of one raw file after checking its SHA-256 against the folder's sidecar.

    `folder` is a folder under snapshots/ ('kartverket-2024'), `filename` a resource path in its
    sidecar ('kommuner-S.topojson'). Raises SnapshotError, naming the file, both checksums and the
    sidecar, when the file is missing, not listed, or its bytes changed.
    """
    base = (root or snapshot_dir()) / folder
    descriptor = sidecar(folder, root)
    resource = next((r for r in descriptor.get("resources", []) if r.get("path") == filename), None)
    path = base / filename
    if resource is None:
        raise SnapshotError(
            f"{_shown(path)}: not listed in {_shown(base / SIDECAR)}; record its origin and SHA-256 there first "
            "[snapshot-unlisted]"
        )
    if not path.is_file():
        raise SnapshotError(f"{_shown(path)}: the snapshot file is missing [snapshot-missing]")
    recorded = str(resource.get("hash", "")).removeprefix("sha256:")
    actual = sha256(path)
    if actual != recorded:
        raise SnapshotError(
            f"{_shown(path)}: SHA-256 is {actual}, but {_shown(base / SIDECAR)} records {recorded or 'none'}. "
            "The raw file changed since it was recorded: restore it (git checkout), or, for a new snapshot, "
            "record its origin and checksum in the sidecar [snapshot-checksum]"
        )
    return path
