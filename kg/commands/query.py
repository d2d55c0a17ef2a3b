"""`kg query`: SPARQL on a built graph or the working store."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands import open_graph
from kg.errors import KGError

ORDER = 40


def register(commands: argparse._SubParsersAction) -> None:
    query = commands.add_parser("query", help="run a SPARQL query on a built graph or store")
    query.add_argument(
        "graph", type=Path, help="a built graph (.ttl, .nt, .nq, .trig) or a store folder"
    )
    query.add_argument("sparql", nargs="?", help="the query text (or use --file)")
    query.add_argument("-f", "--file", type=Path, help="read the query from this .rq file")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.set_defaults(handler=query_cli)


def query_cli(args: argparse.Namespace) -> int:
    from kg.query import format_result, run_query

    if args.file:
        try:
            sparql = args.file.read_text("utf-8")
        except OSError as exc:
            raise KGError(f"{args.file}: cannot read query ({exc.strerror})") from None
    elif args.sparql:
        sparql = args.sparql
    else:
        raise KGError("give the query text or --file Q.rq")
    output = format_result(run_query(open_graph(args.graph), sparql), args.format)
    print(output, end="" if output.endswith("\n") else "\n")
    return 0
