"""`kg build`: documents in, one Turtle file out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.commands import DEFAULT_EXPORT, add_engine_arguments, engine_options, progress_bar
from kg.errors import KGError

ORDER = 10


def register(commands: argparse._SubParsersAction) -> None:
    build = commands.add_parser(
        "build", help="build the graph of documents and export it as Turtle"
    )
    build.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="files or folders (.txt, .md, .html; folders are searched recursively)",
    )
    build.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_EXPORT,
        help=f"Turtle file to write (default: {DEFAULT_EXPORT})",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    add_engine_arguments(build)
    build.set_defaults(handler=build_cli)


def build_cli(args: argparse.Namespace) -> int:
    from kg.engine import start_engine

    start_engine(args.engine, args.workers)  # before the pipeline's imports: it loads meanwhile
    from kg.pipeline import build_export

    report, triples = build_export(
        args.paths, args.output, progress_bar(args.quiet, "building"), engine_options(args)
    )
    for error in report.errors:
        print(f"kg: skipped {error}", file=sys.stderr)
    if not report.built:
        raise KGError("no document could be read; nothing written")
    if not args.quiet:
        print(
            f"built {len(report.built)} document(s), {triples} triples "
            f"-> {args.output}" + (f" ({len(report.errors)} skipped)" if report.errors else ""),
            file=sys.stderr,
        )
    return 1 if report.errors else 0
