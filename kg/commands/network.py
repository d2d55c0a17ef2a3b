"""`kg neighbours` and `kg path`: traverse the graph with networkx."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.commands import DEFAULT_EXPORT, load_network
from kg.errors import KGError

ORDER = 60


def register(commands: argparse._SubParsersAction) -> None:
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

    network = load_network(args.graph)
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

    network = load_network(args.graph)
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
