"""`kg add`, `kg remove`, `kg documents`: the persistent working store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.commands import (
    DEFAULT_STORE,
    STORE_HELP,
    add_engine_arguments,
    engine_options,
    existing_store,
    progress_bar,
)
from kg.errors import KGError

ORDER = 20


def register(commands: argparse._SubParsersAction) -> None:
    add = commands.add_parser("add", help="add or update documents in the working store")
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add.add_argument("-s", "--store", type=Path, default=DEFAULT_STORE, help=STORE_HELP)
    add.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    add_engine_arguments(add)
    add.set_defaults(handler=add_cli)

    remove = commands.add_parser("remove", help="remove documents (and what only they support)")
    remove.add_argument(
        "documents",
        nargs="+",
        metavar="DOC",
        help="file name, path, document IRI or content-hash prefix",
    )
    remove.add_argument("-s", "--store", type=Path, default=DEFAULT_STORE, help=STORE_HELP)
    remove.set_defaults(handler=remove_cli)

    documents = commands.add_parser("documents", help="list the documents in the working store")
    documents.add_argument("-s", "--store", type=Path, default=DEFAULT_STORE, help=STORE_HELP)
    documents.set_defaults(handler=documents_cli)


def add_cli(args: argparse.Namespace) -> int:
    from kg.engine import start_engine

    start_engine(args.engine, args.workers)  # before the pipeline's imports: it loads meanwhile
    from kg.pipeline import BuildReport, add_paths
    from kg.store import KnowledgeStore

    store = KnowledgeStore(args.store)
    report = BuildReport()
    add_paths(store, args.paths, report, progress_bar(args.quiet, "adding"), engine_options(args))
    store.flush()
    for error in report.errors:
        print(f"kg: skipped {error}", file=sys.stderr)
    if not args.quiet:
        print(
            f"added or updated {len(report.built)}, unchanged {len(report.unchanged)}, "
            f"skipped {len(report.errors)}; {len(store.documents())} document(s) in {args.store}",
            file=sys.stderr,
        )
    return 1 if report.errors else 0


def remove_cli(args: argparse.Namespace) -> int:

    store = existing_store(args.store)
    missing = []
    for reference in args.documents:
        removed = store.remove(reference)
        if not removed:
            missing.append(reference)
        for document in removed:
            print(f"removed {document.file_name} <{document.iri}>", file=sys.stderr)
    store.refresh_labels()
    store.flush()
    if missing:
        raise KGError(f"no document in {args.store} matches {', '.join(map(repr, missing))}")
    return 0


def documents_cli(args: argparse.Namespace) -> int:
    for document in existing_store(args.store).documents():
        print(f"{document.file_name}\t{document.content_hash[:19]}\t{document.source_path}")
    return 0
