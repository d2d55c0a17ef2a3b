"""`kg view`: the graph as one self-contained interactive HTML page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.commands import DEFAULT_EXPORT, existing_store
from kg.errors import KGError

ORDER = 68


def register(commands: argparse._SubParsersAction) -> None:
    view = commands.add_parser(
        "view",
        help="write the graph as one interactive HTML page that works offline",
        description="Write one self-contained HTML file: the entity graph drawn with "
        "Cytoscape.js (inlined), a search box, click-to-expand, a language switch and a "
        "side panel with each node's facts and evidence sentences.",
    )
    view.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.html", help="the page to write"
    )
    source = view.add_mutually_exclusive_group()
    source.add_argument(
        "-g",
        "--graph",
        type=Path,
        default=None,
        help=f"a built graph file (default: {DEFAULT_EXPORT})",
    )
    source.add_argument(
        "--store", type=Path, default=None, metavar="DIR", help="a store folder (`kg add`)"
    )
    view.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="the language the page opens in (default: en; the page can switch)",
    )
    view.set_defaults(handler=view_cli)


def view_cli(args: argparse.Namespace) -> int:
    from kg.query import open_store
    from kg.view import graph_from_store, write_view

    if args.store is not None:
        store = existing_store(args.store)
        graph, oxigraph = store.to_graph(), store.oxigraph
    else:
        path = args.graph or DEFAULT_EXPORT
        if not path.is_file():
            raise KGError(f"{path}: no such graph file (run `kg build` first)")
        oxigraph = open_store(path)
        graph = graph_from_store(oxigraph)
    try:
        data = write_view(graph, oxigraph, args.output, lang=args.lang)
    except OSError as exc:
        raise KGError(f"{args.output}: cannot write ({exc.strerror or exc})") from None
    shown = len(data["start"]["nodes"])
    print(
        f"wrote {args.output}: {len(data['nodes'])} nodes, {len(data['edges'])} links "
        f"({shown} shown at start)",
        file=sys.stderr,
    )
    return 0
