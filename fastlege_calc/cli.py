"""Command line: print the key figures with their sources, compute basistilskudd, validate data/."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from fastlege_calc import basistilskudd, data, discrepancies, events, fmt, geometry, registry, trace, tromso
from fastlege_calc.sources import short_label


def _date(text: str) -> dt.date:
    """Argparse type: an ISO date (YYYY-MM-DD)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def _list_length(text: str) -> int:
    """Argparse type: a list length, a whole number of patients, 0 or more."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of patients") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"list length must be 0 or more, got {n}")
    return n


def _cmd_figures(args) -> int:
    """Print every prose figure (or those whose key contains --grep) with its source; --rows: the rows it read."""
    shown = [s for s in registry.prose_figures().values() if args.grep is None or args.grep in s.key]
    if not shown:
        print(f"no figure key contains '{args.grep}'", file=sys.stderr)
        return 1
    width = max(len(s.key) for s in shown)
    for s in sorted(shown, key=lambda s: s.key):
        sources = "; ".join(short_label(x) for x in s.sources)
        print(f"{s.key:<{width}}  {s.text.replace(fmt.NBSP, ' '):>16}  {s.description} [{sources}]")
        if args.rows:
            print(f"{'':<{width}}  declared at {s.where}")
            for row in s.rows:
                print(f"{'':<{width}}  reads {row.where}" + (" (to choose a row)" if row.selects else ""))
    return 0


def _cmd_basistilskudd(args) -> int:
    """Print annual basistilskudd for a list length on a date, national and Tromsø model."""
    national = basistilskudd.annual_basistilskudd_nok(args.list_length, args.date)
    rate = basistilskudd.rate_on(args.date)
    print(f"Liste på {fmt.number(args.list_length)} pasienter, regler fra {fmt.date_long(rate.valid_from)}:")
    print(f"  nasjonale satser: {fmt.nok(national)} per år [{short_label(rate.source_id)}]")
    if rate.scheme == "kneepoint" and args.date >= tromso.start():
        with_tromso = tromso.annual_basistilskudd_nok(args.list_length, args.date)
        print(f"  Tromsø-modellen:  {fmt.nok(with_tromso)} per år (+{fmt.nok(with_tromso - national)})")
    return 0


def charts_needing_data() -> int:
    """Draw every chart in the chart registry, so a row a chart needs is missed here, not in a notebook.

    Returns the number of charts drawn. A DataError passes through; any other error of a chart is
    reported as the error of the last data row it read (`data.row_fault`), never as Python's text.
    """
    from fastlege_calc import charts

    for entry in charts.REGISTRY.values():
        reads: list[trace.Read] = []
        try:
            with trace.reading() as reads:
                entry.build()
        except data.DataError:
            raise
        except Exception as exc:
            raise data.row_fault(reads, f"the chart '{entry.name}'", exc) from exc
    return len(charts.REGISTRY)


def _cmd_validate(args) -> int:
    """Validate data/ against its schema, then compute every figure the book shows (needed rows present)."""
    data.validate()
    geometry.check()
    discrepancies.check()
    registry.prose_figures()
    events.check()
    charts_needing_data()
    handover = os.environ.get(registry.HANDOVER_ENV)
    if handover:  # the build's next process takes the figures over instead of computing them again
        registry.REGISTRY.hand_over(Path(handover))
    print(f"data/ is valid (data version {data.data_version()})")
    return 0


def _cmd_import_municipal(args) -> int:
    """Import the SSB and Kartverket snapshots into data/ (checksums checked first), then validate data/."""
    from fastlege_calc import municipal_import

    changed = municipal_import.import_municipal()
    for name, written in changed.items():
        print(f"data/{name}: {'written' if written else 'unchanged'}")
    data.validate()
    print(f"data/ is valid (data version {data.data_version()})")
    return 0


def _cmd_simplify_geometry(args) -> int:
    """Simplify Kartverket's boundaries into data/geo/ with the pinned mapshaper (see fastlege_calc.geometry)."""
    for name, written in geometry.simplify().items():
        print(f"data/geo/{name}: {'written' if written else 'unchanged'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point for `python -m fastlege_calc`."""
    parser = argparse.ArgumentParser(prog="python -m fastlege_calc", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("figures", help="print the figures the book shows, with sources")
    p.add_argument("--grep", help="only keys containing this text")
    p.add_argument("--rows", action="store_true", help="also where each figure is declared and the data rows it reads")
    p.set_defaults(func=_cmd_figures)
    p = sub.add_parser("basistilskudd", help="annual basistilskudd for a list length")
    p.add_argument("list_length", type=_list_length, help="patients on the list")
    p.add_argument("--date", type=_date, default=dt.date(2022, 7, 1), help="rules in force on this date (YYYY-MM-DD)")
    p.set_defaults(func=_cmd_basistilskudd)
    p = sub.add_parser("validate", help="check data/ against data/datapackage.json")
    p.set_defaults(func=_cmd_validate)
    p = sub.add_parser("import-municipal", help="import the SSB 12005 and Kartverket snapshots into data/")
    p.set_defaults(func=_cmd_import_municipal)
    p = sub.add_parser("simplify-geometry", help="simplify the municipal boundaries into data/geo/ (needs mapshaper)")
    p.set_defaults(func=_cmd_simplify_geometry)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (data.DataError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
