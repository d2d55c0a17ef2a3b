"""View: the knowledge graph as one self-contained, interactive HTML page.

The page draws the entity graph with Cytoscape.js (vendored in `kg/static/view/`
and inlined, so the file opens offline) and embeds the data as one JSON blob:
entities and documents with their labels in both languages, aliases, literal
properties and the first few evidence sentences of each; the links between them
with the sentence that states each. Quantities (targets, statistics) are in the
data but hidden until switched on or reached by expanding a node; provenance
nodes (text spans, sentences, reified statements), posts and administrative
divisions are left out (a person's posts become facts of the person).

Layout is computed here, once, with a seeded spring layout, so the page does no
layout work and the same graph always gives the same bytes.

If the graph has fewer than `FULL_VIEW_LIMIT` entities and documents the page
starts with all of them; otherwise it starts with the agencies and programmes and
their direct neighbours, and a click on a node reveals its neighbours."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import RDFS, Graph, Literal

from kg.network import graph_to_networkx, local_name
from kg.vocab import ITSRDF, NIF, PKG, PROV, load_ontology

FULL_VIEW_LIMIT = 400
"""Start with the whole graph when it has fewer entities and documents than this."""
EVIDENCE_PER_NODE = 3
LANGUAGES = ("en", "zh")

ENTITY_TYPES = ("Agency", "Hospital", "Programme", "Task", "Person", "Place", "Organization")
QUANTITY_TYPES = ("Target", "Statistic")
DOCUMENT_TYPES = ("Document",)
CORE_TYPES = ("Agency", "Programme")

COLOURS = {
    "Agency": "#1f77b4",
    "Hospital": "#d62728",
    "Programme": "#9467bd",
    "Task": "#ff7f0e",
    "Person": "#2ca02c",
    "Place": "#8c564b",
    "Organization": "#17becf",
    "Document": "#7f7f7f",
    "Target": "#bcbd22",
    "Statistic": "#e377c2",
}

# Literal properties from outside the ontology (Dublin Core), named for the panel.
EXTRA_NAMES = {
    "title": {"en": "title", "zh": "标题"},
    "date": {"en": "date", "zh": "日期"},
    "language": {"en": "language", "zh": "语言"},
}
# Shown as labels already, or only bookkeeping.
SKIPPED_PROPERTIES = frozenset({"preferredName", "prefLabel", "contentHash", "sourcePath"})

_STATIC = "static/view"
LIBRARY_FILE = "cytoscape.min.js"
TEMPLATE_FILE = "template.html"
_LIBRARY_MARK = "/*@KG_LIBRARY@*/"
_DATA_MARK = "/*@KG_DATA@*/"

Position = tuple[float, float]

_PREFIXES = f"""PREFIX pkg: <{PKG}> PREFIX nif: <{NIF}> PREFIX itsrdf: <{ITSRDF}>
PREFIX prov: <{PROV}> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


@dataclass(frozen=True, slots=True)
class _Sentence:
    document: str
    start: int
    text: str
    sentence: str

    def as_json(self) -> dict[str, str]:
        return {"doc": self.document, "text": self.text, "sentence": self.sentence or self.text}


def view_data(graph: Graph, store: ox.Store, *, lang: str = "en") -> dict[str, Any]:
    """The page's data: nodes, edges, type and predicate names, the start view."""
    network = graph_to_networkx(graph)
    kinds = {**dict.fromkeys(ENTITY_TYPES, "entity"), **dict.fromkeys(QUANTITY_TYPES, "quantity")}
    kinds.update(dict.fromkeys(DOCUMENT_TYPES, "document"))
    shown = sorted(n for n, a in network.nodes(data=True) if a["type"] in kinds)
    shown_set = set(shown)
    mentions, derived, stated = _evidence(store)
    names = _vocabulary_names()

    nodes = []
    for node in shown:
        attrs = network.nodes[node]
        labels = {k: v for k, v in attrs["labels"].items() if k in LANGUAGES}
        if attrs["type"] == "Document" and attrs.get("title"):
            labels.setdefault(attrs.get("language") or "zh", attrs["title"])
        props = {
            key: value
            for key, value in sorted(attrs.items())
            if key not in {"iri", "type", "label", "labels", "alt_labels"}
            and key not in SKIPPED_PROPERTIES
        }
        evidence = mentions.get(node) or derived.get(node) or []
        entry: dict[str, Any] = {
            "id": node,
            "type": attrs["type"],
            "kind": kinds[attrs["type"]],
            "label": attrs["label"],
            "labels": labels,
            "aliases": sorted(set(attrs["alt_labels"]) - set(labels.values())),
            "props": props,
            "evidence": [e.as_json() for e in _first_sentences(evidence)],
        }
        posts = _posts(network, node, shown_set)
        if posts:
            entry["posts"] = posts
        nodes.append(entry)

    edges = []
    for source, target, predicate in sorted(
        (u, v, d["predicate"]) for u, v, d in network.edges(data=True)
    ):
        if source not in shown_set or target not in shown_set:
            continue
        edge: dict[str, Any] = {"source": source, "target": target, "predicate": predicate}
        sentences = _first_sentences(stated.get((source, predicate, target), []), limit=1)
        if sentences:
            edge["evidence"] = sentences[0].as_json()
        edges.append(edge)
    for index, edge in enumerate(edges):
        edge["id"] = f"e{index}"

    positions = _layout(nodes, edges)
    for entry in nodes:
        entry["x"], entry["y"] = positions[entry["id"]]

    browsable = [n for n in nodes if n["kind"] != "quantity"]
    if len(browsable) < FULL_VIEW_LIMIT:
        start_mode = "all"
        start = [n["id"] for n in browsable]
    else:
        start_mode = "core"
        start = _core_view(nodes, edges)
    present = sorted({n["type"] for n in nodes}, key=list(COLOURS).index)
    return {
        "lang": lang if lang in LANGUAGES else "en",
        "start": {"mode": start_mode, "limit": FULL_VIEW_LIMIT, "nodes": start},
        "types": [
            {
                "name": t,
                "kind": kinds[t],
                "colour": COLOURS[t],
                "labels": names.get(t, {"en": t}),
                "count": sum(1 for n in nodes if n["type"] == t),
            }
            for t in present
        ],
        "predicates": {
            p: names.get(p, {"en": p}) for p in sorted({e["predicate"] for e in edges} | {"role"})
        },
        "properties": {
            p: names.get(p) or EXTRA_NAMES.get(p) or {"en": p}
            for p in sorted({k for n in nodes for k in n["props"]})
        },
        "nodes": nodes,
        "edges": edges,
    }


def render_html(data: dict[str, Any]) -> str:
    """The page: the template with the library and the data inlined."""
    library = _static(LIBRARY_FILE)
    template = _static(TEMPLATE_FILE)
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # `<` only occurs inside JSON strings, where \u003c is the same character: nothing
    # in the blob can close the script element or open a comment.
    blob = blob.replace("<", "\\u003c")
    for mark in (_LIBRARY_MARK, _DATA_MARK):
        if template.count(mark) != 1:
            raise RuntimeError(f"{TEMPLATE_FILE}: expected one {mark}")
    if "</script" in library.lower():
        raise RuntimeError(f"{LIBRARY_FILE}: cannot be inlined (contains </script)")
    head, tail = template.split(_LIBRARY_MARK)
    template = head + library + tail
    head, tail = template.split(_DATA_MARK)
    return head + blob + tail


def write_view(graph: Graph, store: ox.Store, out: Path, *, lang: str = "en") -> dict[str, Any]:
    """Write the page to `out`; returns its data (for a summary)."""
    data = view_data(graph, store, lang=lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(render_html(data).encode("utf-8"))
    return data


def graph_from_store(store: ox.Store) -> Graph:
    """An rdflib copy of every triple in an Oxigraph store (all graphs merged)."""
    lines = sorted(
        {
            f"{q.subject} {q.predicate} {q.object} .\n"
            for q in store.quads_for_pattern(None, None, None, None)
        }
    )
    graph = Graph()
    graph.parse(data="".join(lines), format="nt")
    return graph


# ------------------------------------------------------------------ helpers


def _static(name: str) -> str:
    return resources.files("kg").joinpath(f"{_STATIC}/{name}").read_text("utf-8")


def _vocabulary_names() -> dict[str, dict[str, str]]:
    names: dict[str, dict[str, str]] = defaultdict(dict)
    for subject, label in load_ontology().subject_objects(RDFS.label):
        if isinstance(label, Literal) and label.language in LANGUAGES:
            names[local_name(str(subject))][label.language] = str(label)
    return dict(names)


def _evidence(
    store: ox.Store,
) -> tuple[
    dict[str, list[_Sentence]],
    dict[str, list[_Sentence]],
    dict[tuple[str, str, str], list[_Sentence]],
]:
    """Mentions of each node; spans each node or statement was derived from."""
    mentions: dict[str, list[_Sentence]] = defaultdict(list)
    for row in _select(
        store,
        """SELECT ?node ?name ?b ?text ?sentence WHERE {
        ?m itsrdf:taIdentRef ?node ; nif:beginIndex ?b ; nif:anchorOf ?text ;
           nif:referenceContext ?doc .
        ?doc pkg:fileName ?name .
        OPTIONAL { ?m nif:sentence/nif:anchorOf ?sentence } }""",
    ):
        mentions[row["node"].value].append(_sentence(row))
    derived: dict[str, list[_Sentence]] = defaultdict(list)
    stated: dict[tuple[str, str, str], list[_Sentence]] = defaultdict(list)
    for row in _select(
        store,
        """SELECT ?node ?s ?p ?o ?name ?b ?text ?sentence WHERE {
        ?node prov:wasDerivedFrom ?span .
        ?span nif:beginIndex ?b ; nif:anchorOf ?text ; nif:referenceContext ?doc .
        ?doc pkg:fileName ?name .
        OPTIONAL { ?span nif:sentence/nif:anchorOf ?sentence }
        OPTIONAL { ?node a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } }""",
    ):
        if row["s"] is not None:
            key = (row["s"].value, local_name(row["p"].value), row["o"].value)
            stated[key].append(_sentence(row))
        else:
            derived[row["node"].value].append(_sentence(row))
    return mentions, derived, stated


def _sentence(row: ox.QuerySolution) -> _Sentence:
    sentence = row["sentence"]
    return _Sentence(
        row["name"].value,
        int(row["b"].value),
        row["text"].value,
        sentence.value if sentence is not None else "",
    )


def _first_sentences(found: list[_Sentence], limit: int = EVIDENCE_PER_NODE) -> list[_Sentence]:
    """The first `limit` distinct sentences, in document and offset order."""
    chosen: list[_Sentence] = []
    seen: set[str] = set()
    for item in sorted(set(found), key=lambda e: (e.document, e.start, e.text, e.sentence)):
        key = item.sentence or item.text
        if key in seen:
            continue
        seen.add(key)
        chosen.append(item)
        if len(chosen) == limit:
            break
    return chosen


def _posts(network: nx.MultiDiGraph, node: str, shown: set[str]) -> list[dict[str, str]]:
    """A person's posts (pkg:hasPost → Post → pkg:postIn body) as role and body."""
    posts = []
    for _, post, data in network.out_edges(node, data=True):
        if data["predicate"] != "hasPost":
            continue
        role = network.nodes[post].get("role", "")
        for _, body, link in network.out_edges(post, data=True):
            if link["predicate"] == "postIn" and body in shown:
                posts.append({"role": role, "body": body})
    return sorted(posts, key=lambda p: (p["body"], p["role"]))


def _layout(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, Position]:
    """Page coordinates: a seeded spring layout of each connected part of the entity and
    document graph, the parts packed in rows; quantities on rings around their place or
    document. Document links pull less than the links between entities."""
    kind = {n["id"]: n["kind"] for n in nodes}
    undirected = nx.Graph()
    undirected.add_nodes_from(n["id"] for n in nodes if n["kind"] != "quantity")
    for edge in edges:
        u, v = edge["source"], edge["target"]
        if kind[u] == "quantity" or kind[v] == "quantity":
            continue
        weight = 0.3 if edge["predicate"] == "mentionedIn" else 1.0
        if undirected.has_edge(u, v):
            weight = max(weight, undirected[u][v]["weight"])
        undirected.add_edge(u, v, weight=weight)
    parts = sorted(
        (sorted(part) for part in nx.connected_components(undirected)), key=lambda p: (-len(p), p)
    )
    placed = [_spring(_ordered(undirected, part)) for part in parts]
    positions = _pack(placed)
    positions.update(_rings(nodes, edges, positions))
    return {n: (round(x, 1) + 0.0, round(y, 1) + 0.0) for n, (x, y) in positions.items()}


def _ordered(graph: nx.Graph, nodes: list[str]) -> nx.Graph:
    """A copy of part of `graph` whose nodes and edges iterate in sorted order (a subgraph
    view iterates in set order, which changes with hash randomisation)."""
    part = nx.Graph()
    part.add_nodes_from(nodes)
    part.add_edges_from(sorted((*sorted((u, v)), d) for u, v, d in graph.edges(nodes, data=True)))
    return part


def _spring(part: nx.Graph) -> dict[str, Position]:
    if len(part) == 1:
        return {next(iter(part)): (0.0, 0.0)}
    spread = 55 * math.sqrt(len(part))
    found = nx.spring_layout(
        part, seed=7, iterations=300, k=2.2 / math.sqrt(len(part)), weight="weight"
    )
    return {n: (float(x) * spread, float(y) * spread) for n, (x, y) in sorted(found.items())}


def _pack(parts: list[dict[str, Position]], gap: float = 90) -> dict[str, Position]:
    """Parts side by side in rows about as wide as the whole is tall (shelf packing)."""
    boxes = []
    for part in parts:
        xs = [x for x, _ in part.values()]
        ys = [y for _, y in part.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + gap, max(ys) - min(ys) + gap))
    width = max(
        max((b[2] for b in boxes), default=0), 1.3 * math.sqrt(sum(b[2] * b[3] for b in boxes))
    )
    positions: dict[str, Position] = {}
    x = y = row = 0.0
    for part, (left, top, w, h) in zip(parts, boxes, strict=True):
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        for node, (px, py) in part.items():
            positions[node] = (px - left + x, py - top + y)
        x, row = x + w, max(row, h)
    return positions


def _rings(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], positions: dict[str, Position]
) -> dict[str, Position]:
    """Each quantity near its place (else its document), on rings around it."""
    types = {n["id"]: n["type"] for n in nodes}
    anchors: dict[str, list[str]] = defaultdict(list)
    loose: list[str] = []
    for node in (n["id"] for n in nodes if n["kind"] == "quantity"):
        linked = sorted(
            (0 if types[e["target"]] == "Place" else 1, e["target"])
            for e in edges
            if e["source"] == node and e["target"] in positions
        )
        if linked:
            anchors[linked[0][1]].append(node)
        else:
            loose.append(node)
    placed: dict[str, Position] = {}
    for anchor, members in sorted(anchors.items()):
        ax, ay = positions[anchor]
        ring, slot, slots = 0, 0, 10
        for node in members:
            if slot == slots:
                ring, slot, slots = ring + 1, 0, slots + 4
            angle = 2 * math.pi * (slot + 0.5 * (ring % 2)) / slots
            radius = 80 + 45 * ring
            placed[node] = (ax + radius * math.cos(angle), ay + radius * math.sin(angle))
            slot += 1
    bottom = max((y for _, y in positions.values()), default=0.0) + 120
    for index, node in enumerate(loose):
        row, column = divmod(index, 20)
        placed[node] = (40.0 * column, bottom + 40.0 * row)
    return placed


def _core_view(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> list[str]:
    """Agencies and programmes, and the entities and documents linked to them."""
    kind = {n["id"]: n["kind"] for n in nodes}
    core = {n["id"] for n in nodes if n["type"] in CORE_TYPES}
    start = set(core)
    for edge in edges:
        for a, b in ((edge["source"], edge["target"]), (edge["target"], edge["source"])):
            if a in core and kind[b] != "quantity":
                start.add(b)
    return sorted(start)


def _select(store: ox.Store, query: str) -> ox.QuerySolutions:
    answer = store.query(_PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    return answer
