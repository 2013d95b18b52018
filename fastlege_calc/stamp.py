"""A stamp of every build input, so `make book` skips Sphinx entirely when nothing changed.

`python -m fastlege_calc.stamp check NAME OUTPUT...` exits 0 when the inputs hash the same as when
`python -m fastlege_calc.stamp write NAME` last ran (after a successful build) and every OUTPUT
exists; otherwise 1. Kept free of heavy imports: it runs before every build.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

#: What the book is built from, relative to the repository root.
INPUTS = ("_config.yml", "_toc.yml", "book", "notebooks", "data", "fastlege_calc", "editions", "requirements.lock")
STAMP_DIR = Path("_build") / ".cache"


def inputs_digest(root: Path) -> str:
    """SHA-256 over the path and content of every input file (caches and bytecode left out)."""
    digest = hashlib.sha256()
    for name in INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts or ".ipynb_checkpoints" in file.parts or not file.is_file():
                continue
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def main(argv: list[str]) -> int:
    """Command line: `check NAME OUTPUT...` or `write NAME`."""
    if len(argv) < 2 or argv[0] not in {"check", "write"}:
        print(__doc__, file=sys.stderr)
        return 2
    command, name, outputs = argv[0], argv[1], argv[2:]
    root = Path.cwd()
    stamp = root / STAMP_DIR / f"stamp-{name}"
    pending = stamp.with_suffix(".pending")
    if command == "write":  # the digest taken when the build started, so edits made meanwhile count
        if pending.is_file():
            pending.replace(stamp)
        return 0
    digest = inputs_digest(root)
    if (
        stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == digest
        and all((root / out).exists() for out in outputs)
    ):
        print(f"{name}: up to date (no input changed since the last build)")
        return 0
    stamp.unlink(missing_ok=True)
    pending.parent.mkdir(parents=True, exist_ok=True)
    pending.write_text(digest + "\n", encoding="utf-8")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
