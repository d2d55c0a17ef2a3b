"""`kg export`: the working store's graph in a file format."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands import DEFAULT_STORE, STORE_HELP, existing_store

ORDER = 30
EXPORT_FORMATS = {"turtle": "turtle", "nt": "nt", "trig": "trig", "nquads": "nquads"}


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="write the working store's graph to a file")
    export.add_argument("-s", "--store", type=Path, default=DEFAULT_STORE, help=STORE_HELP)
    export.add_argument(
        "--format",
        choices=sorted(EXPORT_FORMATS),
        default="turtle",
        help="turtle and nt: one merged graph; trig and nquads: one graph per document",
    )
    export.add_argument("-o", "--output", type=Path, required=True)
    export.set_defaults(handler=export_cli)


def export_cli(args: argparse.Namespace) -> int:
    from kg.export import serialise, write_atomic

    store = existing_store(args.store)
    fmt = EXPORT_FORMATS[args.format]
    data = (
        store.serialise_quads(fmt)
        if fmt in ("trig", "nquads")
        else serialise(store.to_graph(), fmt)
    )
    write_atomic(args.output, data)
    return 0
