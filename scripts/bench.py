"""Benchmark the book build in a scratch copy: clean build, no-change rebuild, one CSV value changed.

Run with `make bench`. Prints a table with the machine's core count; the numbers go in notes and
the README, never into a test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "*.egg-info")


def timed_make(copy: Path, *targets: str) -> float:
    """Seconds for `make TARGETS` in the copy (fails loudly if the build fails)."""
    env = {**os.environ, "PYTHONPATH": str(copy)}
    start = time.perf_counter()
    result = subprocess.run(
        ["make", *targets, f"VENV={sys.prefix}", "SKIP_SETUP=1"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"make {' '.join(targets)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


def size_mb(path: Path) -> float:
    """Size of a file or folder in MB."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> None:
    """Run the scenarios and print the table."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(ROOT, copy, ignore=IGNORE)
        rows = [("clean build: website and PDF (make book)", timed_make(copy, "book"))]
        rows.append(("no-change rebuild (make book)", timed_make(copy, "book")))
        rates = copy / "data" / "basistilskudd_rates.csv"
        rates.write_text(rates.read_text(encoding="utf-8").replace(",653,", ",654,"), encoding="utf-8")
        rows.append(("rebuild after one CSV value changed (make book)", timed_make(copy, "book")))
        shutil.rmtree(copy / "_build" / ".work" / "_build" / "latex")
        rows.append(("PDF only, LaTeX from scratch (make pdf)", timed_make(copy, "pdf")))
        html_mb = size_mb(copy / "_build" / "html")
        pdf_mb = size_mb(copy / "_build" / "fastlegeordningen.pdf")
    print(f"\nBuild benchmark on {os.cpu_count()} cores ({sys.platform}, Python {sys.version.split()[0]})\n")
    print(f"| {'scenario':<50} | {'seconds':>7} |\n|{'-' * 52}|{'-' * 9}|")
    for name, seconds in rows:
        print(f"| {name:<50} | {seconds:7.1f} |")
    print(f"\nwebsite: {html_mb:.1f} MB in _build/html; PDF: {pdf_mb:.2f} MB")


if __name__ == "__main__":
    main()
