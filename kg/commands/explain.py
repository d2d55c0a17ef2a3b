"""`kg explain`: the evidence for a node or a fact."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands import DEFAULT_EXPORT, DEFAULT_STORE, open_graph

ORDER = 50


def register(commands: argparse._SubParsersAction) -> None:
    explain = commands.add_parser("explain", help="show the evidence for a node or a fact")
    explain.add_argument("reference", metavar="IRI_OR_LABEL")
    explain.add_argument(
        "-g",
        "--graph",
        type=Path,
        default=None,
        help=f"a built graph file or store folder (default: {DEFAULT_STORE}, "
        f"else {DEFAULT_EXPORT})",
    )
    explain.set_defaults(handler=explain_cli)


def explain_cli(args: argparse.Namespace) -> int:
    from kg.explain import explain, format_explanation

    store = open_graph(args.graph)
    print(format_explanation(store, explain(store, args.reference)))
    return 0
