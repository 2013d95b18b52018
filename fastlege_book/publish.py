"""Publish a finished build: move the website and the PDFs from the work folder into _build.

`python -m fastlege_book build` builds into the work folder (kept between builds, so incremental
builds still work) and calls `publish` only when the whole build succeeded. The published outputs
are replaced by renames: the website is exchanged with a staged copy in one atomic
renameat2(RENAME_EXCHANGE) call (two renames where the kernel lacks it), each PDF with os.replace. A
failed, interrupted or killed build never reaches this point, so the previous website and PDFs stay
exactly as they were. Folders and names come from fastlege_book.layout.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from fastlege_book import stamp
from fastlege_book.layout import FIGURES_JSON, PARTS, PDFS, REPORT, STAGE_PREFIX, Layout


def _up_to_date(layout: Layout, part: str, target: Path) -> bool:
    """The published output exists and was made from the same inputs as the work folder's."""
    built = stamp.recorded(layout, part)
    marker = layout.published_marker(part)
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


def publish(layout: Layout, parts: Iterable[str] = PARTS) -> int:
    """Publish the parts ('html', 'pdf') built in the work folder; 0 when done, 1 when something is missing.

    Everything is staged first, then swapped: a missing output stops before anything is replaced.
    """
    parts = set(parts)
    unknown = parts - set(PARTS)
    if unknown:
        return _fail(f"unknown part {sorted(unknown)}; use html and/or pdf")
    build = layout.build
    for leftover in build.glob(STAGE_PREFIX + "*"):  # from a publish that was killed half-way
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    targets = {"html": layout.site, "pdf": layout.pdf(REPORT)}
    if all(_up_to_date(layout, part, targets[part]) for part in parts):
        print("publish: _build is up to date")
        return 0
    pdfs = [layout.work_pdf / pdf.name for pdf in PDFS if (layout.work_pdf / pdf.name).is_file()]
    staged: list[tuple[Path, Path]] = []
    if "html" in parts:
        source = layout.work_html
        if not (source / "index.html").is_file():
            return _fail(f"no website in {source.relative_to(layout.root)}")
        stage = build / (STAGE_PREFIX + layout.site.name)
        shutil.copytree(source, stage, symlinks=True)
        for pdf in pdfs:  # every page links the PDFs: they travel with the site
            shutil.copy2(pdf, stage / pdf.name)
        _complete_redirect(stage / "index.html")
        staged.append((stage, layout.site))
    if "pdf" in parts:
        if not (layout.work_pdf / REPORT.name).is_file():
            return _fail(f"no PDF in {layout.work_pdf.relative_to(layout.root)}")
        for pdf in pdfs:
            stage = build / (STAGE_PREFIX + pdf.name)
            shutil.copy2(pdf, stage)
            staged.append((stage, build / pdf.name))
        registry = layout.work_pdf / FIGURES_JSON
        if registry.is_file():
            stage = build / (STAGE_PREFIX + layout.figures_json.name)
            shutil.copy2(registry, stage)
            staged.append((stage, layout.figures_json))
    for stage, target in staged:
        if stage.is_dir():
            _swap_dir(stage, target)
        else:
            os.replace(stage, target)
        print(f"publish: {target.relative_to(layout.root)}")
    if "pdf" in parts and "html" not in parts and layout.site.is_dir():
        for pdf in pdfs:  # keep the site's copies of the PDFs current
            shutil.copy2(pdf, layout.site / pdf.name)
    for part in parts:
        built = stamp.recorded(layout, part)
        if built:
            layout.published_marker(part).parent.mkdir(parents=True, exist_ok=True)
            layout.published_marker(part).write_text(built, encoding="utf-8")
    return 0
