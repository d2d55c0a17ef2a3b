"""`kg build` without a store (`kg.store.BuildSpool`): the Turtle it writes is byte for
byte what filling a store, choosing labels in SPARQL and exporting it writes, for the
seeds, a generated corpus on one or two workers, awkward names, and nodes with many
names; a build that fails leaves the previous export and no scratch behind."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.store
from kg.engine import Shard, make_shard, run_engine
from kg.errors import KGError
from kg.pipeline import EngineOptions, build_export
from kg.store import BuildSpool, KnowledgeStore
from kg.vocab import ID, PKG

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BAD = ROOT / "tests" / "data" / "bad"
COMMITTED_EXPORT = ROOT / "exports" / "policy-kg.ttl"
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402


def store_export(shards: Iterable[Shard], folder: Path) -> bytes:
    """The export the store path gives for `shards`: bulk load, labels, write."""
    with KnowledgeStore() as store:
        with store.bulk_loader() as loader:
            for shard in shards:
                if not shard.error:
                    loader.add(shard, shard.path)
        store.refresh_labels()
        store.write(folder / "store.ttl", "turtle")
    return (folder / "store.ttl").read_bytes()


def spool_export(paths: list[Path], folder: Path, workers: int = 1) -> bytes:
    output = folder / "out" / "spool.ttl"
    report, triples = build_export(paths, output, options=EngineOptions(workers=workers))
    assert report.built and triples > 0
    assert [p.name for p in output.parent.iterdir()] == ["spool.ttl"]  # no scratch left
    return output.read_bytes()


def test_spool_build_cli_of_the_seeds_is_the_committed_export(tmp_path: Path) -> None:
    from kg.commands.build import build_cli

    out = tmp_path / "exports" / "graph.ttl"
    args = argparse.Namespace(
        paths=[SEEDS],
        output=out,
        quiet=True,
        workers=1,
        engine="local",
        scheduler=None,
        shards=None,
    )
    assert build_cli(args) == 0
    assert out.read_bytes() == COMMITTED_EXPORT.read_bytes()
    assert [p.name for p in out.parent.iterdir()] == ["graph.ttl"]
    shards = run_engine(sorted(SEEDS.glob("*.txt")))
    assert store_export(shards, tmp_path) == out.read_bytes()


def test_spool_build_shards_are_what_a_store_dumps(tmp_path: Path) -> None:
    """The spool sorts and dedupes shard lines as bytes: they must be the lines a store
    holding them gives back (Oxigraph's canonical form, decimals included)."""
    paths = [*sorted(SEEDS.glob("*.txt")), *sorted(BAD.glob("*"))]
    checked = 0
    for shard in run_engine(paths):
        if shard.error:
            continue
        store = ox.Store()
        store.load(shard.ntriples(), format=ox.RdfFormat.N_TRIPLES)
        dumped = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        assert dumped is not None
        assert sorted(dumped.splitlines()) == sorted(shard.ntriples().splitlines()), shard.path
        checked += 1
    assert checked >= 10


def test_spool_build_awkward_names_match_the_store(tmp_path: Path) -> None:
    corpus_folder = tmp_path / "bad"
    shutil.copytree(BAD, corpus_folder)
    paths = sorted(corpus_folder.iterdir())
    expected = store_export(run_engine(paths), tmp_path)
    assert spool_export([corpus_folder], tmp_path) == expected


def test_spool_build_in_two_halves_labels_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past PARALLEL_TURTLE_BYTES a child process labels and writes the second half:
    the same bytes and the same count as one process writing it all."""
    _, whole = build_export([SEEDS], tmp_path / "whole.ttl")
    monkeypatch.setattr(kg.store, "PARALLEL_TURTLE_BYTES", 0)
    _, halves = build_export([SEEDS], tmp_path / "halves.ttl")
    assert (tmp_path / "halves.ttl").read_bytes() == COMMITTED_EXPORT.read_bytes()
    assert halves == whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["halves.ttl", "whole.ttl"]


def test_spool_build_from_turtle_pieces_is_the_committed_export(tmp_path: Path) -> None:
    """Shards whose documents' own subjects come as Turtle pieces (as workers make them
    for a parallel build) give the very bytes the plain lines give."""
    shards = [make_shard(str(path), pieces=True) for path in sorted(SEEDS.iterdir())]
    assert all(shard.pieces for shard in shards)
    with BuildSpool(tmp_path) as spool:
        for shard in [*shards, shards[0]]:  # a document met twice is written once
            spool.add(shard)
        triples = spool.write(tmp_path / "pieces.ttl")
    assert (tmp_path / "pieces.ttl").read_bytes() == COMMITTED_EXPORT.read_bytes()
    _, plain = build_export([SEEDS], tmp_path / "plain.ttl")
    assert triples == plain


def test_spool_build_pieces_in_two_halves_on_two_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past PARALLEL_PIECES_BYTES a build on a local pool puts the pieces in place in
    two processes, the second forked from the pool's fork server: the same bytes and
    count as one process, and no scratch left."""
    _, whole = build_export([SEEDS], tmp_path / "whole.ttl", options=EngineOptions(workers=2))
    monkeypatch.setattr(kg.store, "PARALLEL_PIECES_BYTES", 0)
    halves_spy = _Spy(kg.store._halves)
    monkeypatch.setattr(kg.store, "_halves", halves_spy)
    _, halves = build_export([SEEDS], tmp_path / "halves.ttl", options=EngineOptions(workers=2))
    assert halves_spy.calls == 1
    assert (tmp_path / "halves.ttl").read_bytes() == COMMITTED_EXPORT.read_bytes()
    assert halves == whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["halves.ttl", "whole.ttl"]


class _Spy:
    def __init__(self, function):
        self.function, self.calls = function, 0

    def __call__(self, *args):
        self.calls += 1
        return self.function(*args)


def second_half_that_dies(*args) -> None:
    """Stands in for `kg.store._write_second_half` in the helper process."""
    os._exit(3)


def test_spool_build_second_half_failing_keeps_the_previous_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "graph.ttl"
    output.write_bytes(b"previous")
    monkeypatch.setattr(kg.store, "PARALLEL_PIECES_BYTES", 0)
    monkeypatch.setattr(kg.store, "_write_second_half", second_half_that_dies)
    with pytest.raises(KGError, match=r"writing Turtle failed: its second process ended \(3\)"):
        build_export([SEEDS], output, options=EngineOptions(workers=2))
    assert output.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_document_pieces_hold_exactly_the_documents_own_subjects() -> None:
    path = str(next(p for p in sorted(SEEDS.iterdir())))
    whole, split = make_shard(path), make_shard(path, pieces=True)
    doc_id = whole.document_iri.rsplit("/", 1)[1].encode()
    lines = whole.data.splitlines(keepends=True)
    shared = split.data.splitlines(keepends=True)
    assert shared == sorted(line for line in lines if doc_id not in line.split(b" ", 1)[0])
    keys = [piece.key for piece in split.pieces]
    assert keys == sorted(keys) and set(keys) <= set(lines)
    assert sum(piece.statements for piece in split.pieces) + len(shared) == len(lines)
    assert all(not piece.turtle.startswith(b"@prefix") for piece in split.pieces)
    with KnowledgeStore() as store, pytest.raises(ValueError, match="Turtle pieces"):
        store.add_shard(split, path)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A generated corpus of about 2 MB and the store path's export of it."""
    folder = tmp_path_factory.mktemp("generated")
    corpus.generate(folder / "corpus", 1.0)
    paths = sorted((folder / "corpus").rglob("*.txt"))
    return folder / "corpus", store_export(run_engine(paths, workers=2), folder)


@pytest.mark.slow
def test_spool_build_generated_corpus_one_worker_gnu_sort(
    generated: tuple[Path, bytes], tmp_path: Path
) -> None:
    folder, expected = generated
    assert spool_export([folder], tmp_path, workers=1) == expected


@pytest.mark.slow
def test_spool_build_generated_corpus_two_workers_python_merge(
    generated: tuple[Path, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, expected = generated
    monkeypatch.setattr(kg.store, "gnu_sort", lambda: None)
    monkeypatch.setattr(kg.store, "SORT_BUFFER_BYTES", 4 * 2**20)  # several runs to merge
    assert spool_export([folder], tmp_path, workers=2) == expected


def test_spool_build_labels_among_many_names_in_two_languages(tmp_path: Path) -> None:
    skos_pref = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
    preferred = f"<{PKG.preferredName}>"
    node, other, third, escaped = (f"<{ID[f'agency/{name}']}>" for name in "abcd")
    documents = {
        "d1": [
            f'{node} {preferred} "Finance Bureau"@en .',
            f'{node} {preferred} "财政局"@zh .',
            f'{other} {preferred} "Bxx" .',
            f'{third} {preferred} "zzzzzz"@en .',
        ],
        "d2": [
            f'{node} {preferred} "Municipal Finance Bureau"@en .',
            f'{node} {preferred} "Municipal Finance Office"@en .',
            f'{node} {skos_pref} "市财政局"@zh .',
            f'{node} {preferred} "中华人民共和国财政局"@zh .',
            f'{other} {preferred} "Axx" .',
            f'{other} {preferred} "éxx" .',
            f'{escaped} {preferred} "a\\"b\\\\c\\nd"@en .',  # as Oxigraph escapes
            f'{third} {preferred} "12345678"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        ],
    }
    shards = [
        Shard(name, str(ID[f"document/{name}"]), data="".join(f"{t}\n" for t in lines).encode())
        for name, lines in documents.items()
    ]
    with BuildSpool(tmp_path) as spool:
        for shard in shards:
            assert spool.add(shard) == "added"
        assert spool.write(tmp_path / "spool.ttl") > 0
    spooled = (tmp_path / "spool.ttl").read_bytes()
    assert spooled == store_export(shards, tmp_path)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    labels = {
        (t.subject.value, t.object.value, t.object.language)
        for t in ox.parse(spooled, format=ox.RdfFormat.TURTLE)
        if t.predicate == label
        and isinstance(t.subject, ox.NamedNode)
        and t.subject.value.startswith(str(ID["agency/"]))
    }
    assert labels == {
        (str(ID["agency/a"]), "Municipal Finance Bureau", "en"),
        (str(ID["agency/a"]), "市财政局", "zh"),
        (str(ID["agency/b"]), "Axx", None),
        (str(ID["agency/c"]), "zzzzzz", "en"),
        (str(ID["agency/d"]), 'a"b\\c\nd', "en"),
    }


def test_spool_build_failed_build_keeps_the_previous_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_engine(paths, **options):
        yield make_shard(str(paths[0]))
        raise RuntimeError("a worker died")

    output = tmp_path / "graph.ttl"
    output.write_bytes(b"previous")
    monkeypatch.setattr("kg.pipeline.run_engine", broken_engine)
    with pytest.raises(RuntimeError, match="a worker died"):
        build_export(sorted(SEEDS.glob("*.txt")), output)
    assert output.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
