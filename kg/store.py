"""Store: the persistent, incremental graph (Oxigraph, on disk under `.kg/`).

Each document's statements live in their own named graph (named by the
document's IRI), so a document can be replaced or removed without touching the
others, and a node no remaining document supports disappears with it. Two
derived graphs complete the picture: the ontology, and the labels graph, which
picks one `rdfs:label` per language for every node from what all documents and
the reference data say. Because every document graph depends only on its own
text and the labels only on the set of documents, adding the same documents in
any order, or twice, gives the same graph."""

from __future__ import annotations

import bisect
import functools
import hashlib
import heapq
import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, cast

import pyoxigraph as ox
from rdflib import Graph

from kg.engine import Shard
from kg.errors import KGError
from kg.export import atomic_file, scratch_folder
from kg.graph import bind_prefixes
from kg.turtle import (
    BLOCK_BYTES,
    LABEL,
    LINE_END,
    NAME_PREDICATES,
    HeaderlessWriter,
    labelled,
    line_blocks,
    serialise_chunks,
    serialise_range,
    turtle_header,
)
from kg.vocab import ID, PKG, load_ontology, ontology_path

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext

ONTOLOGY_GRAPH = ox.NamedNode(str(ID["graph/ontology"]))
LABELS_GRAPH = ox.NamedNode(str(ID["graph/labels"]))
REGISTRY_GRAPH = ox.NamedNode(str(ID["graph/registry"]))
_SOURCE_PATH = ox.NamedNode(str(PKG.sourcePath))
_CONTENT_HASH = ox.NamedNode(str(PKG.contentHash))
_FILE_NAME = ox.NamedNode(str(PKG.fileName))
DEFAULT_STORE = Path(".kg")
_Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


@dataclass(frozen=True, slots=True)
class StoredDocument:
    iri: str
    file_name: str
    content_hash: str
    source_path: str


class KnowledgeStore:
    """A graph store on disk (`path`) or in memory (`path=None`). Closing it (`close`,
    or leaving a `with` block) releases the database."""

    def __init__(self, path: Path | None = None) -> None:
        try:
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            raise KGError(
                f"{path}: cannot open the store ({exc}); is another kg command using it?"
            ) from None
        self._load_ontology()

    def close(self) -> None:
        """Release the database (Oxigraph closes it with its last reference); the store
        cannot be used afterwards."""
        vars(self).pop("_store", None)

    def __enter__(self) -> KnowledgeStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _load_ontology(self) -> None:
        """Load the ontology once per version (reloading on every open would give its
        blank nodes new names each time)."""
        text = ontology_path().read_text("utf-8")
        version = ox.Literal("sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest())
        marker = ox.Quad(ONTOLOGY_GRAPH, _CONTENT_HASH, version, REGISTRY_GRAPH)
        if marker in self._store:
            return
        self._store.remove_graph(ONTOLOGY_GRAPH) if self._store.contains_named_graph(
            ONTOLOGY_GRAPH
        ) else None
        self._store.extend(_canonical_quads(load_ontology(), ONTOLOGY_GRAPH))
        self._store.update(
            f"DELETE WHERE {{ GRAPH {REGISTRY_GRAPH} {{ {ONTOLOGY_GRAPH} ?p ?o }} }}"
        )
        self._store.add(marker)

    def _select(self, sparql: str) -> ox.QuerySolutions:
        answer = self._store.query(sparql)
        assert isinstance(answer, ox.QuerySolutions), "a SELECT query"
        return answer

    # ------------------------------------------------------------ documents

    def documents(self) -> list[StoredDocument]:
        answer = self._select(
            f"""SELECT ?doc ?name ?hash ?path WHERE {{
                GRAPH ?doc {{ ?doc {_FILE_NAME} ?name ; {_CONTENT_HASH} ?hash }}
                OPTIONAL {{ GRAPH {REGISTRY_GRAPH} {{ ?doc {_SOURCE_PATH} ?path }} }}
            }} ORDER BY ?name ?doc"""
        )
        return [
            StoredDocument(
                row["doc"].value,
                row["name"].value,
                row["hash"].value,
                row["path"].value if row["path"] is not None else "",
            )
            for row in answer
        ]

    def add_shard(self, shard: Shard, source_path: str) -> str:
        """Put a document processed elsewhere (an engine's shard) in its graph."""
        _check_whole(shard)
        doc = ox.NamedNode(shard.document_iri)
        if self._store.contains_named_graph(doc):
            self._register(doc, source_path)
            return "unchanged"
        replaced = self._documents_from(source_path)
        for old in replaced:
            self._drop(old)
        self._store.load(shard.ntriples(), format=ox.RdfFormat.N_TRIPLES, to_graph=doc)
        self._register(doc, source_path)
        return "updated" if replaced else "added"

    def _documents_from(self, source_path: str) -> list[ox.NamedNode]:
        """The documents read from `source_path`: one look-up in the registry, where
        listing every document for each file added would make adding quadratic."""
        answer = self._select(
            f"SELECT ?doc WHERE {{ GRAPH {REGISTRY_GRAPH} "
            f"{{ ?doc {_SOURCE_PATH} {ox.Literal(source_path)} }} }}"
        )
        return [row["doc"] for row in answer]

    def bulk_loader(self) -> ShardLoader:
        """A faster way in than `add_shard` for a store being filled from scratch (a
        build); see `ShardLoader`."""
        if self.documents():
            raise KGError("the bulk loader only fills a store that holds no documents")
        return ShardLoader(self._store)

    def remove(self, reference: str) -> list[StoredDocument]:
        """Remove the documents `reference` names (file name, path, IRI or hash prefix)."""
        wanted = reference.removeprefix("sha256:")
        matches = [
            d
            for d in self.documents()
            if reference in (d.file_name, d.iri, d.source_path)
            or (len(wanted) >= 8 and d.content_hash.removeprefix("sha256:").startswith(wanted))
            or (d.source_path and Path(d.source_path).name == reference)
        ]
        for document in matches:
            self._drop(ox.NamedNode(document.iri))
        return matches

    def _drop(self, doc: ox.NamedNode) -> None:
        self._store.update(
            f"DROP SILENT GRAPH {doc} ; DELETE WHERE {{ GRAPH {REGISTRY_GRAPH} {{ {doc} ?p ?o }} }}"
        )

    def _register(self, doc: ox.NamedNode, source_path: str) -> None:
        self._store.update(
            f"DELETE WHERE {{ GRAPH {REGISTRY_GRAPH} {{ {doc} {_SOURCE_PATH} ?o }} }} ; "
            f"INSERT DATA {{ GRAPH {REGISTRY_GRAPH} {{ {doc} {_SOURCE_PATH} "
            f"{ox.Literal(source_path)} }} }}"
        )

    # --------------------------------------------------------------- labels

    def refresh_labels(self) -> None:
        """One rdfs:label per node and language: the reference name where one is given,
        else the fullest name the documents prefer (longest, then first in code-point
        order).

        One SPARQL update, so the names never pass through Python: each candidate gets
        a sort key (rank, then a fixed-width 2e9 - length, then the name) whose least
        value per node and language is the choice; the key's 11-character prefix is then
        cut off again."""
        ranks = " ".join(f'({name} "{rank}")' for rank, name in enumerate(NAME_PREDICATES))
        self._store.update(
            f"""DROP SILENT GRAPH {LABELS_GRAPH} ;
            INSERT {{ GRAPH {LABELS_GRAPH} {{ ?node {LABEL} ?label }} }} WHERE {{
                {{ SELECT ?node ?lang (MIN(?key) AS ?best) WHERE {{
                    VALUES (?kind ?rank) {{ {ranks} }}
                    GRAPH ?g {{ ?node ?kind ?name }}
                    FILTER(?g != {LABELS_GRAPH} && ?g != {REGISTRY_GRAPH})
                    BIND(LANG(?name) AS ?lang)
                    BIND(CONCAT(?rank, STR(2000000000 - STRLEN(?name)), STR(?name)) AS ?key)
                }} GROUP BY ?node ?lang }}
                BIND(SUBSTR(?best, 12) AS ?value)
                BIND(IF(?lang = "", ?value, STRLANG(?value, ?lang)) AS ?label)
            }}"""
        )

    # --------------------------------------------------------------- export

    def write(self, path: Path, fmt: str = "turtle") -> int:
        """Write the export to `path` in `fmt` (a key of RDF_EXPORT_FORMATS), atomically
        as `kg.export.atomic_file` does; the number of statements written: distinct
        triples of the merged graph (turtle, nt) or quads, one graph per document
        (trig, nquads).

        The bytes depend on the graph alone, not on the order the store was filled in,
        and memory stays bounded however large the graph (see `_write_sorted`). Turtle
        and TriG are written by Oxigraph while it parses the sorted lines, so they keep
        that order. Scratch files go in a temporary folder beside `path`: the export's
        own disk, rather than a /tmp that may live in memory."""
        syntax = RDF_EXPORT_FORMATS[fmt]
        quads = syntax in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if syntax in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
            with scratch_folder(path.parent) as scratch, atomic_file(path) as out:
                return self._write_sorted(out, quads, scratch)
        with self._sorted_lines(quads, path.parent) as (lines, count), atomic_file(path) as out:
            _serialise_sorted(lines, out, syntax)
        return count

    def exported_quads(self) -> list[ox.Quad]:
        """Every quad but the store's own bookkeeping, in a stable order: graph by graph
        in the order of their names, then by subject, predicate and object."""
        with self._sorted_lines(quads=True) as (lines, _):
            return list(ox.parse(path=lines, format=ox.RdfFormat.N_QUADS, lenient=True))

    def to_graph(self) -> Graph:
        """The merged graph of all documents, the labels and the ontology."""
        graph = Graph()
        bind_prefixes(graph)
        with self._sorted_lines(quads=False) as (lines, _):
            graph.parse(lines, format="nt")
        return graph

    def triple_count(self) -> int:
        """Distinct triples of the merged graph, counted as `write` counts them (the sorted
        lines, not a Python set of every triple)."""
        with self._sorted_lines(quads=False) as (_, count):
            return count

    @contextmanager
    def _sorted_lines(self, quads: bool, folder: Path | None = None) -> Iterator[tuple[Path, int]]:
        """The export as a scratch file of sorted N-Triples or N-Quads lines (see
        `_write_sorted`) and their number; the file is removed when the block ends.
        Scratch goes in `folder`, else the system's temporary folder."""
        with scratch_folder(folder) as scratch:
            lines = scratch / "sorted"
            with lines.open("wb") as out:
                count = self._write_sorted(out, quads, scratch)
            yield lines, count

    def _write_sorted(self, out: BinaryIO, quads: bool, scratch: Path) -> int:
        """Write the export to `out` as N-Triples in byte order, each triple once however
        many graphs hold it, or (`quads`) as N-Quads graph after graph in the order of
        their names, each graph's lines in byte order; the number of lines.

        Oxigraph dumps in an order that depends on how the store was filled in, so its
        lines are sorted as bytes (`LineSorter`): no Python object per statement, and
        only bounded chunks in memory."""
        if not quads:
            with LineSorter(scratch) as lines:
                for graph in self._exported_graphs():
                    lines.add_graph(self._store, graph)
                return _copy_lines(lines.sorted_blocks(), out)
        count = 0
        for graph in self._exported_graphs():
            # Oxigraph writes a single graph's N-Quads without its name: take N-Triples
            # and name the graph at the end of each line as the lines are copied
            end = LINE_END if isinstance(graph, ox.DefaultGraph) else f" {graph}{LINE_END}"
            with LineSorter(scratch) as lines:
                lines.add_graph(self._store, graph)
                count += _copy_lines(lines.sorted_blocks(), out, end)
        return count

    def _exported_graphs(self) -> list[_Graph]:
        """The graphs an export holds, sorted by name: all but the registry (the store's
        own bookkeeping)."""
        named = [graph for graph in self._store.named_graphs() if graph != REGISTRY_GRAPH]
        return sorted([ox.DefaultGraph(), *named], key=str)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying Oxigraph store, for SPARQL."""
        return self._store

    def flush(self) -> None:
        self._store.flush()


class ShardLoader:
    """Loads shards into a store being filled from scratch, in batches of about
    BATCH_BYTES through Oxigraph's bulk loader: several times faster than a transaction
    per document (`KnowledgeStore.add_shard`), with memory bounded by the batch. Not
    transactional: a crash leaves a partial store, which a build throws away anyway.
    Each shard's N-Triples become N-Quads in the document's graph by one replacement of
    the line ends, so the per-shard work stays tiny. A document met twice (the same
    content in two files) is loaded once. Use it as a context manager: leaving loads
    the last batch."""

    BATCH_BYTES = 16 * 2**20

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._batch: list[bytes] = []
        self._size = 0
        self._loaded: set[str] = set()

    def __enter__(self) -> ShardLoader:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        if exc_type is None:
            self.flush()

    def add(self, shard: Shard, source_path: str) -> str:
        """Queue `shard` (read from `source_path`): "added", or "unchanged" if its
        document is already in."""
        _check_whole(shard)
        if shard.document_iri in self._loaded:
            return "unchanged"
        self._loaded.add(shard.document_iri)
        doc = ox.NamedNode(shard.document_iri)
        # every N-Triples line ends in " .\n", and only there (a literal's newlines are
        # escaped)
        quads = shard.ntriples().replace(b" .\n", f" {doc} .\n".encode())
        registry = f"{doc} {_SOURCE_PATH} {ox.Literal(source_path)} {REGISTRY_GRAPH} .\n"
        self._batch += [quads, registry.encode()]
        self._size += len(quads)
        if self._size >= self.BATCH_BYTES:
            self.flush()
        return "added"

    def flush(self) -> None:
        """Load the queued shards."""
        if self._batch:
            self._store.bulk_load(b"".join(self._batch), format=ox.RdfFormat.N_QUADS)
            self._batch, self._size = [], 0


class BuildSpool:
    """A build's Turtle export without a store: the shards' N-Triples and the
    ontology's go straight into a `LineSorter`, and `write` adds the labels as the
    sorted lines stream past and serialises them. It gives the bytes that filling a
    new store, `refresh_labels` and `write(path, "turtle")` give, at a fraction of
    the cost: a store would index every statement only for the export to dump and
    sort them again.

    Shards made with Turtle pieces (`make_shard(..., pieces=True)`) bring their
    documents' own subjects already written, by the workers: those pieces wait in a
    scratch file and `write` puts each where its first line sorts, among the Turtle
    of the other lines. That leaves this process, which no worker can help at the
    end of a build, a tenth of the lines to sort, label and serialise.

    This relies on shards holding their lines as a store dumps them
    (`kg.graph.document_ntriples` writes them so), so that lines sort and repeat as
    the store's would. Scratch files go in a temporary folder in `beside` (the
    output's folder); use it as a context manager: leaving removes them."""

    def __init__(self, beside: Path) -> None:
        beside.mkdir(parents=True, exist_ok=True)
        self._stack = ExitStack()
        self._scratch = self._stack.enter_context(scratch_folder(beside))
        self._lines = self._stack.enter_context(LineSorter(self._scratch))
        # the ontology's lines as a store holds them, blank nodes named canonically
        self._lines.add_graph(KnowledgeStore().oxigraph, ONTOLOGY_GRAPH)
        self._pieces = self._stack.enter_context((self._scratch / "pieces").open("w+b"))
        # each piece's first line -> (offset in the pieces file, length, statements)
        self._placed: dict[bytes, tuple[int, int, int]] = {}

    def __enter__(self) -> BuildSpool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def add(self, shard: Shard) -> str:
        """Take `shard`'s statements (where its file is, the store's bookkeeping, an
        export leaves out). A document met twice adds the same lines, kept once."""
        self._lines.write(shard.ntriples())
        for piece in shard.pieces:
            if piece.key not in self._placed:
                offset = self._pieces.tell()
                self._pieces.write(piece.turtle)
                self._placed[piece.key] = (offset, len(piece.turtle), piece.statements)
        return "added"

    def write(self, path: Path, helper: ForkServerContext | None = None) -> int:
        """Write the Turtle export to `path` atomically, as `KnowledgeStore.write` does;
        the number of triples. The labels are added as the lines are serialised, by
        each of the processes `_serialise_sorted` may share the work among. `helper`
        (`kg.engine.ready_processes`) starts a process that can write the second half
        of a large export of Turtle pieces."""
        with atomic_file(path) as out:
            if self._placed:
                return self._write_with_pieces(out, helper)
            return _serialise_sorted(self._sorted_file(), out, ox.RdfFormat.TURTLE, labels=True)

    def _sorted_file(self) -> Path:
        """The sorted lines as a scratch file, for the end to be split in two halves."""
        lines = self._scratch / "sorted"
        with lines.open("wb") as sorted_lines:
            _copy_lines(self._lines.sorted_blocks(), sorted_lines)
        return lines

    def _write_with_pieces(self, out: BinaryIO, helper: ForkServerContext | None) -> int:
        """The prefixes, then the Turtle of the sorted lines with the pieces put in
        order (`_turtle_with_pieces`). At the end of a build nothing else is left to
        do, so past PARALLEL_PIECES_BYTES a `helper` process writes the second half
        (`_halves`) while this one writes the first, then appends it."""
        self._pieces.flush()
        out.write(turtle_header())
        keys = sorted(self._placed)
        if helper is None or self._pieces.tell() < PARALLEL_PIECES_BYTES:
            blocks = self._lines.sorted_blocks()
            return _turtle_with_pieces(blocks, keys, self._placed, self._pieces, out)
        lines = self._sorted_file()
        middle, cut = _halves(lines, keys)
        second = self._scratch / "second"
        answer, sender = helper.Pipe(duplex=False)
        rest = [(key, self._placed[key]) for key in keys[middle:]]
        child = helper.Process(
            target=_write_second_half,
            args=(str(lines), cut, str(self._scratch / "pieces"), rest, str(second), sender),
            daemon=True,
        )
        child.start()
        sender.close()  # the child's copy is the one left: its end, if it dies, ends recv
        try:
            with lines.open("rb") as source:
                first = line_blocks(source, cut)
                count = _turtle_with_pieces(first, keys[:middle], self._placed, self._pieces, out)
            count += _received_count(answer, child)
        except BaseException:
            child.kill()
            raise
        finally:
            child.join()
        _append(second, out)
        return count


def _received_count(answer: Connection, child: BaseProcess) -> int:
    try:
        return int(answer.recv())
    except EOFError:  # it ended without answering
        child.join()
        ended = child.exitcode
        raise KGError(f"writing Turtle failed: its second process ended ({ended})") from None


def _turtle_with_pieces(
    blocks: Iterable[bytes],
    keys: list[bytes],
    placed: dict[bytes, tuple[int, int, int]],
    pieces: BinaryIO,
    out: BinaryIO,
) -> int:
    """The Turtle, without prefixes, of the sorted lines (`blocks`), labelled, with the
    pieces of `keys` (where `placed` says they are in the file `pieces`) put in order:
    the lines between two pieces are serialised on their own. The number of
    statements written."""
    count = 0
    rest = _SortedLines(labelled(blocks))
    for key in [*keys, None]:
        before = rest.before(key)
        first = next(before, None)
        if first is not None:
            chunks = itertools.chain([first], before)
            count += serialise_chunks(chunks, HeaderlessWriter.around(out), ox.RdfFormat.TURTLE)
        if key is not None:
            offset, length, statements = placed[key]
            pieces.seek(offset)
            out.write(pieces.read(length))
            count += statements
    return count


#: Turtle pieces past this size are put in place by two processes at once: below it
#: starting the second costs more than it saves.
PARALLEL_PIECES_BYTES = 8 * 2**20


def _halves(lines: Path, keys: list[bytes]) -> tuple[int, int]:
    """Where to split the work of `_turtle_with_pieces` in two: the offset in the
    sorted lines of the file `lines` of a subject near their middle, and the index in
    `keys` of the first piece that sorts after it. The lines are the work (labels,
    Oxigraph); pieces are only copied."""
    cut = _subject_boundary(lines, lines.stat().st_size // 2)
    with lines.open("rb") as source:
        source.seek(cut)
        return bisect.bisect_left(keys, source.readline()), cut


def _write_second_half(
    lines: str,
    start: int,
    pieces: str,
    placed: list[tuple[bytes, tuple[int, int, int]]],
    target: str,
    answer: Connection,
) -> None:
    """In a helper process: `_turtle_with_pieces` of the lines of the file `lines` from
    byte `start` on and the pieces `placed`, to the file `target`; it sends back how
    many statements it wrote."""
    with open(lines, "rb") as source, open(pieces, "rb") as pieces_file:
        source.seek(start)
        blocks = line_blocks(source, os.fstat(source.fileno()).st_size - start)
        keys = [key for key, _ in placed]
        with open(target, "wb") as out:
            count = _turtle_with_pieces(blocks, keys, dict(placed), pieces_file, out)
    answer.send(count)


class _SortedLines:
    """Sorted lines, in blocks of whole lines, taken in order a stretch at a time."""

    def __init__(self, blocks: Iterable[bytes]) -> None:
        self._blocks = iter(blocks)
        self._pending = b""

    def before(self, key: bytes | None) -> Iterator[bytes]:
        """Blocks of the lines not yet taken that sort before the line `key` (all of
        them for None)."""
        while True:
            while not self._pending:
                block = next(self._blocks, None)
                if block is None:
                    return
                self._pending = block
            cut = len(self._pending) if key is None else _lines_before(self._pending, key)
            if cut:
                yield self._pending[:cut]
            self._pending = self._pending[cut:]
            if self._pending:
                return


def _lines_before(block: bytes, key: bytes) -> int:
    """The length of the leading lines of `block` (sorted, whole lines) that sort
    before the line `key`: a binary search on the bytes, no list of lines."""
    low, high = 0, len(block)  # the answer is a line start in [low, high]
    while low < high:
        middle = (low + high) // 2
        start = block.rfind(b"\n", low, middle) + 1 or low
        end = block.index(b"\n", middle) + 1
        if block[start:end] < key:
            low = end
        else:
            high = start
    return low


def _check_whole(shard: Shard) -> None:
    if shard.pieces:
        raise ValueError(f"{shard.path}: a shard with Turtle pieces is for a build's export")


# ------------------------------------------------------------ sorted export lines

#: The formats `KnowledgeStore.write` writes.
RDF_EXPORT_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
#: Dumps up to this size are sorted in memory (taking a few times this much memory);
#: larger ones by an external merge sort. About where the two are equally fast.
SORT_IN_MEMORY_BYTES = 16 * 2**20
#: The memory an external sort may use: GNU sort's buffer (-S); in 512 MiB a million
#: triples sort in one pass, a fifth faster than in smaller runs merged. The Python
#: merge sorts runs of a quarter of this, as its objects take about four times the bytes.
SORT_BUFFER_BYTES = 512 * 2**20


def _serialise_sorted(
    lines: Path, out: BinaryIO, syntax: ox.RdfFormat, labels: bool = False
) -> int:
    """Write the sorted N-Triples (Turtle) or N-Quads (TriG) file `lines` to `out` in
    `syntax`, with the export's prefixes, and (`labels`) the labels `labelled` adds;
    the number of statements written. Oxigraph serialises while it parses, so the
    output keeps the lines' order and memory stays bounded.

    Oxigraph's writer is single-threaded, and at the end of a build it is all that is
    left to do: Turtle past PARALLEL_TURTLE_BYTES is written in two halves at once,
    split between two subjects, the second by a child process. Turtle restarts at
    every subject, so the halves joined (the second without its prefixes) are the
    bytes one writer gives."""
    size = lines.stat().st_size
    if syntax != ox.RdfFormat.TURTLE or size < PARALLEL_TURTLE_BYTES:
        return serialise_range(lines, 0, size, out, syntax, labels)
    cut = _subject_boundary(lines, size // 2)
    second = lines.with_name(lines.name + ".second")
    child = subprocess.Popen(
        [sys.executable, "-c", _SERIALISE_REST, str(lines), str(cut), str(second), str(labels)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        count = serialise_range(lines, 0, cut, out, syntax, labels)
    finally:
        answer, problem = child.communicate()
    if child.returncode != 0:
        raise KGError(f"writing Turtle failed: {problem.decode(errors='replace').strip()}")
    _append(second, out)
    second.unlink()
    return count + int(answer)


#: Turtle of sorted lines past this size is written by two processes at once.
PARALLEL_TURTLE_BYTES = 64 * 2**20

# The child's half: Turtle of the lines from a byte offset to the end of the file,
# without the prefixes; it prints how many statements it wrote.
_SERIALISE_REST = """
import sys
from pathlib import Path
import pyoxigraph as ox
from kg.turtle import HeaderlessWriter, serialise_range
lines, start, target, labels = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(target, "wb") as out:
    end = lines.stat().st_size
    body = HeaderlessWriter.around(out)
    print(serialise_range(lines, start, end, body, ox.RdfFormat.TURTLE, labels == "True"))
"""


def _append(path: Path, out: BinaryIO) -> None:
    """Copy the file `path` to the end of `out`, in the kernel where it can."""
    out.flush()
    with path.open("rb") as source:
        size, offset = os.fstat(source.fileno()).st_size, 0
        try:
            while offset < size:
                offset += os.sendfile(out.fileno(), source.fileno(), offset, size - offset)
        except (AttributeError, OSError):  # no sendfile here, or not between these files
            source.seek(offset)
            shutil.copyfileobj(source, out, BLOCK_BYTES)
    out.seek(0, os.SEEK_END)  # `out` learns where the kernel's copy left its file


def _subject_boundary(lines: Path, near: int) -> int:
    """The offset of the first line at or after `near` whose subject is not the one
    before it: lines of one subject must stay in one half."""
    with lines.open("rb") as source:
        source.seek(near)
        source.readline()  # the rest of the line `near` falls in
        position = source.tell()
        line = source.readline()
        subject = line[: line.find(b" ")]
        while line:
            position = source.tell()
            line = source.readline()
            if line[: line.find(b" ")] != subject:
                return position
    return position


def _copy_lines(blocks: Iterable[bytes], out: BinaryIO, end: str = LINE_END) -> int:
    """Write blocks of whole N-Triples lines to `out`, each line ending in `end` (a graph
    name, to make N-Quads); the number of lines."""
    count = 0
    for block in blocks:
        count += block.count(b"\n")
        out.write(block if end == LINE_END else block.replace(b" .\n", end.encode()))
    return count


class LineSorter:
    """Takes the N-Triples of graphs (`add_graph`) and gives their lines back in byte
    order, each once (`sorted_blocks`), holding at most a bounded amount in memory
    whatever the size of the graphs.

    Lines stay in memory up to SORT_IN_MEMORY_BYTES. Past that they are piped to GNU
    sort as Oxigraph writes them (sort works within SORT_BUFFER_BYTES, with temporary
    files in `scratch`, and starts sorting while the dump still runs); without GNU sort
    they are spilled to a scratch file for a merge of sorted runs in Python. Use it as
    a context manager: leaving ends a sort still running."""

    def __init__(self, scratch: Path) -> None:
        self._scratch = scratch
        self._held: list[bytes] = []
        self._size = 0
        self._spill: IO[bytes] | None = None
        self._sorting: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> LineSorter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        streams = [self._spill]
        if self._sorting is not None:
            self._sorting.kill()  # nothing if it has ended
            self._sorting.wait()
            streams = [self._sorting.stdout, self._sorting.stderr, self._spill]
        with suppress(BrokenPipeError):  # the input a killed sort did not read
            for stream in streams:
                if stream is not None:
                    stream.close()

    def add_graph(self, store: ox.Store, graph: _Graph) -> None:
        """Take the N-Triples of `graph` in `store`."""
        # Oxigraph calls nothing but `write` and `flush` on the output it is given
        store.dump(cast("BinaryIO", self), ox.RdfFormat.N_TRIPLES, from_graph=graph)

    def write(self, data: bytes) -> int:
        if self._spill is not None:
            self._spill.write(data)
            return len(data)
        self._held.append(data)
        self._size += len(data)
        if self._size > SORT_IN_MEMORY_BYTES:
            self._start_spilling()
        return len(data)

    def flush(self) -> None:
        """Nothing to do: `sorted_blocks` closes (and so flushes) what lines went to."""

    def _start_spilling(self) -> None:
        sort = gnu_sort()
        if sort is None:
            self._spill = (self._scratch / "unsorted").open("wb")
        else:
            self._sorting = subprocess.Popen(
                [sort, "-u", "-S", f"{SORT_BUFFER_BYTES // 1024}K", "-T", str(self._scratch)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=os.environ | {"LC_ALL": "C"},
            )
            self._spill = self._sorting.stdin
        assert self._spill is not None
        self._spill.writelines(self._held)
        self._held, self._size = [], 0

    def sorted_blocks(self) -> Iterator[bytes]:
        """The lines taken, in byte order and each once, in blocks of whole lines."""
        if self._spill is None:
            lines = b"".join(self._held).splitlines(keepends=True)
            self._held = []
            yield b"".join(_sorted_unique(lines))
            return
        self._spill.close()
        if self._sorting is None:
            yield from _merged_runs(self._scratch / "unsorted", self._scratch)
        else:
            yield from _sort_output(self._sorting)


def _sorted_unique(lines: list[bytes]) -> list[bytes]:
    # dict.fromkeys drops repeats but keeps the dump's order, whose sorted runs make
    # the sort faster than from a set's scrambled order
    return sorted(dict.fromkeys(lines))


@functools.cache
def gnu_sort() -> str | None:
    """GNU sort's path, or None: its -S (memory) and -T (temporary folder) are needed,
    and with LC_ALL=C it compares bytes, as Python does."""
    path = shutil.which("sort")
    if path is None:
        return None
    try:
        version = subprocess.run([path, "--version"], capture_output=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return path if b"GNU coreutils" in version else None


def _sort_output(sorting: subprocess.Popen[bytes]) -> Iterator[bytes]:
    """A finished sort's output in blocks of whole lines; KGError if it failed."""
    assert sorting.stdout is not None and sorting.stderr is not None
    rest = b""
    while block := sorting.stdout.read(BLOCK_BYTES):
        block = rest + block
        cut = block.rfind(b"\n") + 1
        rest = block[cut:]
        yield block[:cut]
    yield rest
    error = sorting.stderr.read().decode(errors="replace").strip()
    if sorting.wait() != 0:
        raise KGError(f"sorting the export failed: {error or f'exit {sorting.returncode}'}")


def _merged_runs(source: Path, scratch: Path) -> Iterator[bytes]:
    """What GNU sort does, in Python: sorted runs of `source` in scratch files, merged,
    repeats dropped; in blocks of whole lines."""
    runs: list[Path] = []
    with source.open("rb") as lines:
        while chunk := lines.readlines(SORT_BUFFER_BYTES // 4):
            runs.append(scratch / f"run{len(runs)}")
            runs[-1].write_bytes(b"".join(_sorted_unique(chunk)))
    with ExitStack() as stack:
        merged = heapq.merge(*(stack.enter_context(run.open("rb")) for run in runs))
        block: list[bytes] = []
        size = 0
        for line, _ in itertools.groupby(merged):
            block.append(line)
            size += len(line)
            if size >= BLOCK_BYTES:
                yield b"".join(block)
                block, size = [], 0
        yield b"".join(block)


def _canonical_quads(graph: Graph, graph_name: ox.NamedNode) -> list[ox.Quad]:
    """`graph` as quads, blank nodes named canonically (the same names every time), so
    that exports which name blank nodes are byte-stable."""
    from rdflib import BNode, URIRef
    from rdflib.compare import to_canonical_graph
    from rdflib.term import Literal as RdfLiteral
    from rdflib.term import Node

    def resource(node: Node) -> ox.NamedNode | ox.BlankNode:
        return ox.BlankNode(f"o{node}") if isinstance(node, BNode) else ox.NamedNode(str(node))

    def value(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if not isinstance(node, RdfLiteral):
            return resource(node)
        if node.language:
            return ox.Literal(str(node), language=node.language)
        datatype = ox.NamedNode(str(node.datatype)) if node.datatype else None
        return ox.Literal(str(node), datatype=datatype)

    return [
        ox.Quad(resource(s), ox.NamedNode(str(p)), value(o), graph_name)
        for s, p, o in to_canonical_graph(graph)
        if isinstance(p, URIRef)
    ]
