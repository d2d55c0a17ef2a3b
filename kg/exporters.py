"""Exporters: the graph in the formats people take it to.

* JSON-LD (`export_jsonld`): the whole graph, compacted against the published
  context (`ontology/context.jsonld`, referenced by its public URL), one node
  object per subject in `@graph`, sorted by `@id`.
* GraphML and GEXF (`export_graphml`, `export_gexf`), for Gephi, Cytoscape and
  yEd: the entity graph — entities, documents, quantities and divisions as
  nodes, without the provenance nodes (text spans, sentences, reified
  statements, posts) — with a label in each language, a type and a colour per
  type; each edge is labelled with its predicate's local name.
* CSV (`export_csv`), for spreadsheets: the same entity graph as `nodes.csv`
  and `edges.csv` in a folder, UTF-8 with a byte-order mark so Excel reads the
  Chinese labels correctly.

Every exporter is deterministic: the same graph gives the same bytes (blank
nodes are renamed canonically, nodes and edges are written in sorted order)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, BNode, Graph, Literal
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, XSD

from kg.errors import KGError
from kg.export import write_atomic
from kg.network import graph_to_networkx, local_name
from kg.vocab import PKG, ontology_path

CONTEXT_URL = "https://w3id.org/policy-kg/context.jsonld"
CONTEXT_FILE = "context.jsonld"

#: Node types left out of the entity graph: provenance, not things in the world.
PROVENANCE_TYPES = frozenset({"Phrase", "Sentence", "Statement", "Post"})

#: One fixed colour per node type (hex); anything else is grey.
TYPE_COLOURS = {
    "Agency": "#1f77b4",
    "Hospital": "#d62728",
    "Programme": "#2ca02c",
    "Task": "#ff7f0e",
    "Person": "#9467bd",
    "Place": "#8c564b",
    "Organization": "#17becf",
    "Document": "#7f7f7f",
    "Target": "#e377c2",
    "Statistic": "#bcbd22",
    "AdministrativeDivision": "#c49c94",
}
OTHER_COLOUR = "#aaaaaa"

#: Literal properties copied onto nodes when present (quantities and documents).
EXTRA_ATTRIBUTES = ("value", "unit", "year", "comparator", "date", "divisionCode")

NODE_COLUMNS = ("id", "type", "label", "label_en", "label_zh")
EDGE_COLUMNS = ("source", "target", "predicate", "source_label", "target_label")


# ------------------------------------------------------------------ blank nodes


def stable_bnodes(graph: Graph, prefix: str = "b") -> Graph:
    """The same graph with blank nodes renamed `b0`, `b1`, … in a canonical order, so
    serialisations that name blank nodes (N-Triples, JSON-LD) are stable across builds."""
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    canonical = to_canonical_graph(graph)
    ids = sorted({str(t) for triple in canonical for t in triple if isinstance(t, BNode)})
    names = {old: BNode(f"{prefix}{index}") for index, old in enumerate(ids)}
    stable = Graph()
    for name, namespace in graph.namespaces():
        stable.bind(name, namespace, override=True, replace=True)
    for triple in canonical:
        s, p, o = (names[str(t)] if isinstance(t, BNode) else t for t in triple)
        stable.add((s, p, o))
    return stable


# ---------------------------------------------------------------------- JSON-LD


def context_document() -> dict[str, Any]:
    """The published JSON-LD context, read from the shipped file."""
    return json.loads(ontology_path(CONTEXT_FILE).read_text("utf-8"))


def local_document_loader() -> Callable[..., dict[str, Any]]:
    """A pyld document loader that serves the project's context for its public URL
    and refuses every other URL: exporting never touches the network."""
    from pyld.jsonld import JsonLdError

    def load(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        if url != CONTEXT_URL:
            raise JsonLdError(
                f"refusing to fetch {url}: only {CONTEXT_URL} is served (from the local file)",
                "jsonld.LoadDocumentError",
                code="loading document failed",
            )
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": context_document(),
        }

    return load


def jsonld_options() -> dict[str, Any]:
    """pyld options using the local loader and a private context cache (so a changed
    context file is always reread)."""
    from pyld.context_resolver import ContextResolver

    loader = local_document_loader()
    return {"documentLoader": loader, "contextResolver": ContextResolver({}, loader)}


def _term(term: Any) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _jsonld_value(obj: Any) -> dict[str, str]:
    if not isinstance(obj, Literal):
        return {"@id": _term(obj)}
    if obj.language:
        return {"@value": str(obj), "@language": obj.language}
    if obj.datatype is not None and obj.datatype != XSD.string:
        return {"@value": str(obj), "@type": str(obj.datatype)}
    return {"@value": str(obj)}


def expanded_jsonld(graph: Graph) -> list[dict[str, Any]]:
    """The graph in expanded JSON-LD form: one node object per subject, triples in
    sorted order (RDF lists stay as rdf:first/rdf:rest nodes)."""
    nodes: dict[str, dict[str, Any]] = {}
    for s, p, o in sorted(stable_bnodes(graph)):
        node = nodes.setdefault(_term(s), {"@id": _term(s)})
        if p == RDF.type and not isinstance(o, Literal):
            node.setdefault("@type", []).append(_term(o))
        else:
            node.setdefault(str(p), []).append(_jsonld_value(o))
    return [nodes[key] for key in sorted(nodes)]


def export_jsonld(graph: Graph) -> bytes:
    """The graph as compact JSON-LD whose `@context` is the public context URL."""
    try:
        from pyld import jsonld
    except ImportError:
        raise KGError("JSON-LD export needs pyld: pip install 'pyld>=2.0,<4'") from None

    options = jsonld_options() | {"graph": True, "skipExpansion": True}
    compacted = jsonld.compact(expanded_jsonld(graph), {"@context": CONTEXT_URL}, options)
    compacted["@graph"] = sorted(compacted.get("@graph", []), key=lambda n: n.get("@id", ""))
    text = json.dumps(compacted, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def export_rdf(graph: Graph, fmt: str) -> bytes:
    """An RDF serialisation (see kg.export.serialise), blank nodes named stably."""
    from kg.export import serialise

    return serialise(stable_bnodes(graph) if fmt == "nt" else graph, fmt)


# ----------------------------------------------------------------- entity graph


def _labels_by_language(graph: Graph) -> dict[str, dict[str, str]]:
    """{node: {lang: label}}: rdfs:label, else a document's title or a quantity's
    indicator; the first in sorted order where a language has several."""
    found: dict[str, dict[str, str]] = {}
    for predicate in (RDFS.label, DCTERMS.title, PKG.indicator):
        for subject, obj in sorted(graph.subject_objects(predicate)):
            if isinstance(obj, Literal) and obj.language:
                lang = obj.language.split("-")[0].lower()
                found.setdefault(str(subject), {}).setdefault(lang, str(obj))
    return found


def _rgb(colour: str) -> dict[str, int | float]:
    return {
        "r": int(colour[1:3], 16),
        "g": int(colour[3:5], 16),
        "b": int(colour[5:7], 16),
        "a": 1.0,
    }


def entity_network(graph: Graph) -> nx.MultiDiGraph:
    """The entity graph with scalar string attributes only: nodes (sorted by IRI) carry
    `iri`, `type`, `label`, `label_en`, `label_zh`, `color` and, where present, the
    EXTRA_ATTRIBUTES; edges (sorted) carry `label`, the predicate's local name, and
    are keyed by it."""
    full = graph_to_networkx(graph)
    languages = _labels_by_language(graph)
    keep = sorted(n for n, a in full.nodes(data=True) if a.get("type") not in PROVENANCE_TYPES)
    network = nx.MultiDiGraph()
    for node in keep:
        attrs = full.nodes[node]
        names = languages.get(node, {})
        label_en, label_zh = names.get("en", ""), names.get("zh", "")
        type_ = attrs.get("type") or "Thing"
        network.add_node(
            node,
            iri=node,
            type=type_,
            label=label_en or label_zh or str(attrs.get("label") or local_name(node)),
            label_en=label_en,
            label_zh=label_zh,
            color=TYPE_COLOURS.get(type_, OTHER_COLOUR),
            **{k: str(attrs[k]) for k in EXTRA_ATTRIBUTES if attrs.get(k) not in (None, "")},
        )
    kept = set(keep)
    edges = sorted(
        (u, d["predicate"], v) for u, v, d in full.edges(data=True) if u in kept and v in kept
    )
    for u, predicate, v in edges:
        network.add_edge(u, v, key=predicate, label=predicate)
    return network


def _xml_safe(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose edges have unique keys `e0`, `e1`, … (GraphML edge ids)."""
    copy = nx.MultiDiGraph()
    copy.add_nodes_from(network.nodes(data=True))
    for index, (u, v, data) in enumerate(network.edges(data=True)):
        copy.add_edge(u, v, key=f"e{index}", **data)
    return copy


def export_graphml(graph: Graph) -> bytes:
    """The entity graph as GraphML (node attributes label, label_en, label_zh, type,
    color, iri; edge attribute label)."""
    buffer = io.BytesIO()
    nx.write_graphml(_xml_safe(entity_network(graph)), buffer, encoding="utf-8")
    return buffer.getvalue()


def export_gexf(graph: Graph) -> bytes:
    """The entity graph as GEXF 1.2 with viz colours (networkx also records each
    edge's key, the predicate, as an edge attribute `key`)."""
    network = entity_network(graph)
    for _, attrs in network.nodes(data=True):
        attrs["viz"] = {"color": _rgb(attrs["color"])}
    buffer = io.BytesIO()
    nx.write_gexf(network, buffer, encoding="utf-8")
    # networkx stamps today's date in <meta>; drop it so output depends on the graph only
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)


# -------------------------------------------------------------------------- CSV


def _csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig")


def csv_tables(graph: Graph) -> dict[str, bytes]:
    """{"nodes.csv": …, "edges.csv": …}: the entity graph as two sorted tables."""
    network = entity_network(graph)
    nodes = sorted(
        (n, a["type"], a["label"], a["label_en"], a["label_zh"])
        for n, a in network.nodes(data=True)
    )
    edges = sorted(
        (u, v, d["label"], network.nodes[u]["label"], network.nodes[v]["label"])
        for u, v, d in network.edges(data=True)
    )
    return {
        "nodes.csv": _csv_bytes(NODE_COLUMNS, nodes),
        "edges.csv": _csv_bytes(EDGE_COLUMNS, edges),
    }


def export_csv(graph: Graph, folder: Path) -> list[Path]:
    """Write `nodes.csv` and `edges.csv` into `folder` (created if needed), each
    atomically; the paths written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise KGError(
            f"{folder}: not a folder (csv export writes nodes.csv and edges.csv into one)"
        )
    written = []
    for name, data in csv_tables(graph).items():
        write_atomic(folder / name, data)
        written.append(folder / name)
    return written


#: Format name -> exporter of a graph to bytes (CSV, a folder, is separate).
GRAPH_EXPORTERS: dict[str, Callable[[Graph], bytes]] = {
    "jsonld": export_jsonld,
    "graphml": export_graphml,
    "gexf": export_gexf,
}
