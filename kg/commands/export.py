"""`kg export`: the working store's graph in a file format."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands import DEFAULT_STORE, STORE_HELP, existing_store

ORDER = 30
EXPORT_FORMATS = {
    "turtle": "turtle",
    "nt": "nt",
    "trig": "trig",
    "nquads": "nquads",
    "jsonld": "jsonld",
    "graphml": "graphml",
    "gexf": "gexf",
    "csv": "csv",
}
FORMAT_HELP = (
    "turtle and nt: one merged graph; trig and nquads: one graph per document; "
    "jsonld: the merged graph compacted with the published context; "
    "graphml and gexf: the entity graph for Gephi or Cytoscape; "
    "csv: the entity graph as nodes.csv and edges.csv in the folder -o names"
)


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="write the working store's graph to a file")
    export.add_argument("-s", "--store", type=Path, default=DEFAULT_STORE, help=STORE_HELP)
    export.add_argument(
        "--format", choices=sorted(EXPORT_FORMATS), default="turtle", help=FORMAT_HELP
    )
    export.add_argument(
        "-o", "--output", type=Path, required=True, help="the file to write (csv: a folder)"
    )
    export.set_defaults(handler=export_cli)


def export_cli(args: argparse.Namespace) -> int:
    from kg.export import write_atomic
    from kg.exporters import GRAPH_EXPORTERS, export_csv

    store = existing_store(args.store)
    fmt = EXPORT_FORMATS[args.format]
    if fmt == "csv":
        export_csv(store.to_graph(), args.output)
    elif fmt in GRAPH_EXPORTERS:
        write_atomic(args.output, GRAPH_EXPORTERS[fmt](store.to_graph()))
    else:  # the RDF formats, streamed from the store with bounded memory
        store.write(args.output, fmt)
    return 0
