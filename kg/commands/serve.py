"""`kg serve`: a read-only SPARQL endpoint and query page over the working store."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands import DEFAULT_STORE, STORE_HELP
from kg.errors import KGError

ORDER = 45

DESCRIPTION = """\
Serve the working store as a read-only SPARQL 1.1 Protocol endpoint (/sparql, GET
?query= or POST) with a query page (/) that has the example queries of queries/ one
click away. Oxigraph's server answers queries; kg serve copies the store (less its
bookkeeping) into a temporary snapshot at start, so it answers from the store as it
was then: restart it after `kg add`. The default graph is the union of all graphs.

SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE in
Turtle, JSON-LD, N-Triples or RDF/XML, as the Accept header asks (default: JSON,
Turtle). SPARQL Update is refused (403). A query running longer than --timeout is
cancelled (503). An answer with more than --limit rows (or triples) is TRUNCATED to
the first --limit: the response then carries `X-Result-Truncated: true` (and always
`X-Result-Limit`); add LIMIT/OFFSET to page through a larger one."""


def register(commands: argparse._SubParsersAction) -> None:
    from kg.serve import DEFAULT_BIND, DEFAULT_LIMIT, DEFAULT_TIMEOUT

    serve = commands.add_parser(
        "serve",
        help="serve the store as a read-only SPARQL endpoint with a query page",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("-s", "--store", type=Path, default=DEFAULT_STORE, help=STORE_HELP)
    serve.add_argument(
        "--bind",
        default=DEFAULT_BIND,
        metavar="HOST:PORT",
        help=f"where to listen (default: {DEFAULT_BIND}, this machine only; port 0: any free)",
    )
    serve.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"cancel a query that runs longer (default: {DEFAULT_TIMEOUT:g})",
    )
    serve.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="ROWS",
        help=f"truncate answers to this many rows or triples (default: {DEFAULT_LIMIT}; 0: none)",
    )
    serve.add_argument(
        "--queries",
        type=Path,
        metavar="DIR",
        help="the example queries (*.rq) for the page (default: ./queries, else the checkout's)",
    )
    serve.set_defaults(handler=serve_cli)


def serve_cli(args: argparse.Namespace) -> int:
    from kg.serve import default_queries_folder, serve

    if not args.store.is_dir():
        raise KGError(f"{args.store}: no store here (create one with `kg add PATH`)")
    if args.queries is not None and not args.queries.is_dir():
        raise KGError(f"{args.queries}: no such folder of queries")
    serve(
        args.store,
        bind=args.bind,
        timeout=args.timeout,
        limit=args.limit,
        queries=args.queries or default_queries_folder(),
    )
    return 0
