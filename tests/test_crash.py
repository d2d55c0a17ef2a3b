"""Crash safety: a build or an add killed midway loses nothing already built, and
the next run completes; two writers on one store never corrupt it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.store import KnowledgeStore

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def kg(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *args],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def run_kg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`kg ARGS` run to its end."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def kill_after_documents(process: subprocess.Popen[str], documents: int) -> None:
    """SIGKILL `process` (run with -v) once it has logged `documents` processed documents:
    midway, whatever the machine's speed."""
    assert process.stderr is not None
    seen = 0
    for line in process.stderr:
        seen += line.startswith("DEBUG added")
        if seen >= documents:
            break
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert seen >= documents, "the run ended before it could be killed midway"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seeds many times over (each copy a distinct document), so a run takes a while."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for copy in range(6):
        for seed in SEEDS:
            text = seed.read_text("utf-8") + f"\n\nCopy {copy}.\n"
            (folder / f"{copy:02d}_{seed.name}").write_text(text, encoding="utf-8")
    return folder


def test_crash_killed_build_keeps_previous_export(tmp_path: Path, corpus: Path) -> None:
    export = tmp_path / "graph.ttl"
    first = run_kg("build", str(SEEDS[1]), "-o", str(export))
    assert first.returncode == 0, first.stderr
    before = export.read_bytes()
    kill_after_documents(kg("-v", "build", str(corpus), "-o", str(export)), 3)
    assert export.read_bytes() == before
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert left, "the killed build left no scratch folder: nothing here to clean up"
    again = run_kg("build", str(SEEDS[1]), "-o", str(export))
    assert again.returncode == 0 and export.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "graph.ttl"]


def test_crash_killed_add_leaves_a_store_that_the_next_add_completes(
    tmp_path: Path, corpus: Path
) -> None:
    store_path = tmp_path / "store"
    kill_after_documents(kg("-v", "add", str(corpus), "--store", str(store_path)), 3)
    store = KnowledgeStore(store_path)
    partial = store.documents()
    assert len(partial) < len(list(corpus.iterdir()))
    del store
    finished = run_kg("add", str(corpus), "--store", str(store_path), timeout=900)
    assert finished.returncode == 0, finished.stderr
    recovered = KnowledgeStore(store_path)
    assert len(recovered.documents()) == len(list(corpus.iterdir()))
    fresh = KnowledgeStore()
    from kg.pipeline import BuildReport, add_paths

    add_paths(fresh, [corpus], BuildReport())
    assert isomorphic(recovered.to_graph(), fresh.to_graph())


def test_crash_two_writers_one_is_refused_cleanly(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    first = kg("add", *map(str, SEEDS), "--store", str(store_path))
    time.sleep(2.0)
    second = run_kg("add", str(SEEDS[0]), "--store", str(store_path))
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    if second.returncode != 0:
        assert second.returncode == 2
        assert second.stderr.startswith("kg: error:") and "cannot open the store" in second.stderr
    store = KnowledgeStore(store_path)
    assert [d.file_name for d in store.documents()] == [p.name for p in SEEDS]
    graph = store.to_graph()
    assert isinstance(graph, Graph) and len(graph) > 0
    shutil.rmtree(store_path)
    assert not os.path.exists(store_path)
