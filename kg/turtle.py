"""Turtle from sorted N-Triples lines, in pieces that join into one file.

An export is its statements' N-Triples lines in byte order, with labels added
(`labelled`), written as Turtle by Oxigraph (`serialise_chunks`). Oxigraph's Turtle
starts afresh at every subject, so Turtle of consecutive runs of whole subjects,
joined with the prefixes written once (`turtle_header`, `HeaderlessWriter`), is the
very file one writer gives: a child process can write the second half of a large
export, and a worker can write a document's own subjects itself
(`document_pieces`) while the build merges the rest.

Light on imports (Oxigraph and the vocabulary), as child processes import it."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

import pyoxigraph as ox

from kg.vocab import ID, PKG

#: How Oxigraph ends every N-Triples line; a literal's newlines are escaped, so this
#: occurs nowhere else.
LINE_END = " .\n"
#: How much of a file is read at a time.
BLOCK_BYTES = 2**20

#: The label every named node gets, one per language, and the names it is chosen
#: from, best rank first: a reference name, then a name documents prefer. Both label
#: rules use these: `labelled` here and the SPARQL of `KnowledgeStore.refresh_labels`.
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
NAME_PREDICATES = ("<http://www.w3.org/2004/02/skos/core#prefLabel>", f"<{PKG.preferredName}>")

_LABEL_KINDS = tuple(f"{predicate} ".encode() for predicate in NAME_PREDICATES)
_LABEL_PREDICATE = f" {LABEL} ".encode()


def labelled(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """Sorted, unique N-Triples lines (in blocks of whole lines) with each node's
    rdfs:label lines added where they sort, chosen as `KnowledgeStore.refresh_labels`
    chooses them.

    Blocks pass whole but for the subjects that have names, found by a byte search: a
    Python step per line would cost more than the Turtle writing after it. A subject's
    lines are contiguous in byte order (a subject holds no space); the last subject of
    a block may go on in the next, so it waits for it."""
    carry = b""
    for block in blocks:
        data = carry + block
        cut = _last_subject_start(data)
        yield from _labelled_chunk(data[:cut])
        carry = data[cut:]
    yield from _labelled_chunk(carry)


def _last_subject_start(data: bytes) -> int:
    """Where the lines of the last subject of `data` (whole lines) begin."""
    if not data:
        return 0
    start = data.rfind(b"\n", 0, len(data) - 1) + 1
    prefix = data[start : data.index(b" ", start) + 1]
    while start > 0:
        previous = data.rfind(b"\n", 0, start - 1) + 1
        if not data.startswith(prefix, previous):
            break
        start = previous
    return start


def _labelled_chunk(chunk: bytes) -> Iterator[bytes]:
    """Whole subjects' sorted lines, each named subject's with its labels."""
    position = 0
    for subject, names in _names_by_subject(chunk).items():
        prefix = subject + b" "
        group_start = names[0][1]
        while group_start > 0:
            previous = chunk.rfind(b"\n", 0, group_start - 1) + 1
            if not chunk.startswith(prefix, previous):
                break
            group_start = previous
        group_end = chunk.index(b"\n", names[-1][1]) + 1
        while chunk.startswith(prefix, group_end):
            group_end = chunk.index(b"\n", group_end) + 1
        group = chunk[group_start:group_end].splitlines(keepends=True)
        yield chunk[position:group_start]
        yield b"".join(sorted(_labels(subject, chunk, names).union(group)))
        position = group_end
    yield chunk[position:]


def _names_by_subject(chunk: bytes) -> dict[bytes, list[tuple[int, int]]]:
    """(rank, line start) of every name line in `chunk`, by subject, in order."""
    found: list[tuple[int, int, int]] = []  # (line start, rank, subject end)
    for rank, kind in enumerate(_LABEL_KINDS):
        pattern = b" " + kind
        position = chunk.find(pattern)
        while position >= 0:
            line_start = chunk.rfind(b"\n", 0, position) + 1
            if chunk.index(b" ", line_start) == position:  # the predicate, not a literal
                found.append((line_start, rank, position))
            position = chunk.find(pattern, position + 1)
    names: dict[bytes, list[tuple[int, int]]] = {}
    for line_start, rank, subject_end in sorted(found):
        names.setdefault(chunk[line_start:subject_end], []).append((rank, line_start))
    return names


def _labels(subject: bytes, chunk: bytes, names: list[tuple[int, int]]) -> set[bytes]:
    """The label lines `names` (rank, line start) give `subject`: per language, the
    name of least (rank, -length, value), as the least sort key of `refresh_labels`.
    The label keeps the name's bytes, as the store's label would."""
    best: dict[str | None, tuple[tuple[int, int, str], bytes]] = {}
    for rank, line_start in names:
        line = chunk[line_start : chunk.index(b"\n", line_start) + 1]
        term = line[line.index(b" ", len(subject) + 1) + 1 : -len(LINE_END)]
        name = string_literal(term)
        if name is None:
            continue
        value, language = name
        key = (rank, -len(value), value)
        if language not in best or key < best[language][0]:
            best[language] = key, term
    return {subject + _LABEL_PREDICATE + term + LINE_END.encode() for _, term in best.values()}


_XSD_STRING_SUFFIX = b"^^<http://www.w3.org/2001/XMLSchema#string>"


def string_literal(term: bytes) -> tuple[str, str | None] | None:
    """(value, language) of the N-Triples term `term` if it is a simple or
    language-tagged string, the literals SPARQL's STRLEN takes; None for any other
    term. Read as Oxigraph reads it (language tags in lower case), but by hand unless
    it holds an escape: Oxigraph would make three Python objects per name."""
    if not term.startswith(b'"'):
        return None  # an IRI or a blank node
    close = term.rindex(b'"')
    lexical, suffix = term[1:close], term[close + 1 :]
    if suffix.startswith(b"^^") and suffix != _XSD_STRING_SUFFIX:
        return None
    language = suffix[1:].decode("ascii").lower() if suffix.startswith(b"@") else None
    if b"\\" not in lexical:
        return lexical.decode("utf-8"), language
    triple = next(iter(ox.parse(b"<urn:s> <urn:p> " + term + b" .", format=ox.RdfFormat.N_TRIPLES)))
    return cast("ox.Literal", triple.object).value, language


# The prefixes an export declares: the project's and the standard vocabularies it uses.
EXPORT_PREFIXES = {
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "id": str(ID),
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "pkg": str(PKG),
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vann": "http://purl.org/vocab/vann/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def export_prefixes() -> dict[str, str]:
    return dict(EXPORT_PREFIXES)


def serialise_range(
    lines: Path, start: int, end: int, out: BinaryIO, syntax: ox.RdfFormat, labels: bool
) -> int:
    """`serialise_chunks` of the lines of the file `lines` from byte `start` to `end`
    (line starts, and with `labels`, subject starts), with the labels `labelled` adds
    if `labels`; the number of statements written."""
    with lines.open("rb") as source:
        source.seek(start)
        blocks = line_blocks(source, end - start)
        return serialise_chunks(labelled(blocks) if labels else blocks, out, syntax)


def serialise_chunks(chunks: Iterable[bytes], out: BinaryIO, syntax: ox.RdfFormat) -> int:
    """Write sorted N-Triples (Turtle) or N-Quads (TriG) lines, given in chunks, to
    `out` in `syntax` with the export's prefixes; the number of statements. Oxigraph
    serialises while it parses, so the output keeps the lines' order and memory stays
    bounded."""
    reader = _Reader(chunks)
    ox.serialize(
        ox.parse(
            input=io.BufferedReader(reader, BLOCK_BYTES),
            format=ox.RdfFormat.N_QUADS if syntax == ox.RdfFormat.TRIG else ox.RdfFormat.N_TRIPLES,
            lenient=True,  # our own sorted lines, valid: skip re-validating every IRI
        ),
        out,
        syntax,
        prefixes=export_prefixes(),
    )
    return reader.lines


def line_blocks(source: BinaryIO, length: int) -> Iterator[bytes]:
    """The next `length` bytes of `source` (whole lines), in blocks of whole lines."""
    rest = b""
    while length > 0:
        block = source.read(min(BLOCK_BYTES, length))
        if not block:
            break
        length -= len(block)
        block = rest + block
        cut = block.rfind(b"\n") + 1
        rest = block[cut:]
        yield block[:cut]
    yield rest


class _Reader(io.RawIOBase):
    """Chunks of bytes as a file to read; `lines` counts the lines read so far."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._pending = memoryview(b"")
        self.lines = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self.lines += chunk.count(b"\n")
            self._pending = memoryview(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


@functools.cache
def turtle_header() -> bytes:
    """The prefix declarations Oxigraph writes before the first statement."""
    turtle = ox.serialize(
        [ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"))],
        format=ox.RdfFormat.TURTLE,
        prefixes=export_prefixes(),
    )
    assert turtle is not None
    return turtle[: turtle.rindex(b"<urn:s>")]


class HeaderlessWriter:
    """A binary output for Oxigraph's Turtle writer that drops the prefixes it writes
    first (checked to be `turtle_header()`), so that Turtle written piece by piece
    joins into one file."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._header = turtle_header()
        self._seen = b""

    def write(self, data: bytes) -> int:
        if len(self._seen) < len(self._header):
            wanted = len(self._header) - len(self._seen)
            self._seen += data[:wanted]
            if not self._header.startswith(self._seen):
                raise ValueError("Turtle output does not start with the expected prefixes")
            self._out.write(data[wanted:])
        else:
            self._out.write(data)
        return len(data)

    def flush(self) -> None:
        self._out.flush()

    @classmethod
    def around(cls, out: BinaryIO) -> BinaryIO:
        """A writer around `out`, typed as the output Oxigraph takes (it only calls
        `write` and `flush`)."""
        return cast("BinaryIO", cls(out))


@dataclass(frozen=True, slots=True)
class TurtlePiece:
    """Turtle (without prefixes) of a run of a document's own subjects that follow
    each other in byte order: `key` is the run's first N-Triples line, where the
    piece goes among the export's lines; `statements` counts its lines, labels
    included."""

    key: bytes
    turtle: bytes
    statements: int


def document_pieces(ntriples: bytes, doc_id: str) -> tuple[bytes, tuple[TurtlePiece, ...]]:
    """Split a document's N-Triples (each line once, as a store holds them) into the
    lines of subjects other documents may state too, for the build to merge, and
    Turtle pieces of the document's own subjects: those minted from its id (its
    mentions, sentences, quantities ... and the document itself,
    `<id/KIND/DOC_ID...>`), which no other document states. Their lines are sorted,
    labelled and written as Turtle here, in a worker, so that the build's one process
    has little left to do but copy them into place."""
    data = b"".join(sorted(ntriples.splitlines(keepends=True)))
    own = re.compile(
        rb"^<" + re.escape(str(ID).encode()) + rb"[a-z]+/" + re.escape(doc_id.encode()) + rb"[->/]",
        re.MULTILINE,
    )
    header = turtle_header()
    shared: list[bytes] = []
    pieces: list[TurtlePiece] = []
    position = 0
    while match := own.search(data, position):
        # the lines of one kind of own subject, <id/KIND/DOC_ID..., follow each other
        start = match.start()
        prefix = b"\n" + data[start : match.end() - 1]
        end = data.index(b"\n", data.rfind(prefix, start) + 1 or start) + 1
        lines = b"".join(labelled([data[start:end]]))
        turtle = ox.serialize(
            ox.parse(lines, format=ox.RdfFormat.N_TRIPLES, lenient=True),
            format=ox.RdfFormat.TURTLE,
            prefixes=export_prefixes(),
        )
        if turtle is None or not turtle.startswith(header):
            raise ValueError("Turtle output does not start with the expected prefixes")
        key = data[start : data.index(b"\n", start) + 1]
        pieces.append(TurtlePiece(key, turtle[len(header) :], lines.count(b"\n")))
        shared.append(data[position:start])
        position = end
    shared.append(data[position:])
    return b"".join(shared), tuple(pieces)
