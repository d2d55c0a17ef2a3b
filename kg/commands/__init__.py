"""Commands of the `kg` command line, one module each.

A module here defines `register(commands)`, which adds its sub-command(s) to the
parser and sets `handler` to a function that takes the parsed arguments. Handlers
only parse arguments and call importable functions of the package, so everything
a command does is available from Python too. A new command is a new module;
`ORDER` places it in `kg --help`."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kg.errors import KGError

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox

    from kg.pipeline import EngineOptions
    from kg.store import KnowledgeStore

T = TypeVar("T")
DEFAULT_EXPORT = Path("exports/policy-kg.ttl")
DEFAULT_STORE = Path(".kg")
STORE_HELP = f"the working store folder (default: {DEFAULT_STORE})"


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """--workers / --engine / --scheduler / --shards, shared by build and add."""
    group = parser.add_argument_group("where documents are processed")
    group.add_argument(
        "-w",
        "--workers",
        type=int,
        default=1,
        help="worker processes on this machine (default: 1, in this process)",
    )
    group.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local processes (default) or a Dask distributed cluster",
    )
    group.add_argument("--scheduler", help="the Dask scheduler address, with --engine dask")
    group.add_argument(
        "--shards",
        type=Path,
        help="folder where workers write per-document N-Triples shards (shared storage on a "
        "cluster); default: shards are sent back directly",
    )


def engine_options(args: argparse.Namespace) -> EngineOptions:
    from kg.pipeline import EngineOptions

    if args.workers < 1:
        raise KGError("--workers must be at least 1")
    return EngineOptions(args.engine, args.workers, args.scheduler, args.shards)


def progress_bar(quiet: bool, description: str) -> Callable[[Iterable[T]], Iterator[T]] | None:
    """A progress bar on a terminal; nothing in a pipe, a file, or with --quiet."""
    if quiet or not sys.stderr.isatty():
        return None

    def wrap(items: Iterable[T]) -> Iterator[T]:
        listed = list(items)
        width = max(10, min(40, shutil.get_terminal_size((80, 20)).columns - 40))
        started = time.monotonic()
        for done, item in enumerate(listed):
            _draw(description, done, len(listed), width, started)
            yield item
        _draw(description, len(listed), len(listed), width, started)
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()

    return wrap


def _draw(description: str, done: int, total: int, width: int, started: float) -> None:
    filled = width * done // total if total else width
    rate = done / max(time.monotonic() - started, 1e-9)
    sys.stderr.write(
        f"\r\033[K{description} {'#' * filled}{'.' * (width - filled)} {done}/{total} "
        f"({100 * done // max(total, 1)}%, {rate:.1f} docs/s)"
    )
    sys.stderr.flush()


def existing_store(path: Path) -> KnowledgeStore:
    from kg.store import KnowledgeStore

    if not path.is_dir():
        raise KGError(f"{path}: no store here (create one with `kg add PATH`)")
    return KnowledgeStore(path)


def open_graph(path: Path | None) -> ox.Store:
    """A queryable Oxigraph store: a store folder, or a graph file loaded in memory
    (default: the working store if there is one, else the committed export)."""
    from kg.query import open_store

    if path is None:
        path = DEFAULT_STORE if DEFAULT_STORE.is_dir() else DEFAULT_EXPORT
    if path.is_dir():
        return existing_store(path).oxigraph
    return open_store(path)


def load_network(path: Path) -> nx.MultiDiGraph:
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
