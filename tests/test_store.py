"""The working store: incremental, order-independent, with provenance and explanations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from kg.explain import explain
from kg.pipeline import BuildReport, add_paths, build_graph_from_paths
from kg.store import KnowledgeStore
from kg.vocab import ID, NIF, PKG
from tests.conftest import store_of

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def all_seeds() -> Graph:
    return store_of(SEEDS).to_graph()


@pytest.mark.slow
def test_store_order_of_adding_does_not_matter(all_seeds: Graph) -> None:
    reordered = store_of([SEEDS[i] for i in (3, 0, 4, 2, 1)]).to_graph()
    assert isomorphic(all_seeds, reordered)
    batch, _ = build_graph_from_paths([ROOT / "seeds"])
    assert isomorphic(all_seeds, batch)


def test_store_adding_again_changes_nothing(tmp_path: Path) -> None:
    store = KnowledgeStore(tmp_path / "store")
    store_of(SEEDS[:2], store)
    before = store.to_graph()
    report = BuildReport()
    add_paths(store, SEEDS[:2], report)
    assert report.built == [] and report.unchanged == SEEDS[:2]
    assert isomorphic(before, store.to_graph())


@pytest.mark.slow
def test_store_removing_a_document_leaves_the_graph_of_the_others() -> None:
    store = store_of(SEEDS)
    removed = store.remove(SEEDS[1].name)
    store.refresh_labels()
    assert [d.file_name for d in removed] == [SEEDS[1].name]
    others = store_of([p for p in SEEDS if p != SEEDS[1]]).to_graph()
    assert isomorphic(store.to_graph(), others)


def test_store_changed_file_replaces_its_document(tmp_path: Path) -> None:
    doc = tmp_path / "plan.txt"
    doc.write_text("The Municipal Finance Bureau of Harbin shall fund clinics.", encoding="utf-8")
    store = store_of([doc])
    doc.write_text("The State Council shall fund clinics.", encoding="utf-8")
    report = BuildReport()
    add_paths(store, [doc], report)
    assert report.built == [doc]
    assert len(store.documents()) == 1
    names = {str(o) for o in store.to_graph().objects(None, SKOS.altLabel)}
    assert "State Council" in names and "Municipal Finance Bureau of Harbin" not in names


def test_store_persists_on_disk_and_refuses_a_second_writer(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store_of(SEEDS[1:2], KnowledgeStore(path)).flush()
    script = (
        "import sys; from kg.store import KnowledgeStore; from kg.errors import KGError\n"
        f"try:\n    KnowledgeStore(__import__('pathlib').Path({str(path)!r}))\n"
        "except KGError as e:\n    print(e); sys.exit(3)\n"
    )
    held = KnowledgeStore(path)
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert second.returncode == 3 and "cannot open the store" in second.stdout
    assert [d.file_name for d in held.documents()] == [SEEDS[1].name]


def test_store_one_node_for_a_body_across_documents_and_languages(tmp_path: Path) -> None:
    chinese = tmp_path / "zh.txt"
    chinese.write_text("国家中医药管理局印发通知，要求各地加强中医馆建设。", encoding="utf-8")
    graph = store_of([SEEDS[1], chinese]).to_graph()
    satcm = [
        s
        for s in graph.subjects(RDF.type, PKG.Agency)
        if Literal("国家中医药管理局", lang="zh") in set(graph.objects(s, RDFS.label))
    ]
    assert len(satcm) == 1
    node = satcm[0]
    assert Literal("State Administration of Traditional Chinese Medicine", lang="en") in set(
        graph.objects(node, RDFS.label)
    )
    assert len(set(graph.objects(node, PKG.mentionedIn))) == 2


def test_store_same_local_name_in_two_cities_stays_two_nodes(tmp_path: Path) -> None:
    texts = {
        "dalian.txt": "Dalian Municipal People's Government\n\nThe Municipal Finance Bureau pays.",
        "shenyang.txt": "Shenyang Municipal People's Government\n\nThe Municipal Finance Bureau pays.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    graph = store_of(sorted(tmp_path.glob("*.txt"))).to_graph()
    bureaus = [
        s
        for s in graph.subjects(RDF.type, PKG.Agency)
        if Literal("Municipal Finance Bureau", lang="en") in set(graph.objects(s, RDFS.label))
    ]
    assert len(bureaus) == 2


def test_store_places_climb_to_the_province(all_seeds: Graph) -> None:
    yizhou = all_seeds.value(ID["place/650502"], PKG.division)
    chain = [yizhou]
    while (parent := all_seeds.value(chain[-1], PKG.partOf)) is not None:
        chain.append(parent)
    assert chain == [ID["division/650502"], ID["division/650500"], ID["division/650000"]]
    assert Literal("Xinjiang Uygur Autonomous Region", lang="en") in set(
        all_seeds.objects(ID["place/650000"], RDFS.label)
    )
    assert Literal("新疆维吾尔自治区", lang="zh") in set(
        all_seeds.objects(ID["division/650000"], RDFS.label)
    )
    township = next(all_seeds.subjects(RDFS.label, Literal("柳树沟乡", lang="zh")))
    assert all_seeds.value(township, PKG.partOf) == ID["division/650502"]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_store_every_offset_slices_the_source_to_its_text(all_seeds: Graph, seed: Path) -> None:
    from kg.documents import load_document

    text = load_document(seed).text
    docs = [d for d in all_seeds.subjects(PKG.fileName, Literal(seed.name))]
    spans = list(all_seeds.subjects(NIF.referenceContext, docs[0]))
    assert len(spans) > 20
    for span in spans:
        begin = int(all_seeds.value(span, NIF.beginIndex))
        end = int(all_seeds.value(span, NIF.endIndex))
        assert text[begin:end] == str(all_seeds.value(span, NIF.anchorOf)), span


def test_store_explain_prints_the_sentence_of_a_fact() -> None:
    store = store_of([SEEDS[2]])
    answer = explain(store.oxigraph, "Municipal Finance Bureau")
    assert answer.types == ("Agency",)
    assert all(m.text == "Municipal Finance Bureau" for m in answer.mentions)
    assert any("jurisdiction" in m.rule for m in answer.mentions)
    lead_facts = [f for f in answer.facts if f.predicate.endswith("responsibleAgency")]
    assert lead_facts and all(e.sentence for f in lead_facts for e in f.evidence)
    assert any("Municipal Finance Bureau" in e.sentence for e in lead_facts[0].evidence)


def test_store_cli_add_explain_remove_export(tmp_path: Path) -> None:
    store = tmp_path / "store"

    def kg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kg", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
        )

    assert kg("add", str(SEEDS[0]), str(SEEDS[1]), "--store", str(store)).returncode == 0
    shown = kg("explain", "Zhao Wenhua", "--graph", str(store))
    assert shown.returncode == 0, shown.stderr
    assert "Zhao Wenhua, deputy director of the Department of Medical Affairs" in shown.stdout
    out = tmp_path / "graph.nq"
    assert kg("export", "--store", str(store), "--format", "nquads", "-o", str(out)).returncode == 0
    import pyoxigraph as ox

    graphs = {q.graph_name.value for q in ox.parse(path=out, format=ox.RdfFormat.N_QUADS)}
    assert sum("/id/document/" in g for g in graphs) == 2
    trig = tmp_path / "graph.trig"
    assert kg("export", "--store", str(store), "--format", "trig", "-o", str(trig)).returncode == 0
    assert len(list(ox.parse(path=trig, format=ox.RdfFormat.TRIG))) == len(
        list(ox.parse(path=out, format=ox.RdfFormat.N_QUADS))
    )
    assert kg("remove", SEEDS[0].name, "--store", str(store)).returncode == 0
    listed = kg("documents", "--store", str(store)).stdout.splitlines()
    assert [line.split("\t")[0] for line in listed] == [SEEDS[1].name]
    missing = kg("remove", "nothing-like-this.txt", "--store", str(store))
    assert missing.returncode == 2 and missing.stderr.startswith("kg: error: no document")
