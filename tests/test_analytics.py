"""networkx analytics: counts, centrality, components and partnerships."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from kg import graph_to_networkx
from kg.analytics import (
    central_agencies,
    components,
    count_predicates,
    count_types,
    partnerships,
    work_graph,
)

ROOT = Path(__file__).resolve().parent.parent


def tiny_network() -> nx.MultiDiGraph:
    """Two tasks: A leads t1 with B; A and C co-lead t2; D is alone."""
    network = nx.MultiDiGraph()
    for node, type_ in (
        ("a", "Agency"),
        ("b", "Agency"),
        ("c", "Agency"),
        ("d", "Agency"),
        ("t1", "Task"),
        ("t2", "Task"),
        ("doc", "Document"),
    ):
        network.add_node(node, type=type_, label=node.upper())
    for task, agency, predicate in (
        ("t1", "a", "leadAgency"),
        ("t1", "b", "responsibleAgency"),
        ("t2", "a", "leadAgency"),
        ("t2", "c", "leadAgency"),
    ):
        network.add_edge(task, agency, predicate=predicate)
    for node in ("a", "b", "c", "d", "t1", "t2"):
        network.add_edge(node, "doc", predicate="mentionedIn")
    return network


def test_analytics_counts() -> None:
    network = tiny_network()
    assert count_types(network) == {"Agency": 4, "Task": 2, "Document": 1}
    assert count_predicates(network) == {"mentionedIn": 6, "leadAgency": 3, "responsibleAgency": 1}


def test_analytics_central_agency_is_the_one_joining_tasks() -> None:
    ranked = central_agencies(tiny_network(), top=2)
    assert ranked[0].node == "a" and ranked[0].betweenness > ranked[1].betweenness
    assert "doc" not in work_graph(tiny_network())


def test_analytics_components_ignore_the_shared_document() -> None:
    assert components(tiny_network()) == [["a", "b", "c", "t1", "t2"], ["d"]]


def test_analytics_partnerships_count_shared_and_co_led_tasks() -> None:
    found = {(p.first, p.second): (p.tasks, p.co_led) for p in partnerships(tiny_network())}
    assert found == {("a", "b"): (1, 0), ("a", "c"): (1, 1)}


@pytest.mark.parametrize("top", [3])
def test_analytics_on_the_seeds_and_cli(top: int) -> None:
    network = graph_to_networkx(Graph().parse(ROOT / "exports" / "policy-kg.ttl"))
    assert "Phrase" not in count_types(network)
    best = central_agencies(network, top=top)
    assert best[0].label == "Municipal Health and Family Planning Commission"
    result = subprocess.run(
        [sys.executable, "-m", "kg", "stats", "--top", str(top)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "most central agencies" in result.stdout
    assert "Municipal Health and Family Planning Commission" in result.stdout
