"""A stamp of every build input, so a build skips Sphinx entirely when nothing changed.

`python -m fastlege_book build` takes the inputs digest before it builds anything. A part (website or
PDFs) is up to date when its stamp in the cache holds the same digest and its output exists in the
work folder. The stamp is removed when a part's build starts and written only when it succeeds, so a
failed or killed build never counts as up to date. Kept free of heavy imports: it runs before every
build.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Mapping

from fastlege_book.layout import INPUTS, Layout


def inputs_digest(layout: Layout, environ: Mapping[str, str] = os.environ) -> str:
    """SHA-256 over the path and content of every input file (caches and bytecode left out).

    The commit and the build date (from `environ`, as the build will see them) are inputs too: the
    PDF's colophon prints them.
    """
    root = layout.root
    digest = hashlib.sha256()
    head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    for fact in (
        head.stdout.strip(),
        environ.get("FASTLEGE_GIT_COMMIT", ""),
        environ.get("SOURCE_DATE_EPOCH", ""),
    ):
        digest.update(fact.encode() + b"\0")
    for name in INPUTS:
        path = root / name
        if not path.exists():
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts or ".ipynb_checkpoints" in file.parts or not file.is_file():
                continue
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def recorded(layout: Layout, part: str) -> str:
    """The digest of the work folder's last successful build of a part ('' when there is none)."""
    stamp = layout.stamp(part)
    return stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else ""


def fresh(layout: Layout, part: str, digest: str) -> bool:
    """The part was built from exactly these inputs and its output is in the work folder."""
    return recorded(layout, part) == digest and layout.built(part).exists()


def forget(layout: Layout, part: str) -> None:
    """A build of the part starts: the old stamp no longer describes the work folder."""
    layout.stamp(part).unlink(missing_ok=True)


def record(layout: Layout, part: str, digest: str) -> None:
    """The part was built successfully from the inputs with this digest."""
    layout.stamp(part).parent.mkdir(parents=True, exist_ok=True)
    layout.stamp(part).write_text(digest + "\n", encoding="utf-8")
