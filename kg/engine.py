"""Engines: where documents are processed — in this process, in a pool of worker
processes on this machine, or on a Dask distributed cluster.

Every engine runs the same function on each file, `make_shard`, which does all
the per-document work (load, extract, resolve, link, RDF) and returns that
document's graph as an N-Triples shard; only merging the shards (into a store, or
straight into a build's export) happens in the calling process. With a shard
folder (shared storage on a cluster) workers write their shards there and return
only the file's path, so nothing large crosses the network twice."""

from __future__ import annotations

import collections
import functools
import hashlib
import logging
import multiprocessing
import multiprocessing.forkserver
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING, cast

from kg.errors import DocumentError, KGError

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext

    from kg.turtle import TurtlePiece

# Importing this module stays cheap (what a document needs is imported by
# `make_shard`), so that `start_engine` can run before the caller's own imports.

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
#: Tasks given to the local pool per worker and not yet taken back: one to work on and
#: one waiting, so that a worker never waits for its next task while the caller loads
#: shards, and finished shards cannot pile up in memory.
TASKS_IN_FLIGHT_PER_WORKER = 2
#: The most documents in one task: each task and its answer cost the calling process
#: thread wake-ups and bookkeeping, which it takes from the workers on a machine with
#: no core to spare (its CPU time in a 10 MB build: 1.8 s with one document per
#: task, 0.9 s with 16).
DOCUMENTS_PER_TASK = 16


@dataclass(frozen=True, slots=True)
class Shard:
    """One processed document: its graph as N-Triples (in `data`, or in `file`), or
    the one-line problem that kept it from being processed (`error`). Made for a
    build's export (`make_shard(..., pieces=True)`), the document's own subjects come
    as Turtle `pieces` instead, and `data` holds the rest."""

    path: str
    document_iri: str = ""
    content_hash: str = ""
    data: bytes = b""
    file: str = ""
    summary: dict[str, int | str] = field(default_factory=dict)
    error: str = ""
    pieces: tuple[TurtlePiece, ...] = ()

    def ntriples(self) -> bytes:
        return Path(self.file).read_bytes() if self.file else self.data


def make_shard(path: str, shard_dir: str | None = None, pieces: bool = False) -> Shard:
    """Process one file into a shard; never raises for a bad document. With `pieces`
    (and no `shard_dir`), for a build's export: the document's own subjects are
    written as Turtle here (`kg.turtle.document_pieces`), in parallel, rather than by
    the build's one process at the end."""
    from kg.documents import load_document
    from kg.graph import document_id, document_iri, document_ntriples
    from kg.pipeline import process_document
    from kg.turtle import document_pieces

    try:
        source = load_document(Path(path))
        result = process_document(source)
    except DocumentError as exc:
        return Shard(path, error=exc.problem)
    except Exception as exc:  # one broken document must not stop a batch
        log.debug("unexpected failure on %s", path, exc_info=True)
        return Shard(path, error=f"extraction failed ({type(exc).__name__}: {exc})")
    data = document_ntriples(result)
    summary: dict[str, int | str] = {
        "lang": result.info.lang,
        "entities": len(result.entities),
        "quantities": len(result.findings.quantities),
        "relations": len(result.findings.relations),
    }
    iri = str(document_iri(result.source))
    if shard_dir is None:
        own: tuple[TurtlePiece, ...] = ()
        if pieces:
            data, own = document_pieces(data, document_id(source))
        return Shard(path, iri, source.content_hash, data=data, summary=summary, pieces=own)
    target = Path(shard_dir) / f"{source.content_hash.removeprefix('sha256:')}.nt"
    target.write_bytes(data)
    return Shard(path, iri, source.content_hash, file=str(target), summary=summary)


def file_hash(path: Path) -> str:
    """The content hash `load_document` would record, without decoding the file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"sha256:{digest.hexdigest()}"


def run_engine(
    paths: Iterable[Path],
    *,
    engine: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
    shard_dir: Path | None = None,
    pieces: bool = False,
) -> Iterator[Shard]:
    """Shards for `paths`, as they are finished (any order: the store does not care);
    `pieces` as `make_shard` takes it."""
    names = [str(p) for p in paths]
    folder = str(shard_dir) if shard_dir is not None else None
    if folder is not None:
        Path(folder).mkdir(parents=True, exist_ok=True)
    if engine == "dask":
        yield from _run_dask(names, scheduler, folder, pieces)
    elif workers <= 1 or len(names) <= 1:
        for name in names:
            yield make_shard(name, folder, pieces)
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
            yield from _run_pool(pool, names, folder, pieces, workers)


def start_engine(engine: str, workers: int) -> None:
    """Start what `run_engine` will need, so that it loads while the caller finds the
    documents: the fork server of a local pool (a second or so of imports)."""
    if engine == "local" and workers > 1:
        _pool_context()


def ready_processes(engine: str, workers: int) -> ForkServerContext | None:
    """Where a build can start one more process that is ready at once, to share the
    work left at the end: forked from the fork server of a local pool (which has
    loaded everything), if this build runs one; None otherwise (a fresh process would
    spend a second or so on imports)."""
    if engine != "local" or workers <= 1:
        return None
    context = _pool_context()
    if context.get_start_method() != "forkserver":
        return None
    return cast("ForkServerContext", context)


@functools.cache
def _pool_context() -> BaseContext:
    """How pool workers start: forked from a fork server that has loaded everything a
    document needs (`kg.preload`) where the platform has one, else spawned afresh
    (each then loads it all itself). Never forked from this process, whose store may
    run threads."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kg.preload"])
    multiprocessing.forkserver.ensure_running()  # start loading now
    return context


def _run_pool(
    pool: Executor, names: list[str], folder: str | None, pieces: bool, workers: int
) -> Iterator[Shard]:
    """Shards for `names` from `pool` (of `workers` processes), as they are finished.
    Documents go in tasks of up to DOCUMENTS_PER_TASK, fewer as the end nears (a
    task takes an eighth of each worker's share of what is left), so that the
    workers finish together; the next task is submitted when one has been taken,
    rather than all at once."""
    queue = collections.deque(names)

    def submit() -> Future[list[Shard]]:
        size = min(DOCUMENTS_PER_TASK, max(1, len(queue) // (8 * workers)), len(queue))
        task = [queue.popleft() for _ in range(size)]
        return pool.submit(make_shards, task, folder, pieces)

    running: set[Future[list[Shard]]] = set()
    while queue and len(running) < TASKS_IN_FLIGHT_PER_WORKER * workers:
        running.add(submit())
    while running:
        done, running = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            yield from future.result()
            if queue:
                running.add(submit())


def make_shards(paths: list[str], shard_dir: str | None, pieces: bool) -> list[Shard]:
    """`make_shard` of each of `paths`: one pool task."""
    return [make_shard(path, shard_dir, pieces) for path in paths]


def _run_dask(
    names: list[str], scheduler: str | None, folder: str | None, pieces: bool
) -> Iterator[Shard]:
    try:
        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed
    except ImportError:
        raise KGError(
            "the dask engine needs dask[distributed]: pip install 'policy-kg[dask]'"
        ) from None
    if not scheduler:
        raise KGError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    try:
        client = Client(scheduler, timeout="30s")
    except OSError as exc:
        raise KGError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    with client:
        # no list of the futures is kept: the cluster frees each result once taken
        for future in dask_completed(
            client.map(make_shard, names, shard_dir=folder, pieces=pieces, pure=False)
        ):
            yield future.result()
