"""Command line: each command parses its arguments and calls one importable function."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kg import __version__
from kg.errors import KGError

DEFAULT_EXPORT = Path("exports/policy-kg.ttl")


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        return int(args.handler(args) or 0)
    except KGError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Turn health-policy documents into an RDF knowledge graph."
    )
    parser.add_argument("--version", action="version", version=f"policy-kg {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

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
    build.set_defaults(handler=build_cli)

    query = commands.add_parser("query", help="run a SPARQL query on a built graph")
    query.add_argument("graph", type=Path, help="a built graph (.ttl, .nt, .nq, .trig)")
    query.add_argument("sparql", nargs="?", help="the query text (or use --file)")
    query.add_argument("-f", "--file", type=Path, help="read the query from this .rq file")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.set_defaults(handler=query_cli)

    evaluate = commands.add_parser(
        "eval", help="score extraction against annotated documents (guideline JSON format)"
    )
    evaluate.add_argument(
        "--gold", type=Path, required=True, help="folder of <document>.json files"
    )
    evaluate.add_argument("--docs", type=Path, required=True, help="folder holding the documents")
    evaluate.add_argument(
        "--details", action="store_true", help="list every miss and spurious item"
    )
    evaluate.set_defaults(handler=evaluate_cli)

    for name, helptext in (
        ("neighbours", "list the nodes linked to a node, by label"),
        ("path", "the shortest chain of links between two nodes, by label"),
    ):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("labels", nargs=1 if name == "neighbours" else 2, metavar="LABEL")
        sub.add_argument(
            "-g",
            "--graph",
            type=Path,
            default=DEFAULT_EXPORT,
            help=f"a built Turtle graph (default: {DEFAULT_EXPORT})",
        )
        sub.set_defaults(handler=neighbours_cli if name == "neighbours" else path_cli)
    return parser


def build_cli(args: argparse.Namespace) -> int:
    from kg.export import export_graph
    from kg.pipeline import build_graph_from_paths

    graph, report = build_graph_from_paths(args.paths)
    for error in report.errors:
        print(f"kg: skipped {error}", file=sys.stderr)
    if not report.built:
        raise KGError("no document could be read; nothing written")
    export_graph(graph, args.output)
    if not args.quiet:
        print(
            f"built {len(report.built)} document(s), {len(graph)} triples -> {args.output}"
            + (f" ({len(report.errors)} skipped)" if report.errors else ""),
            file=sys.stderr,
        )
    return 1 if report.errors else 0


def query_cli(args: argparse.Namespace) -> int:
    from kg.query import format_result, open_store, run_query

    if args.file:
        try:
            sparql = args.file.read_text("utf-8")
        except OSError as exc:
            raise KGError(f"{args.file}: cannot read query ({exc.strerror})") from None
    elif args.sparql:
        sparql = args.sparql
    else:
        raise KGError("give the query text or --file Q.rq")
    output = format_result(run_query(open_store(args.graph), sparql), args.format)
    print(output, end="" if output.endswith("\n") else "\n")
    return 0


def evaluate_cli(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate, format_evaluation

    evaluation = evaluate(args.gold, args.docs)
    print(format_evaluation(evaluation, details=args.details))
    return 1 if evaluation.failures else 0


def _load_network(path: Path):
    from rdflib import Graph

    from kg.network import graph_to_networkx

    if not path.is_file():
        raise KGError(f"{path}: no such graph file (run `kg build` first)")
    graph = Graph()
    try:
        graph.parse(path)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise KGError(f"{path}: cannot parse graph ({type(exc).__name__}: {exc})") from None
    return graph_to_networkx(graph)


def _resolve_label(network, label: str) -> str:
    from kg.network import find_nodes

    nodes = find_nodes(network, label)
    if not nodes:
        raise KGError(f"no node is labelled {label!r}")
    if len(nodes) > 1:
        print(
            f"kg: {label!r} names {len(nodes)} nodes; using {network.nodes[nodes[0]]['label']!r}",
            file=sys.stderr,
        )
    return nodes[0]


def neighbours_cli(args: argparse.Namespace) -> int:
    from kg.network import neighbours

    network = _load_network(args.graph)
    node = _resolve_label(network, args.labels[0])
    attrs = network.nodes[node]
    print(f"{attrs['label']} [{attrs['type']}] <{node}>")
    for direction, predicate, other in neighbours(network, node):
        o = network.nodes[other]
        print(f"  {direction} {predicate:<18} {o['label']} [{o['type']}]")
    return 0


def path_cli(args: argparse.Namespace) -> int:
    import networkx as nx

    from kg.network import shortest_path

    network = _load_network(args.graph)
    source, target = (_resolve_label(network, label) for label in args.labels)
    try:
        steps = shortest_path(network, source, target)
    except nx.NetworkXNoPath:
        raise KGError(f"no path links {args.labels[0]!r} and {args.labels[1]!r}") from None
    for node, arrow in steps:
        attrs = network.nodes[node]
        prefix = f"  {arrow} " if arrow else ""
        print(f"{prefix}{attrs['label']} [{attrs['type']}]")
    return 0
