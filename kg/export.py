"""Export: write graphs to files, deterministically and atomically.

The same graph always serialises to the same bytes (rdflib's Turtle writer sorts
subjects and predicates; we use no blank nodes in data), and a file is written
to a temporary sibling then renamed over the target, so a crash mid-write never
leaves a half-written export behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from rdflib import Graph


def serialise(graph: Graph, fmt: str = "turtle") -> bytes:
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted({line for line in lines if line.strip()}))
    return graph.serialize(format=fmt, encoding="utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step (temp file in the same folder, fsync, rename)."""
    with atomic_file(path) as out:
        out.write(data)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write that replaces `path` when the block ends without error (a
    temp file in the same folder, fsynced, then renamed over `path`; removed on error),
    for writers that stream rather than hand over one bytes object. The file gets the
    mode a newly created file would (0o666 less the umask), not mkstemp's 0o600."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, 0o666 & ~_current_umask())
        with os.fdopen(handle, "wb") as temp:
            yield temp
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def export_graph(graph: Graph, path: Path, fmt: str = "turtle") -> None:
    write_atomic(path, serialise(graph, fmt))
