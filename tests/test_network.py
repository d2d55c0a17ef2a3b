"""networkx bridge and the `kg neighbours` / `kg path` / `kg query` commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from kg import graph_to_networkx
from kg.network import find_nodes, neighbours, shortest_path

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "exports" / "policy-kg.ttl"


@pytest.fixture(scope="module")
def network() -> nx.MultiDiGraph:
    return graph_to_networkx(Graph().parse(EXPORT))


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_network_nodes_carry_iri_type_and_labels(network: nx.MultiDiGraph) -> None:
    assert isinstance(network, nx.MultiDiGraph)
    types = {attrs["type"] for _, attrs in network.nodes(data=True)}
    assert {"Document", "Agency", "Task"} <= types
    for node, attrs in network.nodes(data=True):
        assert attrs["iri"] == node and attrs["label"], node
    bureau = find_nodes(network, "Municipal Finance Bureau")[0]
    assert network.nodes[bureau]["labels"] == {"en": "Municipal Finance Bureau"}


def test_network_edges_carry_predicates(network: nx.MultiDiGraph) -> None:
    predicates = {d["predicate"] for _, _, d in network.edges(data=True)}
    assert {"leadAgency", "responsibleAgency", "mentionedIn"} <= predicates
    bureau = find_nodes(network, "Municipal Finance Bureau")[0]
    incoming = {
        (p, network.nodes[o]["type"]) for d, p, o in neighbours(network, bureau) if d == "<-"
    }
    assert ("responsibleAgency", "Task") in incoming


def test_network_path_links_two_agencies_through_a_shared_node(network: nx.MultiDiGraph) -> None:
    a = find_nodes(network, "Municipal Finance Bureau")[0]
    b = find_nodes(network, "Municipal Development and Reform Commission")[0]
    steps = shortest_path(network, a, b)
    assert steps[0] == (a, None) and steps[-1][0] == b
    middle = steps[1][0]
    assert len(steps) == 3 and network.nodes[middle]["type"] in {"Task", "Document", "Place"}
    assert network.has_edge(middle, a) or network.has_edge(a, middle)
    assert network.has_edge(middle, b) or network.has_edge(b, middle)


def test_network_cli_neighbours_and_path() -> None:
    result = kg("neighbours", "Municipal Finance Bureau", "--graph", str(EXPORT))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Municipal Finance Bureau [Agency]")
    assert "<- responsibleAgency" in result.stdout
    result = kg(
        "path",
        "Municipal Finance Bureau",
        "Municipal Development and Reform Commission",
        "--graph",
        str(EXPORT),
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 3


def test_network_cli_unknown_label_is_one_line_error() -> None:
    result = kg("neighbours", "No Such Body Anywhere", "--graph", str(EXPORT))
    assert result.returncode == 2
    assert result.stderr.strip() == "kg: error: no node is labelled 'No Such Body Anywhere'"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_cli_formats(fmt: str) -> None:
    sparql = (
        "PREFIX pkg: <https://w3id.org/policy-kg/ontology#> "
        "SELECT (COUNT(?d) AS ?documents) WHERE { ?d a pkg:Document }"
    )
    result = kg("query", str(EXPORT), sparql, "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        bindings = json.loads(result.stdout)["results"]["bindings"]
        assert bindings == [{"documents": "5"}]
    elif fmt == "csv":
        assert result.stdout == "documents\n5\n"
    else:
        assert result.stdout.splitlines()[0].strip() == "documents"
        assert "(1 row)" in result.stdout


def test_query_cli_bad_sparql_is_one_line_error() -> None:
    result = kg("query", str(EXPORT), "SELECT WHERE {")
    assert result.returncode == 2
    assert result.stderr.startswith("kg: error: invalid SPARQL") and result.stderr.count("\n") == 1
