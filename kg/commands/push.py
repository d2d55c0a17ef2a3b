"""`kg push`: load the graph into a SPARQL 1.1 Graph Store HTTP Protocol store."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kg.commands import DEFAULT_EXPORT, DEFAULT_STORE, existing_store
from kg.errors import KGError

if TYPE_CHECKING:
    import pyoxigraph as ox

ORDER = 35
PASSWORD_VARIABLE = "KG_PUSH_PASSWORD"


def register(commands: argparse._SubParsersAction) -> None:
    from kg.push import DEFAULT_GRAPH_IRI

    push = commands.add_parser(
        "push",
        help="load the graph into a SPARQL Graph Store server (Oxigraph, Virtuoso, ...)",
        description=(
            "Send the graph to a store's SPARQL 1.1 Graph Store HTTP Protocol endpoint, e.g. "
            "http://localhost:7878/store (Oxigraph), http://localhost:8890/sparql-graph-crud-auth "
            "(Virtuoso), http://localhost:3030/DATASET/data (Fuseki). By default the merged "
            "graph replaces one named graph."
        ),
    )
    push.add_argument("url", metavar="URL", help="the store's Graph Store endpoint")
    source = push.add_mutually_exclusive_group()
    source.add_argument(
        "-s",
        "--store",
        type=Path,
        help=f"push this working store (default: {DEFAULT_STORE} if there is one, "
        f"else {DEFAULT_EXPORT})",
    )
    source.add_argument(
        "-g", "--graph", type=Path, help="push this graph file (.ttl, .nt, .nq, .trig)"
    )
    target = push.add_mutually_exclusive_group()
    target.add_argument(
        "--graph-iri",
        default=DEFAULT_GRAPH_IRI,
        help=f"the named graph to load into (default: {DEFAULT_GRAPH_IRI})",
    )
    target.add_argument(
        "--default-graph", action="store_true", help="load into the store's default graph"
    )
    target.add_argument(
        "--per-document",
        action="store_true",
        help="one graph per document, plus the ontology and labels graphs, each under its own "
        "IRI (a store, or a .trig/.nq file)",
    )
    target.add_argument(
        "--dataset",
        action="store_true",
        help="every graph in one N-Quads request to URL itself, where the server supports it "
        "(Oxigraph does; Virtuoso does not); with --replace this replaces the whole store",
    )
    mode = push.add_mutually_exclusive_group()
    mode.add_argument(
        "--replace",
        dest="replace",
        action="store_true",
        default=None,
        help="replace each graph (HTTP PUT; the default)",
    )
    mode.add_argument(
        "--add", dest="replace", action="store_false", help="add to each graph (HTTP POST)"
    )
    push.add_argument("-u", "--user", help="user name for HTTP basic or digest authentication")
    push.add_argument(
        "-p",
        "--password",
        help=f"password (default: ${PASSWORD_VARIABLE}, else asked on a terminal)",
    )
    push.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    push.set_defaults(handler=push_cli)


def push_cli(args: argparse.Namespace) -> int:
    import pyoxigraph as ox

    from kg.push import push_merged, push_per_graph, push_quads

    auth = _auth(args)
    quads, source = _quads(args)
    # graphs are replaced unless --add; a whole dataset (PUT empties the store) only on --replace
    replace = args.replace is True if args.dataset else args.replace is not False
    if args.dataset:
        results = [push_quads(args.url, quads, replace, auth)]
    elif args.per_document:
        if not any(isinstance(q.graph_name, ox.NamedNode) for q in quads):
            raise KGError(f"{source}: no named graphs to push one by one (use a store or .trig)")
        results = push_per_graph(args.url, quads, replace, auth)
    else:
        graph_iri = None if args.default_graph else args.graph_iri
        results = [push_merged(args.url, quads, graph_iri, replace, auth)]
    if not args.quiet:
        verb = "replaced" if replace else "added to"
        for result in results:
            if args.dataset:
                where = "the dataset"
            elif result.graph_iri is None:
                where = "the default graph"
            else:
                where = f"<{result.graph_iri}>"
            print(
                f"{verb} {where}: {result.statements} statement(s) (HTTP {result.status})",
                file=sys.stderr,
            )
        if len(results) > 1:
            total = sum(r.statements for r in results)
            print(f"pushed {total} statement(s) in {len(results)} graphs", file=sys.stderr)
    return 0


def _quads(args: argparse.Namespace) -> tuple[list[ox.Quad], Path]:
    from kg.push import read_quads

    if args.graph is not None:
        return read_quads(args.graph), args.graph
    path = args.store
    if path is None:
        path = DEFAULT_STORE if DEFAULT_STORE.is_dir() else DEFAULT_EXPORT
        if not path.is_file() and not path.is_dir():
            raise KGError(f"nothing to push: no {DEFAULT_STORE} store and no {DEFAULT_EXPORT}")
        if path.is_file():
            return read_quads(path), path
    return existing_store(path).exported_quads(), path


def _auth(args: argparse.Namespace) -> tuple[str, str] | None:
    if args.user is None:
        if args.password is not None:
            raise KGError("--password needs --user")
        return None
    password = args.password or os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        if not sys.stdin.isatty():
            raise KGError(f"no password for {args.user}: give --password or ${PASSWORD_VARIABLE}")
        password = getpass.getpass(f"password for {args.user}: ")
    return args.user, password
