"""Analytics: what a network view of the graph tells an analyst — how much of
each thing there is, which agencies sit at the centre of the work, how the graph
falls apart into components, and which agencies work together on tasks.

Every function takes the networkx graph of `kg.network.graph_to_networkx`, so
the same calls work in a notebook:

    >>> from rdflib import Graph
    >>> from kg import graph_to_networkx
    >>> from kg.analytics import central_agencies
    >>> network = graph_to_networkx(Graph().parse("exports/policy-kg.ttl"))
    >>> central_agencies(network, top=3)          # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

ENTITY_TYPES = ("Agency", "Hospital", "Programme", "Task", "Person", "Place", "Organization")
WORK_TYPES = ("Agency", "Task", "Programme")
DUTY_PREDICATES = ("leadAgency", "responsibleAgency")


@dataclass(frozen=True, slots=True)
class Centrality:
    node: str
    label: str
    degree: float
    betweenness: float


@dataclass(frozen=True, slots=True)
class Partnership:
    """Two agencies named together on `tasks` tasks, `co_led` of which both lead."""

    first: str
    second: str
    tasks: int
    co_led: int


def count_types(network: nx.MultiDiGraph) -> dict[str, int]:
    """Nodes per type (entities, quantities, documents), largest first."""
    counts = Counter(attrs["type"] for _, attrs in network.nodes(data=True) if attrs["type"])
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def count_predicates(network: nx.MultiDiGraph) -> dict[str, int]:
    """Links per predicate between named things, largest first."""
    counts = Counter(data["predicate"] for _, _, data in network.edges(data=True))
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def work_graph(network: nx.MultiDiGraph) -> nx.Graph:
    """The undirected agency–task–programme graph that centrality is measured on."""
    nodes = [n for n, a in network.nodes(data=True) if a["type"] in WORK_TYPES]
    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from(sorted((u, v) for u, v in network.subgraph(nodes).edges() if u != v))
    return graph


def central_agencies(network: nx.MultiDiGraph, top: int = 10) -> list[Centrality]:
    """Agencies ranked by betweenness, then degree, on the work graph."""
    graph = work_graph(network)
    if graph.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(graph)
    betweenness = nx.betweenness_centrality(graph)
    agencies = [n for n in graph if network.nodes[n]["type"] == "Agency"]
    ranked = sorted(agencies, key=lambda n: (-betweenness[n], -degree[n], n))
    return [
        Centrality(n, network.nodes[n]["label"], degree[n], betweenness[n]) for n in ranked[:top]
    ]


def components(network: nx.MultiDiGraph) -> list[list[str]]:
    """Weakly connected components of the entity graph (documents and quantities
    left out, so that a shared document does not join everything), largest first."""
    entities = [n for n, a in network.nodes(data=True) if a["type"] in ENTITY_TYPES]
    parts = nx.weakly_connected_components(network.subgraph(entities))
    return sorted((sorted(part) for part in parts), key=lambda part: (-len(part), part[0]))


def partnerships(network: nx.MultiDiGraph) -> list[Partnership]:
    """Pairs of agencies responsible for the same tasks, most shared first."""
    shared: Counter[tuple[str, str]] = Counter()
    co_led: Counter[tuple[str, str]] = Counter()
    for task, attrs in network.nodes(data=True):
        if attrs["type"] != "Task":
            continue
        duties = {
            (v, d["predicate"])
            for _, v, d in network.out_edges(task, data=True)
            if d["predicate"] in DUTY_PREDICATES
        }
        agencies = sorted({agency for agency, _ in duties})
        leads = sorted({agency for agency, p in duties if p == "leadAgency"})
        shared.update(combinations(agencies, 2))
        co_led.update(combinations(leads, 2))
    return [
        Partnership(a, b, n, co_led[(a, b)])
        for (a, b), n in sorted(shared.items(), key=lambda item: (-item[1], item[0]))
    ]


def format_stats(network: nx.MultiDiGraph, top: int = 10) -> str:
    def label(node: str) -> str:
        return str(network.nodes[node]["label"])

    lines = ["nodes by type:"]
    lines += [f"  {name:<24}{count:>7}" for name, count in count_types(network).items()]
    lines.append("links by predicate:")
    lines += [f"  {name:<24}{count:>7}" for name, count in count_predicates(network).items()]
    lines.append(f"most central agencies (agency–task–programme graph, top {top}):")
    lines += [
        f"  {c.betweenness:>7.3f} betweenness {c.degree:>7.3f} degree  {c.label}"
        for c in central_agencies(network, top)
    ]
    parts = components(network)
    sizes = ", ".join(str(len(p)) for p in parts[:10]) + (" …" if len(parts) > 10 else "")
    lines.append(f"connected components: {len(parts)} (sizes {sizes})")
    lines.append(f"agencies that share tasks (top {top}; co-led in brackets):")
    lines += [
        f"  {p.tasks:>4} ({p.co_led})  {label(p.first)} + {label(p.second)}"
        for p in partnerships(network)[:top]
    ]
    return "\n".join(lines)
