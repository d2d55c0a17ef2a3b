"""Exports for every place users take the graph, each read back with an independent
reader: JSON-LD with pyld, GraphML and GEXF with networkx, CSV with the csv module,
Turtle and N-Triples with rapper; and every format is deterministic."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from pyld import jsonld
from pyld.jsonld import JsonLdError
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.cli import main as kg_main
from kg.exporters import (
    CONTEXT_URL,
    TYPE_COLOURS,
    csv_tables,
    export_csv,
    export_gexf,
    export_graphml,
    export_jsonld,
    export_rdf,
    jsonld_options,
    local_document_loader,
)
from kg.network import local_name
from kg.vocab import ID

ROOT = Path(__file__).resolve().parent.parent
CONTEXT = ROOT / "ontology" / "context.jsonld"
PROVENANCE = {"Phrase", "Sentence", "Statement", "Post"}
HEX = re.compile(r"^#[0-9a-f]{6}$")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def graph() -> Graph:
    from kg.pipeline import build_graph_from_paths

    built, report = build_graph_from_paths([ROOT / "seeds"])
    assert not report.errors
    return built


@pytest.fixture(scope="module")
def expected(graph: Graph) -> tuple[set[str], set[tuple[str, str, str]]]:
    """The entity graph, worked out from the RDF directly: typed data nodes but the
    provenance ones, and every link between two of them."""
    types: dict[str, set[str]] = {}
    for s, o in graph.subject_objects(RDF.type):
        if str(s).startswith(str(ID)):
            types.setdefault(str(s), set()).add(local_name(str(o)))
    nodes = {n for n, kinds in types.items() if not kinds & PROVENANCE}
    edges = {
        (str(s), local_name(str(p)), str(o))
        for s, p, o in graph
        if p != RDF.type and isinstance(o, URIRef) and str(s) in nodes and str(o) in nodes
    }
    return nodes, edges


def zh_labels(graph: Graph) -> dict[str, str]:
    return {
        str(s): str(o)
        for s, o in graph.subject_objects(RDFS.label)
        if isinstance(o, Literal) and o.language == "zh"
    }


# ----------------------------------------------------------------------- JSON-LD


def test_context_file_is_json_with_the_published_terms() -> None:
    context = json.loads(CONTEXT.read_text("utf-8"))["@context"]
    prefixes = ["pkg", "id", "rdfs", "skos", "dcterms", "xsd", "nif", "prov", "org", "schema"]
    for prefix in [*prefixes, "owl"]:
        assert context[prefix].startswith("http"), prefix
    assert context["pkg"] == "https://w3id.org/policy-kg/ontology#"
    assert context["id"] == "https://w3id.org/policy-kg/id/"
    assert context["label"] == {"@id": "rdfs:label", "@container": "@language"}
    assert context["altLabel"]["@id"] == "skos:altLabel"
    assert set(context["altLabel"]["@container"]) == {"@language", "@set"}
    for term in [
        "mentionedIn",
        "leadAgency",
        "responsibleAgency",
        "issuedBy",
        "memberOf",
        "partOf",
        "locatedIn",
        "assists",
        "implements",
        "place",
        "division",
    ]:
        assert context[term] == {"@id": f"pkg:{term}", "@type": "@id"}, term
    assert context["value"] == {"@id": "pkg:value", "@type": "xsd:decimal"}
    assert context["year"] == {"@id": "pkg:year", "@type": "xsd:gYear"}
    for term in ["unit", "indicator", "comparator"]:
        assert term in context, term
    for name in ["Agency", "Hospital", "Programme", "Task", "Person", "Place", "Organization"]:
        assert context[name] == f"pkg:{name}"
    assert context["Target"] == "pkg:Target" and context["Statistic"] == "pkg:Statistic"


def test_jsonld_loader_serves_only_the_local_context() -> None:
    load = local_document_loader()
    served = load(CONTEXT_URL, {})
    assert served["document"] == json.loads(CONTEXT.read_text("utf-8"))
    with pytest.raises(JsonLdError):
        load("https://schema.org/", {})


def test_jsonld_export_reads_back_to_the_same_triples(graph: Graph) -> None:
    document = json.loads(export_jsonld(graph))
    assert document["@context"] == CONTEXT_URL
    ids = [node["@id"] for node in document["@graph"]]
    assert ids == sorted(ids)
    # compact and readable: terms, not IRIs, for the common properties
    bureau = next(
        n for n in document["@graph"] if n.get("label", {}).get("en") == "Civil Affairs Bureau"
    )
    assert bureau["@type"] == "Agency" and bureau["@id"].startswith("id:agency/")
    assert isinstance(bureau["mentionedIn"], str | list)
    quantity = next(n for n in document["@graph"] if n.get("@type") in ("Target", "Statistic"))
    assert isinstance(quantity["value"], str) and "unit" in quantity

    expanded = jsonld.expand(document, jsonld_options())
    nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads"} | jsonld_options())
    back = Graph().parse(data=nquads, format="nt")  # all in the default graph
    assert len(back) == len(graph)
    assert isomorphic(back, graph)
    ground = {t for t in graph if not any(isinstance(x, BNode) for x in t)}
    assert ground <= set(back)


# ---------------------------------------------------------------- GraphML, GEXF


def check_network(
    read: nx.Graph, expected: tuple[set[str], set[tuple[str, str, str]]], graph: Graph
) -> None:
    nodes, edges = expected
    assert set(read.nodes) == nodes
    assert read.number_of_edges() == len(edges)
    assert {(u, d["label"], v) for u, v, d in read.edges(data=True)} == edges
    colour_of: dict[str, str] = {}
    for node, attrs in read.nodes(data=True):
        assert attrs["label"], node
        assert attrs["type"] and attrs["type"] not in PROVENANCE, node
        assert HEX.match(attrs["color"]), node
        assert colour_of.setdefault(attrs["type"], attrs["color"]) == attrs["color"]
        assert attrs["label"] in (attrs["label_en"] or attrs["label_zh"], attrs["label"])
        if attrs["label_en"]:
            assert attrs["label"] == attrs["label_en"]
        elif attrs["label_zh"]:
            assert attrs["label"] == attrs["label_zh"]
    assert colour_of["Agency"] == TYPE_COLOURS["Agency"]
    assert len(set(colour_of.values())) == len(colour_of)
    chinese = zh_labels(graph)
    with_zh = [n for n in read.nodes if n in chinese]
    assert with_zh and all(read.nodes[n]["label_zh"] == chinese[n] for n in with_zh)


def test_graphml_export_reads_back_with_networkx(graph: Graph, expected) -> None:
    read = nx.read_graphml(io.BytesIO(export_graphml(graph)))
    check_network(read, expected, graph)


def test_gexf_export_reads_back_with_networkx_and_viz_colours(graph: Graph, expected) -> None:
    data = export_gexf(graph)
    assert b"lastmodifieddate" not in data
    read = nx.read_gexf(io.BytesIO(data))
    check_network(read, expected, graph)
    for node, attrs in read.nodes(data=True):
        colour = attrs["viz"]["color"]
        hex_colour = f"#{colour['r']:02x}{colour['g']:02x}{colour['b']:02x}"
        assert hex_colour == attrs["color"], node


# -------------------------------------------------------------------------- CSV


def test_csv_export_reads_back_with_the_csv_module(graph: Graph, expected, tmp_path) -> None:
    nodes, edges = expected
    written = export_csv(graph, tmp_path / "tables")
    assert sorted(p.name for p in written) == ["edges.csv", "nodes.csv"]
    raw = (tmp_path / "tables" / "nodes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "tables" / "nodes.csv", encoding="utf-8-sig", newline="") as f:
        node_rows = list(csv.reader(f))
    with open(tmp_path / "tables" / "edges.csv", encoding="utf-8-sig", newline="") as f:
        edge_rows = list(csv.reader(f))
    assert (tmp_path / "tables" / "edges.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert node_rows[0] == ["id", "type", "label", "label_en", "label_zh"]
    assert edge_rows[0] == ["source", "target", "predicate", "source_label", "target_label"]
    assert len(node_rows) - 1 == len(nodes) and {r[0] for r in node_rows[1:]} == nodes
    assert len(edge_rows) - 1 == len(edges)
    assert {(r[0], r[2], r[1]) for r in edge_rows[1:]} == edges
    assert node_rows[1:] == sorted(node_rows[1:]) and edge_rows[1:] == sorted(edge_rows[1:])
    chinese = zh_labels(graph)
    zh_rows = [r for r in node_rows[1:] if r[0] in chinese]
    assert zh_rows and all(r[4] == chinese[r[0]] and CJK.search(r[4]) for r in zh_rows)
    labels = {r[0]: r[2] for r in node_rows[1:]}
    assert all(r[3] == labels[r[0]] and r[4] == labels[r[1]] for r in edge_rows[1:])


def test_csv_export_refuses_a_file_as_folder(graph: Graph, tmp_path: Path) -> None:
    from kg.errors import KGError

    target = tmp_path / "file.csv"
    target.write_text("x")
    with pytest.raises(KGError, match="not a folder"):
        export_csv(graph, target)


# ------------------------------------------------------------------ Turtle, nt


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2) is not installed")
@pytest.mark.parametrize(("fmt", "syntax"), [("turtle", "turtle"), ("nt", "ntriples")])
def test_rdf_exports_parse_with_rapper(graph: Graph, tmp_path: Path, fmt, syntax) -> None:
    path = tmp_path / f"graph.{fmt}"
    path.write_bytes(export_rdf(graph, fmt))
    done = subprocess.run(
        ["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert re.search(rf"returned {len(graph)} triples", done.stderr), done.stderr


# ------------------------------------------------------------------ determinism


def bnodes(graph: Graph) -> set[BNode]:
    return {term for triple in graph for term in triple if isinstance(term, BNode)}


def test_every_format_is_deterministic(graph: Graph, tmp_path: Path) -> None:
    # a second copy of the graph, with blank nodes named differently by the parser
    again = Graph().parse(data=graph.serialize(format="nt"), format="nt")
    for prefix, namespace in graph.namespaces():
        again.bind(prefix, namespace, override=True, replace=True)
    assert isomorphic(graph, again)
    assert bnodes(graph) and bnodes(graph).isdisjoint(bnodes(again))
    for fmt in ["turtle", "nt"]:
        assert export_rdf(graph, fmt) == export_rdf(again, fmt), fmt
    for exporter in [export_jsonld, export_graphml, export_gexf]:
        assert exporter(graph) == exporter(again), exporter.__name__
    assert csv_tables(graph) == csv_tables(again)


# -------------------------------------------------------------------------- CLI


def test_cli_exports_every_format_from_a_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    seed = sorted((ROOT / "seeds").glob("*.txt"))[2]
    added = subprocess.run(
        [sys.executable, "-m", "kg", "add", str(seed), "-s", str(store), "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert added.returncode == 0, added.stderr
    outputs: dict[str, list[bytes]] = {}
    for run in ("a", "b"):
        for fmt in ["turtle", "nt", "trig", "nquads", "jsonld", "graphml", "gexf", "csv"]:
            out = tmp_path / run / f"graph.{fmt}"
            assert kg_main(["export", "-s", str(store), "--format", fmt, "-o", str(out)]) == 0
            files = sorted(out.iterdir()) if out.is_dir() else [out]
            outputs.setdefault(fmt, []).append(b"".join(f.read_bytes() for f in files))
    for fmt, (first, second) in outputs.items():
        assert first and first == second, fmt
    assert sorted(p.name for p in (tmp_path / "a" / "graph.csv").iterdir()) == [
        "edges.csv",
        "nodes.csv",
    ]
    assert json.loads(outputs["jsonld"][0])["@context"] == CONTEXT_URL
    read = nx.read_graphml(io.BytesIO(outputs["graphml"][0]))
    assert "Document" in {a["type"] for _, a in read.nodes(data=True)}
    assert not list((tmp_path / "a").glob(".*.tmp"))
