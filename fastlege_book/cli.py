"""Command line of the book's build: `python -m fastlege_book build {html,pdf,book}`, `release` and `clean`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from fastlege_book.layout import BUILD, TARGETS, WORK, Layout


def _date(text: str) -> dt.date:
    """Argparse type: an ISO date (YYYY-MM-DD)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def _cmd_build(args) -> int:
    """Build the website, the PDFs or both, and publish them into _build when every part succeeded."""
    from fastlege_book import build

    return build.build(Layout.here(args.root), args.target)


def _cmd_release(args) -> int:
    """Record the current figures and data as a new edition in editions/."""
    from fastlege_book import editions
    from fastlege_calc import data

    layout = Layout.here(args.root)
    os.environ["FASTLEGE_DATA_DIR"] = str(layout.data)  # the edition records the book's own data
    try:
        path = editions.release(args.edition, args.date, root=layout.root, force=args.force)
    except (data.DataError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"edition {args.edition} recorded in {path.relative_to(layout.root)}")
    return 0


def _cmd_clean(args) -> int:
    """Remove everything built: the published outputs, the work folder and the cache."""
    import shutil

    layout = Layout.here(args.root)
    shutil.rmtree(layout.build, ignore_errors=True)
    print(f"removed {layout.build.name}/")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line's arguments."""
    main = argparse.ArgumentParser(prog="python -m fastlege_book", description=__doc__)
    sub = main.add_subparsers(dest="command", required=True)
    root_help = "the book's folder (default: the current directory)"
    p = sub.add_parser("build", help=f"validate data/, build into {BUILD}/{WORK}, publish into {BUILD}")
    p.add_argument("target", choices=sorted(TARGETS), help="html: the website; pdf: the PDFs; book: both")
    p.add_argument("--root", type=Path, help=root_help)
    p.set_defaults(func=_cmd_build)
    p = sub.add_parser("release", help="record the current figures as a new edition (editions/EDITION)")
    p.add_argument("--edition", required=True, help="edition name, for example 2026.1")
    p.add_argument("--date", type=_date, default=dt.date.today(), help="release date (YYYY-MM-DD), default today")
    p.add_argument("--force", action="store_true", help="overwrite an edition already recorded")
    p.add_argument("--root", type=Path, help=root_help)
    p.set_defaults(func=_cmd_release)
    p = sub.add_parser("clean", help="remove everything built (_build)")
    p.add_argument("--root", type=Path, help=root_help)
    p.set_defaults(func=_cmd_clean)
    return main


def main(argv: list[str] | None = None) -> int:
    """Entry point for `python -m fastlege_book`; the exit code (2 for bad data or arguments)."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted: nothing was published, the previous outputs in _build are unchanged", file=sys.stderr)
        return 130
