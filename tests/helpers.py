"""Shared test helpers: the repository root, an in-place data edit that fails loudly, the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a data file in place; fail loudly if the text to replace is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def run_cli(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m fastlege_calc ARGS` (reading data_dir instead of data/ when given); never raises."""
    env = {**os.environ}
    if data_dir is not None:
        env["FASTLEGE_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "fastlege_calc", *args], capture_output=True, text=True, env=env, check=False
    )
