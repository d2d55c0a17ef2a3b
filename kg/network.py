"""Network: the RDF graph as a networkx `MultiDiGraph`, for traversal and analytics.

Nodes are the named things (documents, entities, quantities); literal values
become node attributes, and links between things become edges labelled with
their predicate. Ontology declarations are left out: they describe the
vocabulary, not the world."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.vocab import ID, NIF


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


PROVENANCE_TYPES = frozenset({NIF.Phrase, NIF.Sentence, RDF.Statement})


def graph_to_networkx(graph: Graph, *, provenance: bool = False) -> nx.MultiDiGraph:
    """Every data node with attributes `iri`, `type`, `label` (preferred label) and
    `labels` ({lang: label}); every node-to-node triple as an edge with `predicate`.

    Provenance nodes (text spans, sentences, reified statements) are left out
    unless `provenance` is true: they would swamp any network measure."""
    network = nx.MultiDiGraph()
    data_prefix = str(ID)
    hidden = (
        set()
        if provenance
        else {str(s) for s, o in graph.subject_objects(RDF.type) if o in PROVENANCE_TYPES}
    )
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for subject, obj in graph.subject_objects(RDFS.label):
        if str(subject).startswith(data_prefix) and isinstance(obj, Literal):
            labels[str(subject)].setdefault(obj.language or "", str(obj))
    for subject, predicate, obj in sorted(graph):
        s = str(subject)
        if not s.startswith(data_prefix) or s in hidden or str(obj) in hidden:
            continue
        if s not in network:
            network.add_node(s, iri=s, type="", label="", labels=labels.get(s, {}), alt_labels=[])
        if predicate == RDF.type:
            network.nodes[s]["type"] = local_name(str(obj))
        elif isinstance(obj, URIRef) and str(obj).startswith(data_prefix):
            if str(obj) not in network:
                network.add_node(
                    str(obj),
                    iri=str(obj),
                    type="",
                    label="",
                    labels=labels.get(str(obj), {}),
                    alt_labels=[],
                )
            network.add_edge(
                s, str(obj), key=local_name(str(predicate)), predicate=local_name(str(predicate))
            )
        elif predicate == SKOS.altLabel:
            network.nodes[s]["alt_labels"].append(str(obj))
        elif isinstance(obj, Literal) and predicate != RDFS.label:
            network.nodes[s][local_name(str(predicate))] = str(obj)
    for node, attrs in network.nodes(data=True):
        names = attrs["labels"]
        attrs["label"] = (
            names.get("en")
            or names.get("zh")
            or next(iter(names.values()), "")
            or attrs.get("fileName", "")
            or attrs.get("indicator", "")
            or local_name(node)
        )
    return network


def find_nodes(network: nx.MultiDiGraph, label: str) -> list[str]:
    """Nodes whose label, other-language label or alias equals `label` (case-insensitive),
    else those whose label contains it."""
    wanted = label.casefold()

    def names(attrs: dict) -> list[str]:
        return [*attrs["labels"].values(), *attrs["alt_labels"], attrs["label"]]

    exact = [
        n for n, a in network.nodes(data=True) if any(x.casefold() == wanted for x in names(a))
    ]
    if exact:
        return sorted(exact)
    return sorted(
        n for n, a in network.nodes(data=True) if any(wanted in x.casefold() for x in names(a))
    )


def neighbours(network: nx.MultiDiGraph, node: str) -> list[tuple[str, str, str]]:
    """(direction, predicate, other node) for every edge at `node`, sorted."""
    out = [("->", d["predicate"], v) for _, v, d in network.out_edges(node, data=True)]
    inc = [("<-", d["predicate"], u) for u, _, d in network.in_edges(node, data=True)]
    return sorted(out + inc, key=lambda e: (e[0], e[1], network.nodes[e[2]]["label"]))


def shortest_path(
    network: nx.MultiDiGraph, source: str, target: str
) -> list[tuple[str, str | None]]:
    """The shortest chain of nodes linking `source` and `target` in either direction,
    each with the predicate of the edge that leads to it (None for the first)."""
    undirected = network.to_undirected(as_view=True)
    nodes = nx.shortest_path(undirected, source, target)
    steps: list[tuple[str, str | None]] = [(nodes[0], None)]
    for u, v in zip(nodes, nodes[1:], strict=False):
        data = network.get_edge_data(u, v) or network.get_edge_data(v, u) or {}
        predicate = sorted(d["predicate"] for d in data.values())[0] if data else "?"
        arrow = f"{predicate} ->" if network.has_edge(u, v) else f"<- {predicate}"
        steps.append((v, arrow))
    return steps
