"""A stamp of every build input, so `make book` skips Sphinx entirely when nothing changed.

`python -m fastlege_book.stamp run NAME OUTPUT... -- COMMAND...` runs COMMAND unless the inputs hash
the same as at the start of the last successful run and every OUTPUT exists; the stamp is written
only when COMMAND succeeds. `check NAME OUTPUT...` only tells (exit 0 when up to date, 1 when not)
and writes nothing. Kept free of heavy imports: it runs before every build.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

#: What the book is built from, relative to the repository root.
INPUTS = (
    "_config.yml",
    "_toc.yml",
    "book",
    "notebooks",
    "data",
    "fastlege_calc",
    "fastlege_book",
    "editions",
    "CITATION.cff",
    "Makefile",
    "pyproject.toml",
    "requirements.lock",
)
STAMP_DIR = Path("_build") / ".cache"


def inputs_digest(root: Path) -> str:
    """SHA-256 over the path and content of every input file (caches and bytecode left out)."""
    digest = hashlib.sha256()
    # The PDF's colophon prints the commit and the build date: a new commit is a new input.
    head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    for fact in (
        head.stdout.strip(),
        os.environ.get("FASTLEGE_GIT_COMMIT", ""),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
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


def _fresh(root: Path, stamp: Path, digest: str, outputs: list[str]) -> bool:
    """The stamp matches the inputs and every output exists."""
    recorded = stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else ""
    return recorded == digest and all((root / out).exists() for out in outputs)


def main(argv: list[str]) -> int:
    """Command line: `check NAME OUTPUT...` or `run NAME OUTPUT... -- COMMAND...`."""
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command not in {"check", "run"} or not rest or (command == "run" and "--" not in rest):
        print(__doc__, file=sys.stderr)
        return 2
    name, rest = rest[0], rest[1:]
    outputs, build = (rest[: rest.index("--")], rest[rest.index("--") + 1 :]) if command == "run" else (rest, [])
    root = Path.cwd()
    stamp = root / STAMP_DIR / f"stamp-{name}"
    digest = inputs_digest(root)  # taken before building: an edit made meanwhile triggers the next build
    if _fresh(root, stamp, digest, outputs):
        print(f"{name}: up to date (no input changed since the last build)")
        return 0
    if command == "check":
        return 1
    # The build writes into the same work folder: once it starts, the old stamp no longer describes it
    # (a failed or killed build may leave half-written outputs that must not count as up to date).
    stamp.unlink(missing_ok=True)
    returncode = subprocess.run(build, check=False).returncode
    if returncode == 0:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest + "\n", encoding="utf-8")
    return returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
