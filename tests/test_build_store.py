"""How a build fills its store: the bulk loader gives the same export whatever the
order of the shards, a large input's store lives on disk in a temporary folder that
goes with it, the engine never has more than a bounded number of documents in
flight, and labels are chosen in SPARQL as they were in Python."""

from __future__ import annotations

import argparse
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import engine, pipeline
from kg.engine import Shard, make_shard
from kg.errors import KGError
from kg.pipeline import build_store_from_paths
from kg.store import LABELS_GRAPH, KnowledgeStore
from kg.vocab import ID, PKG

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
COMMITTED_EXPORT = ROOT / "exports" / "policy-kg.ttl"


@pytest.fixture(scope="module")
def shards() -> list[Shard]:
    made = [make_shard(str(seed)) for seed in SEEDS]
    assert not any(shard.error for shard in made)
    return made


def exported(store: KnowledgeStore, folder: Path) -> bytes:
    store.refresh_labels()
    path = folder / "out.ttl"
    store.write(path, "turtle")
    return path.read_bytes()


def test_build_store_shards_in_any_order_give_the_same_bytes(
    shards: list[Shard], tmp_path: Path
) -> None:
    outputs = []
    for order in ([0, 1, 2, 3, 4], [4, 2, 0, 3, 1], [3, 4, 1, 0, 2]):
        with KnowledgeStore() as store, store.bulk_loader() as loader:
            for index in order:
                assert loader.add(shards[index], str(SEEDS[index])) == "added"
            loader.flush()
            outputs.append(exported(store, tmp_path))
    with KnowledgeStore(tmp_path / "transactional") as store:
        for index in (2, 4, 1, 3, 0):
            assert store.add_shard(shards[index], str(SEEDS[index])) == "added"
        outputs.append(exported(store, tmp_path))
    assert all(output == outputs[0] for output in outputs)


def test_build_store_small_batches_and_a_document_met_twice(
    shards: list[Shard], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches flushed as they fill give the store one big batch gives; the same
    content in a second file is loaded once."""
    with KnowledgeStore() as whole, whole.bulk_loader() as loader:
        for shard, seed in zip(shards, SEEDS, strict=True):
            loader.add(shard, str(seed))
        loader.flush()
        expected = exported(whole, tmp_path)
    monkeypatch.setattr("kg.store.ShardLoader.BATCH_BYTES", 1)
    with KnowledgeStore.temporary(tmp_path) as store:
        with store.bulk_loader() as loader:
            for shard, seed in zip(shards, SEEDS, strict=True):
                loader.add(shard, str(seed))
            assert loader.add(shards[0], "/elsewhere/copy.txt") == "unchanged"
        assert exported(store, tmp_path) == expected
        assert [d.source_path for d in store.documents()] == sorted(
            map(str, SEEDS), key=lambda p: Path(p).name
        )


def test_build_store_bulk_loader_only_fills_an_empty_store(shards: list[Shard]) -> None:
    store = KnowledgeStore()
    store.add_shard(shards[0], str(SEEDS[0]))
    with pytest.raises(KGError, match="holds no documents"):
        store.bulk_loader()


def test_build_store_large_input_goes_to_a_temporary_disk_store_removed_on_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "IN_MEMORY_INPUT_BYTES", 0)
    store, report = build_store_from_paths(SEEDS[:2], scratch=tmp_path)
    assert len(report.built) == 2
    (folder,) = tmp_path.glob(".kg-build.*.store")
    assert folder.is_dir() and any(folder.iterdir())
    assert len(store.documents()) == 2
    store.close()
    assert not list(tmp_path.iterdir())


def test_build_store_small_input_stays_in_memory(tmp_path: Path) -> None:
    store, _ = build_store_from_paths(SEEDS[:1], scratch=tmp_path)
    with store:
        assert not list(tmp_path.iterdir())
        assert len(store.documents()) == 1


def test_build_store_failed_build_removes_its_disk_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_engine(paths, **options):
        yield make_shard(str(paths[0]))
        raise RuntimeError("a worker died")

    monkeypatch.setattr(pipeline, "IN_MEMORY_INPUT_BYTES", 0)
    monkeypatch.setattr(pipeline, "run_engine", broken_engine)
    with pytest.raises(RuntimeError, match="a worker died"):
        build_store_from_paths(SEEDS[:2], scratch=tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_build_cli_on_disk_store_matches_committed_export_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.commands.build import build_cli

    monkeypatch.setattr(pipeline, "IN_MEMORY_INPUT_BYTES", 0)
    out = tmp_path / "exports" / "graph.ttl"
    args = argparse.Namespace(
        paths=[ROOT / "seeds"],
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


def test_build_store_engine_keeps_a_bounded_number_of_documents_in_flight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lock = threading.Lock()
    in_flight = high = 0

    def fake_shard(path: str, shard_dir: str | None = None) -> Shard:
        return Shard(path)

    monkeypatch.setattr(engine, "make_shard", fake_shard)
    names = [f"doc{i}.txt" for i in range(50)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        submit = pool.submit

        def counted(*args, **kwargs):
            nonlocal in_flight, high
            with lock:
                in_flight += 1
                high = max(high, in_flight)
            return submit(*args, **kwargs)

        monkeypatch.setattr(pool, "submit", counted)
        taken = []
        for shard in engine._run_pool(pool, names, None, limit=4):
            with lock:
                in_flight -= 1
            taken.append(shard.path)
    assert sorted(taken) == sorted(names)
    assert high == 4


def test_build_store_labels_prefer_reference_names_then_the_longest() -> None:
    store = KnowledgeStore()
    node, other = ID["agency/a"], ID["agency/b"]
    skos_pref = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    preferred = ox.NamedNode(str(PKG.preferredName))
    quads = [
        (node, preferred, ox.Literal("Finance Bureau", language="en"), "d1"),
        (node, preferred, ox.Literal("Municipal Finance Bureau", language="en"), "d2"),
        (node, preferred, ox.Literal("财政局", language="zh"), "d1"),
        (node, skos_pref, ox.Literal("市财政局", language="zh"), "d2"),
        (other, preferred, ox.Literal("Bxx"), "d1"),
        (other, preferred, ox.Literal("Axx"), "d2"),
        (other, preferred, ox.Literal('é"x'), "d2"),
    ]
    store.oxigraph.extend(
        ox.Quad(ox.NamedNode(str(s)), p, o, ox.NamedNode(str(ID[f"document/{g}"])))
        for s, p, o, g in quads
    )
    for _ in range(2):  # refreshing again replaces the labels, it does not add to them
        store.refresh_labels()
        labels = {
            (q.subject.value, q.object.value, q.object.language)
            for q in store.oxigraph.quads_for_pattern(None, None, None, LABELS_GRAPH)
        }
        assert labels == {
            (str(node), "Municipal Finance Bureau", "en"),
            (str(node), "市财政局", "zh"),
            (str(other), "Axx", None),
        }
