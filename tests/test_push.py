"""`kg push` against two real SPARQL 1.1 Graph Store servers, Oxigraph server and Virtuoso,
each started on a free loopback port in a temporary folder by scripts/services/ and always
stopped again. The pushed seeds graph is read back over the server's SPARQL endpoint: the
same number of triples, and every example query in queries/ gives the same rows as the
local Oxigraph engine."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import load_script
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.cli import main
from kg.errors import KGError
from kg.push import DEFAULT_GRAPH_IRI, graph_store_url, push_graph, read_quads
from kg.query import open_store, run_query
from kg.store import LABELS_GRAPH, ONTOLOGY_GRAPH

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ROOT / "scripts" / "services"
QUERY_FILES = sorted((ROOT / "queries").glob("*.rq"))
DECOY_GRAPH = "urn:policy-kg:test:decoy"
# What a query sees outside the pushed graph: if a server ignored the restriction to the
# pushed graph, lead_agencies.rq and others would list this agency.
DECOY = b"""<urn:decoy:task> a <https://w3id.org/policy-kg/ontology#Task> ;
    <https://w3id.org/policy-kg/ontology#leadAgency> <urn:decoy:agency> .
<urn:decoy:agency> a <https://w3id.org/policy-kg/ontology#Agency> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "Decoy agency"@en .
"""


update_readme = load_script("update_readme")


# ------------------------------------------------------------------ servers


@dataclass(frozen=True)
class Server:
    name: str
    base: str  # http://127.0.0.1:PORT
    graph_store: str  # the Graph Store endpoint kg push writes to
    sparql: str  # the SPARQL query endpoint
    auth: tuple[str, str] | None = None

    def push_args(self) -> list[str]:
        return ["--user", self.auth[0], "--password", self.auth[1]] if self.auth else []


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(script: str, folder: Path, ports: int) -> list[int]:
    """Run `script start FOLDER PORT...` on free ports (a few tries: another program may
    take a port between the probe and the start); the ports it runs on."""
    errors = []
    for _ in range(3):
        chosen = [_free_port() for _ in range(ports)]
        run = subprocess.run(
            [str(SERVICES / script), "start", str(folder), *map(str, chosen)],
            capture_output=True,
            text=True,
            timeout=240,
        )
        if run.returncode == 0:
            return chosen
        errors.append(run.stderr.strip())
        _stop(script, folder)
    pytest.fail(f"{script} did not start:\n" + "\n".join(errors))


def _stop(script: str, folder: Path) -> None:
    subprocess.run([str(SERVICES / script), "stop", str(folder)], timeout=60, check=True)


def _skip_without_oxigraph() -> None:
    if not (Path(sys.executable).parent / "oxigraph").exists() and not shutil.which("oxigraph"):
        pytest.skip("the Oxigraph server program is not installed (pip install oxigraph)")


@contextmanager
def _oxigraph(folder: Path) -> Iterator[Server]:
    try:
        (port,) = _start("oxigraph.sh", folder, 1)
        base = f"http://127.0.0.1:{port}"
        yield Server("oxigraph", base, f"{base}/store", f"{base}/query")
    finally:
        _stop("oxigraph.sh", folder)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _skip_without_oxigraph()
    with _oxigraph(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        pytest.skip(
            "Virtuoso (virtuoso-t, isql-vt) is not installed: run scripts/system-deps/virtuoso.sh"
        )
    folder = tmp_path_factory.mktemp("virtuoso")
    try:
        port, _sql_port = _start("virtuoso.sh", folder, 2)
        base = f"http://127.0.0.1:{port}"
        # the endpoint with digest authentication as dba; the anonymous /sparql-graph-crud,
        # opened by the start script, is used for the per-document push below
        yield Server(
            "virtuoso", base, f"{base}/sparql-graph-crud-auth", f"{base}/sparql", ("dba", "dba")
        )
    finally:
        _stop("virtuoso.sh", folder)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    return request.getfixturevalue(f"{request.param}_server")


# ------------------------------------------------------------------ helpers


def _select(endpoint_url: str, sparql: str, graph_iri: str | None = None) -> dict:
    endpoint = SPARQLWrapper(endpoint_url)
    endpoint.setQuery(sparql)
    endpoint.setReturnFormat(JSON)
    endpoint.setMethod(POST)
    if graph_iri is not None:  # the protocol's default-graph-uri: the query sees this graph
        endpoint.addDefaultGraph(graph_iri)
    answer = endpoint.queryAndConvert()
    assert isinstance(answer, dict)
    return answer


def remote_rows(server: Server, sparql: str, graph_iri: str) -> tuple[tuple[str, ...], tuple]:
    """Variables and rows as kg.query.run_query gives them: each cell the term's lexical
    form (a string, whatever its datatype or language tag) or None when unbound. Nothing
    else is normalised: a number, date or label written differently is a difference."""
    answer = _select(server.sparql, sparql, graph_iri)
    variables = tuple(answer["head"]["vars"])
    rows = tuple(
        tuple(binding[v]["value"] if v in binding else None for v in variables)
        for binding in answer["results"]["bindings"]
    )
    return variables, rows


def count_triples(server: Server, graph_iri: str, ground_only: bool = False) -> int:
    condition = "FILTER (!isBlank(?s) && !isBlank(?o))" if ground_only else ""
    sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o {condition} }} }}"
    return int(_select(server.sparql, sparql)["results"]["bindings"][0]["n"]["value"])


def graph_counts(server: Server, graph_iris: set[str]) -> dict[str, int]:
    """Triples in each of `graph_iris` on the server (the server's other graphs left out)."""
    sparql = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    bindings = _select(server.sparql, sparql)["results"]["bindings"]
    counts = {b["g"]["value"]: int(b["n"]["value"]) for b in bindings}
    return {iri: counts.get(iri, 0) for iri in graph_iris}


def kg_push(server: Server, *args: str, url: str | None = None) -> int:
    auth = server.push_args() if url is None else []
    return main(["push", url or server.graph_store, "--quiet", *auth, *args])


def local_counts(quads: list[ox.Quad]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for quad in set(quads):
        assert isinstance(quad.graph_name, ox.NamedNode)
        counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    return counts


@pytest.fixture(scope="module")
def local_store(seeds_graph_file: Path) -> ox.Store:
    """The seeds graph (built once per session by conftest with build_graph_from_paths),
    in the local Oxigraph engine: what every server is compared with."""
    return open_store(seeds_graph_file)


@pytest.fixture(scope="module")
def push_seeds(seeds_graph_file: Path):
    """Push (once per server, by the command line) the seeds graph into the default named
    graph, next to a decoy graph the queries must not see; gives the graph IRI."""
    done: set[str] = set()

    def push(server: Server) -> str:
        if server.name not in done:
            status = push_graph(server.graph_store, DECOY, DECOY_GRAPH, auth=server.auth)
            assert status in (200, 201, 204)
            assert kg_push(server, "--graph", str(seeds_graph_file)) == 0
            done.add(server.name)
        return DEFAULT_GRAPH_IRI

    return push


@pytest.fixture(scope="module")
def seeds_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working store (`kg add seeds`): one named graph per document, ontology, labels."""
    folder = tmp_path_factory.mktemp("store") / "kg"
    assert main(["add", str(ROOT / "seeds"), "--store", str(folder), "--quiet"]) == 0
    return folder


@pytest.fixture(scope="module")
def store_quads(seeds_store_dir: Path) -> list[ox.Quad]:
    from kg.store import KnowledgeStore

    store = KnowledgeStore(seeds_store_dir)
    quads = store.exported_quads()
    del store  # closes the store: kg push opens it again
    return quads


# ------------------------------------------------------------------ tests


def test_graph_store_url_names_the_graph():
    assert (
        graph_store_url("http://h:1/store", "urn:a b#c") == "http://h:1/store?graph=urn%3Aa+b%23c"
    )
    assert graph_store_url("http://h:1/ds/data?x=1", None) == "http://h:1/ds/data?x=1&default"
    with pytest.raises(KGError, match="not an http"):
        graph_store_url("ftp://h/store", None)


def test_pushed_graph_has_exactly_the_local_triples(server, push_seeds, local_store):
    graph_iri = push_seeds(server)
    assert len(local_store) > 5000  # the seeds graph, not a stub
    assert count_triples(server, graph_iri) == len(local_store)
    assert count_triples(server, DECOY_GRAPH) == 4


def test_replace_twice_keeps_the_count(server, seeds_graph_file, local_store):
    graph_iri = "urn:policy-kg:test:replace"
    for _ in range(2):
        assert kg_push(server, "--graph", str(seeds_graph_file), "--graph-iri", graph_iri) == 0
        assert count_triples(server, graph_iri) == len(local_store)


def test_add_after_replace_doubles_nothing(server, seeds_graph_file, local_store, tmp_path):
    """POST is an RDF merge: the same ground triples again change nothing. Blank nodes
    (the ontology's owl:unionOf lists) are new nodes in each request, by RDF semantics,
    so their triples are there twice: a count of ground triples shows it."""
    graph_iri = "urn:policy-kg:test:add"
    quads = read_quads(seeds_graph_file)
    ground = [q for q in quads if not isinstance(q.subject, ox.BlankNode)]
    ground = [q for q in ground if not isinstance(q.object, ox.BlankNode)]
    blank_triples = len(quads) - len(ground)
    assert kg_push(server, "--graph", str(seeds_graph_file), "--graph-iri", graph_iri) == 0
    assert count_triples(server, graph_iri) == len(local_store)
    assert kg_push(server, "--graph", str(seeds_graph_file), "--graph-iri", graph_iri, "--add") == 0
    assert count_triples(server, graph_iri, ground_only=True) == len(local_store) - blank_triples
    assert count_triples(server, graph_iri) == len(local_store) + blank_triples

    # a graph without blank nodes: the count after --add is exactly the count before
    ground_file = tmp_path / "ground.nt"
    ground_file.write_bytes(
        "".join(sorted({f"{q.subject} {q.predicate} {q.object} .\n" for q in ground})).encode()
    )
    ground_iri = "urn:policy-kg:test:add-ground"
    assert kg_push(server, "--graph", str(ground_file), "--graph-iri", ground_iri) == 0
    assert count_triples(server, ground_iri) == len(local_store) - blank_triples
    for _ in range(2):
        assert kg_push(server, "--graph", str(ground_file), "--graph-iri", ground_iri, "--add") == 0
        assert count_triples(server, ground_iri) == len(local_store) - blank_triples


def _query_cases() -> list:
    cases = []
    for server_name in ("oxigraph", "virtuoso"):
        for path in QUERY_FILES:
            cases.append(pytest.param(server_name, path, id=f"{server_name}-{path.stem}"))
    return cases


@pytest.mark.parametrize(("server_name", "path"), _query_cases())
def test_example_query_gives_the_local_rows(
    server_name: str, path: Path, request: pytest.FixtureRequest, push_seeds, local_store
):
    server = request.getfixturevalue(f"{server_name}_server")
    graph_iri = push_seeds(server)
    sparql = update_readme.read_query_file(path).sparql
    expected = run_query(local_store, sparql)
    variables, rows = remote_rows(server, sparql, graph_iri)
    assert variables == expected.variables
    assert rows, f"{path.name} returns no rows on {server.name}"
    assert list(rows) == list(expected.rows)


def test_per_document_push_fills_each_graph(server, seeds_store_dir, store_quads):
    # Virtuoso: through the anonymous endpoint the start script opened for writing
    url = f"{server.base}/sparql-graph-crud" if server.name == "virtuoso" else None
    expected = local_counts(store_quads)
    assert str(ONTOLOGY_GRAPH.value) in expected and str(LABELS_GRAPH.value) in expected
    assert len(expected) > 3  # documents too
    for _ in range(2):  # replacing each graph again changes nothing
        assert kg_push(server, "--store", str(seeds_store_dir), "--per-document", url=url) == 0
        assert graph_counts(server, set(expected)) == expected


def test_dataset_push_as_nquads_on_oxigraph(tmp_path, seeds_store_dir, store_quads):
    _skip_without_oxigraph()
    expected = local_counts(store_quads)
    with _oxigraph(tmp_path / "oxigraph") as server:
        assert kg_push(server, "--store", str(seeds_store_dir), "--dataset") == 0
        assert graph_counts(server, set(expected)) == expected
        assert push_graph(server.graph_store, DECOY, DECOY_GRAPH) == 201
        # --replace with --dataset replaces the whole store: the decoy goes
        assert kg_push(server, "--store", str(seeds_store_dir), "--dataset", "--replace") == 0
        assert graph_counts(server, set(expected) | {DECOY_GRAPH}) == expected | {DECOY_GRAPH: 0}


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("kg: error: ")
    assert "Traceback" not in captured.err
    return lines[0]


def test_connection_refused_is_one_line_and_status_2(seeds_graph_file, capsys):
    port = _free_port()  # nothing listens there
    url = f"http://127.0.0.1:{port}/store"
    assert main(["push", url, "--graph", str(seeds_graph_file)]) == 2
    line = _one_error_line(capsys)
    assert "connection refused" in line and f"127.0.0.1:{port}" in line


def test_http_error_is_one_line_and_status_2(server, seeds_graph_file, capsys):
    url = f"{server.base}/no-such-endpoint"
    assert main(["push", url, "--graph", str(seeds_graph_file), *server.push_args()]) == 2
    # Oxigraph: 404 Not Found; Virtuoso: 501 Method Not Implemented
    assert re.search(r"HTTP [45]\d\d ", _one_error_line(capsys))


def test_virtuoso_refuses_a_push_without_credentials(virtuoso_server, seeds_graph_file, capsys):
    url = virtuoso_server.graph_store  # /sparql-graph-crud-auth
    assert main(["push", url, "--graph", str(seeds_graph_file)]) == 2
    assert "HTTP 401" in _one_error_line(capsys)
    assert main(["push", url, "--graph", str(seeds_graph_file), "-u", "dba", "-p", "wrong"]) == 2
    assert "HTTP 401" in _one_error_line(capsys)
