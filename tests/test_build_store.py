"""How a new store is filled: the bulk loader gives the same export whatever the
order of the shards, the engine never has more than a bounded number of documents
in flight, and labels are chosen in SPARQL as they were in Python."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import engine
from kg.engine import Shard, make_shard
from kg.errors import KGError
from kg.store import LABELS_GRAPH, KnowledgeStore
from kg.vocab import ID, PKG

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


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
    with KnowledgeStore(tmp_path / "store") as store:
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


def test_build_store_engine_keeps_a_bounded_number_of_documents_in_flight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Documents go to the pool in tasks of up to DOCUMENTS_PER_TASK, smaller towards
    the end, with at most TASKS_IN_FLIGHT_PER_WORKER tasks per worker not taken back."""
    lock = threading.Lock()
    tasks_in_flight = documents_in_flight = high_tasks = high_documents = 0
    sizes: list[int] = []

    def fake_shard(path: str, shard_dir: str | None = None, pieces: bool = False) -> Shard:
        return Shard(path)

    monkeypatch.setattr(engine, "make_shard", fake_shard)
    names = [f"doc{i}.txt" for i in range(500)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        submit = pool.submit

        def counted(function, task, *args):
            nonlocal tasks_in_flight, documents_in_flight, high_tasks, high_documents
            with lock:
                sizes.append(len(task))
                tasks_in_flight += 1
                documents_in_flight += len(task)
                high_tasks = max(high_tasks, tasks_in_flight)
                high_documents = max(high_documents, documents_in_flight)
            future = submit(function, task, *args)
            future.add_done_callback(lambda _: done(len(task)))
            return future

        def done(size: int) -> None:
            nonlocal tasks_in_flight, documents_in_flight
            with lock:
                tasks_in_flight -= 1
                documents_in_flight -= size

        monkeypatch.setattr(pool, "submit", counted)
        taken = [shard.path for shard in engine._run_pool(pool, names, None, False, workers=2)]
    assert sorted(taken) == sorted(names)
    assert high_tasks == engine.TASKS_IN_FLIGHT_PER_WORKER * 2
    assert high_documents <= engine.TASKS_IN_FLIGHT_PER_WORKER * 2 * engine.DOCUMENTS_PER_TASK
    assert sizes[0] == engine.DOCUMENTS_PER_TASK and sizes[-8:] == [1] * 8
    assert sizes == sorted(sizes, reverse=True)


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
