"""Publish a finished build: move the website and the PDFs from the work folder into _build.

`make book` builds into _build/.work (kept between builds, so incremental builds still work) and
calls this script only when the whole build succeeded. The published outputs are replaced by
renames: _build/html is exchanged with a staged copy in one atomic renameat2(RENAME_EXCHANGE)
call (two renames where the kernel lacks it), each PDF with os.replace. A failed, interrupted or
killed build never reaches this point, so the previous website and PDF stay exactly as they were.

Usage: python fastlege_book/publish.py [html] [pdf]   (both when no argument is given)
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
WORK = BUILD / ".work" / "_build"
STAGE_PREFIX = ".publish-"
PDF_GLOB = "fastlegeordningen*.pdf"  # the report and, where it is built, the short version
REGISTRY = "figures.json"  # every figure the PDF shows (fastlege_book.changes, copied by fastlege_book.pdf)
PDF_DIR = "pdf"  # where fastlege_book.pdf writes the PDFs in the work folder


def _built_from(part: str) -> str:
    """The inputs digest of the work folder's last successful build of a part ('' when unknown)."""
    stamp = BUILD / ".cache" / f"stamp-{part}"  # written by fastlege_book.stamp after a successful build
    return stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else ""


def _published(part: str) -> Path:
    """Marker: the inputs digest the published output of a part was built from."""
    return BUILD / ".cache" / f"published-{part}"


def _up_to_date(part: str, target: Path) -> bool:
    """The published output exists and was made from the same inputs as the work folder's."""
    built = _built_from(part)
    marker = _published(part)
    return bool(built) and target.exists() and marker.is_file() and marker.read_text(encoding="utf-8") == built


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False when not supported."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _swap_dir(staged: Path, target: Path) -> None:
    """Put staged in target's place; the old target is removed afterwards."""
    if target.exists():
        if not _exchange(staged, target):
            old = target.with_name(STAGE_PREFIX + target.name + ".old")
            target.rename(old)
            staged.rename(target)
            staged = old
        shutil.rmtree(staged)
    else:
        staged.rename(target)


REDIRECT = """<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<title>Fastlegeordningen</title>
<link rel="icon" href="data:,">
<meta http-equiv="Refresh" content="0; url={target}">
</head>
<body><p><a href="{target}">Fastlegeordningen – kunnskapsgrunnlag</a></p></body>
</html>
"""


def _complete_redirect(index: Path) -> None:
    """Write Jupyter Book's bare root redirect as a small complete page with the same target.

    The bare one has no language and no title, and makes a browser on a web server ask for a favicon
    that does not exist.
    """
    text = index.read_text(encoding="utf-8")
    match = re.fullmatch(r'\s*<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*', text)
    if match:
        index.write_text(REDIRECT.format(target=match.group(1)), encoding="utf-8")


def _fail(message: str) -> int:
    print(f"publish: {message}; the previous outputs in _build are unchanged", file=sys.stderr)
    return 1


def main(argv: list[str]) -> int:
    """Stage everything first, then swap: a missing output stops before anything is replaced."""
    parts = set(argv) or {"html", "pdf"}
    unknown = parts - {"html", "pdf"}
    if unknown:
        return _fail(f"unknown part {sorted(unknown)}; use html and/or pdf")
    for leftover in BUILD.glob(STAGE_PREFIX + "*"):  # from a publish that was killed half-way
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    targets = {"html": BUILD / "html", "pdf": BUILD / "fastlegeordningen.pdf"}
    if all(_up_to_date(part, targets[part]) for part in parts):
        print("publish: _build is up to date")
        return 0
    pdfs = sorted(p for p in (WORK / PDF_DIR).glob(PDF_GLOB) if not p.name.endswith(".failed.pdf"))
    staged: list[tuple[Path, Path]] = []
    if "html" in parts:
        source = WORK / "html"
        if not (source / "index.html").is_file():
            return _fail(f"no website in {source.relative_to(ROOT)}")
        stage = BUILD / (STAGE_PREFIX + "html")
        shutil.copytree(source, stage, symlinks=True)
        for pdf in pdfs:  # every page links the PDFs: they travel with the site
            shutil.copy2(pdf, stage / pdf.name)
        _complete_redirect(stage / "index.html")
        staged.append((stage, BUILD / "html"))
    if "pdf" in parts:
        if not any(p.name == "fastlegeordningen.pdf" for p in pdfs):
            return _fail(f"no PDF in {(WORK / PDF_DIR).relative_to(ROOT)}")
        for pdf in pdfs:
            stage = BUILD / (STAGE_PREFIX + pdf.name)
            shutil.copy2(pdf, stage)
            staged.append((stage, BUILD / pdf.name))
        registry = WORK / PDF_DIR / REGISTRY
        if registry.is_file():
            stage = BUILD / (STAGE_PREFIX + "fastlegeordningen-figures.json")
            shutil.copy2(registry, stage)
            staged.append((stage, BUILD / "fastlegeordningen-figures.json"))
    for stage, target in staged:
        if stage.is_dir():
            _swap_dir(stage, target)
        else:
            os.replace(stage, target)
        print(f"publish: {target.relative_to(ROOT)}")
    if "pdf" in parts and "html" not in parts and (BUILD / "html").is_dir():
        for pdf in pdfs:  # keep the site's copies of the PDFs current
            shutil.copy2(pdf, BUILD / "html" / pdf.name)
    for part in parts:
        if _built_from(part):
            _published(part).parent.mkdir(parents=True, exist_ok=True)
            _published(part).write_text(_built_from(part), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
