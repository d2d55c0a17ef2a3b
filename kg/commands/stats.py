"""`kg stats`: counts, central agencies, components and partnerships."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands import DEFAULT_EXPORT, load_network

ORDER = 65


def register(commands: argparse._SubParsersAction) -> None:
    stats = commands.add_parser(
        "stats", help="counts, central agencies, components and agencies that share tasks"
    )
    stats.add_argument(
        "-g",
        "--graph",
        type=Path,
        default=DEFAULT_EXPORT,
        help=f"a built Turtle graph (default: {DEFAULT_EXPORT})",
    )
    stats.add_argument("--top", type=int, default=10, help="rows per ranking (default: 10)")
    stats.set_defaults(handler=stats_cli)


def stats_cli(args: argparse.Namespace) -> int:
    from kg.analytics import format_stats

    print(format_stats(load_network(args.graph), top=args.top))
    return 0
