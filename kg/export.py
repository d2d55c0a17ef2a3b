"""Export: write graphs to files, deterministically and atomically.

The same graph always serialises to the same bytes (rdflib's Turtle writer sorts
subjects and predicates; we use no blank nodes in data), and a file is written
to a temporary sibling then renamed over the target, so a crash mid-write never
leaves a half-written export behind.

A run killed midway (SIGKILL, power loss) cannot remove its temporary files, so
they carry their maker's process and host, and the next export into the folder
removes those whose process is gone (`remove_leftovers`)."""

from __future__ import annotations

import logging
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from rdflib import Graph

log = logging.getLogger(__name__)

#: This machine, as temporary names carry it: only its own processes can be looked up.
_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname()) or "localhost"
#: A temporary name's end: `.PID@HOST.RANDOM.tmp` (RANDOM from `tempfile`).
_TEMPORARY = re.compile(r"^\..*\.(?P<pid>[0-9]+)@(?P<host>[A-Za-z0-9-]+)\.[a-z0-9_]+\.tmp$")


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
    remove_leftovers(path.parent)
    handle, temp_name = tempfile.mkstemp(
        prefix=_temporary_prefix(path.name), suffix=".tmp", dir=path.parent
    )
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


@contextmanager
def scratch_folder(folder: Path | None) -> Iterator[Path]:
    """A temporary folder in `folder` (else the system's), removed when the block ends,
    for an export's scratch files: on the export's own disk, rather than in a /tmp
    that may live in memory."""
    parent = Path(folder) if folder is not None else Path(tempfile.gettempdir())
    remove_leftovers(parent)
    prefix = _temporary_prefix("kg-export")
    with tempfile.TemporaryDirectory(prefix=prefix, suffix=".tmp", dir=parent) as name:
        yield Path(name)


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files and folders in `folder` that runs on this machine
    made and can no longer remove (their process has ended: it was killed); the
    paths removed. Those of running processes, and of other machines sharing the
    folder, are left alone."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []  # a folder that cannot be listed holds nothing we can remove either
    removed = []
    for name in names:
        owner = _TEMPORARY.match(name)
        if owner is None or owner["host"] != _HOST or _running(int(owner["pid"])):
            continue
        path = Path(folder) / name
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:
            continue  # another run removed it first
        except OSError as exc:
            log.warning("cannot remove %s, left by a run that was killed (%s)", path, exc)
            continue
        log.info("removed %s, left by a run that was killed", path)
        removed.append(path)
    return removed


def _temporary_prefix(name: str) -> str:
    return f".{name}.{os.getpid()}@{_HOST}."


def _running(pid: int) -> bool:
    """Whether process `pid` exists on this machine (if this cannot be told: yes)."""
    if os.name != "posix":
        return True  # Windows' os.kill would end the process, not look it up
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, but is another user's
    return True


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def export_graph(graph: Graph, path: Path, fmt: str = "turtle") -> None:
    write_atomic(path, serialise(graph, fmt))
