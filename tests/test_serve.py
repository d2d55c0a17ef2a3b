"""`kg serve`: the read-only SPARQL endpoint and query page, end to end over loopback.

One store is built from the seeds; `kg serve` runs on it as a subprocess on a free
loopback port for the module and is always stopped at the end."""

from __future__ import annotations

import html
import json
import re
import select
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TURTLE, SPARQLWrapper

from kg.serve import (
    DEFAULT_BIND,
    GRAPH_TYPES,
    RESULT_TYPES,
    example_queries,
    is_loopback,
    looks_like_update,
    negotiate,
    parse_bind,
)
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

TIMEOUT = 2.0  # the server's --timeout
LIMIT = 1000  # the server's --limit
PKG = "https://w3id.org/policy-kg/ontology#"
COUNT_DOCUMENTS = f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a <{PKG}Document> }}"
# every triple three times over: far too much to finish within the time limit
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
KG = Path(sys.executable).parent / "kg"


@dataclass(frozen=True)
class Server:
    url: str
    store: Path
    process: subprocess.Popen[bytes]

    @property
    def endpoint(self) -> str:
        return self.url + "sparql"


def _build_store(folder: Path) -> None:
    from kg.pipeline import BuildReport, add_paths
    from kg.store import KnowledgeStore

    store = KnowledgeStore(folder)
    add_paths(store, [SEEDS], BuildReport())
    store.flush()
    del store


def _first_line(process: subprocess.Popen[bytes], seconds: float) -> str:
    """The first line `process` prints, waiting at most `seconds`."""
    assert process.stdout is not None
    deadline = time.monotonic() + seconds
    line = b""
    while not line.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        if ready:
            chunk = process.stdout.read1(4096)  # type: ignore[attr-defined]
            if not chunk:
                break
            line += chunk
        elif process.poll() is not None:
            break
    return line.decode("utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("serve")
    store = tmp / "store"
    _build_store(store)
    log = (tmp / "serve.log").open("wb")
    process = subprocess.Popen(
        [str(KG), "serve", "--store", str(store), "--bind", "127.0.0.1:0"]
        + ["--timeout", str(TIMEOUT), "--limit", str(LIMIT), "--queries", str(ROOT / "queries")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=log,
    )
    try:
        line = _first_line(process, 120)
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if match is None:
            log.flush()
            pytest.fail(f"kg serve did not start: {line!r} {(tmp / 'serve.log').read_text()}")
        yield Server(match.group(0), store, process)
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        assert process.stdout is not None
        process.stdout.close()
        log.close()


def get(
    url: str, accept: str | None = None, data: bytes | None = None, content_type: str = ""
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a request, error statuses included."""
    headers = {"Accept": accept} if accept else {}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def query_url(server: Server, sparql: str) -> str:
    return server.endpoint + "?" + urllib.parse.urlencode({"query": sparql})


def wrapper(server: Server, sparql: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(sparql)
    client.setReturnFormat(fmt)
    client.setTimeout(30)
    return client


def count_rows(server: Server, sparql: str) -> int:
    answer = wrapper(server, sparql, JSON).queryAndConvert()
    assert isinstance(answer, dict)
    return int(answer["results"]["bindings"][0]["n"]["value"])


# ------------------------------------------------------------------ answers


def test_select_in_json_and_csv_with_sparqlwrapper(server: Server) -> None:
    assert count_rows(server, COUNT_DOCUMENTS) == 5
    csv = wrapper(server, COUNT_DOCUMENTS, CSV).queryAndConvert()
    assert isinstance(csv, bytes)
    assert csv.decode("utf-8").split() == ["n", "5"]


def test_an_example_query_file_in_json_and_csv(server: Server) -> None:
    sparql = (ROOT / "queries" / "document_summary.rq").read_text("utf-8")
    answer = wrapper(server, sparql, JSON).queryAndConvert()
    assert isinstance(answer, dict)
    rows = answer["results"]["bindings"]
    assert len(rows) == 5
    files = sorted(row["file"]["value"] for row in rows)
    assert files == sorted(path.name for path in SEEDS.iterdir())
    csv = wrapper(server, sparql, CSV).queryAndConvert()
    assert isinstance(csv, bytes)
    lines = csv.decode("utf-8").strip().splitlines()
    assert lines[0].split(",")[0] == "file"
    assert len([line for line in lines if re.match(r"\d{3}_", line)]) == 5


def test_xml_and_tsv_by_accept_header(server: Server) -> None:
    status, headers, body = get(
        query_url(server, COUNT_DOCUMENTS), "application/sparql-results+xml"
    )
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+xml")
    namespace = "{http://www.w3.org/2005/sparql-results#}"
    literal = ET.fromstring(body).find(f"{namespace}results/{namespace}result/*/{namespace}literal")
    assert literal is not None and literal.text == "5"

    status, headers, body = get(query_url(server, COUNT_DOCUMENTS), "text/tab-separated-values")
    assert status == 200
    assert headers["Content-Type"].startswith("text/tab-separated-values")
    header, row = body.decode("utf-8").strip().splitlines()
    assert header == "?n"
    assert row.startswith("5") or row.startswith('"5"')


def test_the_client_preference_decides_the_format(server: Server) -> None:
    url = query_url(server, COUNT_DOCUMENTS)
    assert get(url)[1]["Content-Type"].startswith("application/sparql-results+json")
    assert get(url, "text/csv;q=0.5, text/tab-separated-values")[1]["Content-Type"].startswith(
        "text/tab-separated-values"
    )
    status, _headers, body = get(url, "image/png")
    assert status == 406
    assert b"text/csv" in body


def test_ask(server: Server) -> None:
    client = wrapper(server, f"ASK {{ ?d a <{PKG}Document> }}", JSON)
    assert client.queryAndConvert() == {"head": {}, "boolean": True}
    client = wrapper(server, f"ASK {{ ?d a <{PKG}NoSuchClass> }}", JSON)
    assert client.queryAndConvert()["boolean"] is False  # type: ignore[index]


def test_construct_in_turtle_and_json_ld(server: Server) -> None:
    sparql = f"CONSTRUCT {{ ?d ?p ?o }} WHERE {{ ?d a <{PKG}Document> ; ?p ?o }}"
    turtle = wrapper(server, sparql, TURTLE).queryAndConvert()
    assert isinstance(turtle, bytes)
    from_turtle = Graph().parse(data=turtle, format="turtle")
    client = wrapper(server, sparql, JSONLD)
    response = client.query().response
    assert response.headers["Content-Type"].startswith("application/ld+json")
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its own deprecated API
        warnings.simplefilter("ignore", DeprecationWarning)
        from_json_ld = set(Graph().parse(data=response.read(), format="json-ld"))
    assert len(from_turtle) > 5
    assert set(from_turtle) == from_json_ld


def test_describe(server: Server) -> None:
    status, headers, body = get(
        query_url(server, f"DESCRIBE ?d WHERE {{ ?d a <{PKG}Document> }} LIMIT 1"), "text/turtle"
    )
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) > 0


def test_post_forms_of_the_protocol(server: Server) -> None:
    form = urllib.parse.urlencode({"query": COUNT_DOCUMENTS}).encode()
    status, _h, body = get(server.endpoint, "text/csv", form, "application/x-www-form-urlencoded")
    assert (status, body.split()) == (200, [b"n", b"5"])
    status, _h, body = get(
        server.endpoint, "text/csv", COUNT_DOCUMENTS.encode(), "application/sparql-query"
    )
    assert (status, body.split()) == (200, [b"n", b"5"])


def test_invalid_query_is_a_clear_400(server: Server) -> None:
    status, _headers, body = get(query_url(server, "SELECT WHERE nonsense"))
    assert status == 400
    assert body.startswith(b"invalid SPARQL query")


# -------------------------------------------------------------- read-only


def test_update_is_refused_and_changes_nothing(server: Server) -> None:
    before = count_rows(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    insert = "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"
    client = SPARQLWrapper(server.endpoint)
    client.setMethod(POST)
    client.setQuery(insert)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    assert b"read-only" in refused.value.read()

    for data, content_type, url in [
        (insert.encode(), "application/sparql-update", server.endpoint),
        (urllib.parse.urlencode({"update": insert}).encode(), "", server.url + "update"),
        (urllib.parse.urlencode({"query": insert}).encode(), "", server.endpoint),
    ]:
        status, _headers, body = get(
            url, data=data, content_type=content_type or "application/x-www-form-urlencoded"
        )
        assert status == 403
        assert b"read-only" in body

    assert count_rows(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == before
    ask = wrapper(server, "ASK { <urn:x:s> ?p ?o }", JSON).queryAndConvert()
    assert ask["boolean"] is False  # type: ignore[index]


def test_the_registry_graph_is_not_served(server: Server) -> None:
    for sparql in [
        f"ASK {{ ?s <{PKG}sourcePath> ?o }}",
        f"ASK {{ GRAPH ?g {{ ?s <{PKG}sourcePath> ?o }} }}",
        "ASK { GRAPH <https://w3id.org/policy-kg/id/graph/registry> { ?s ?p ?o } }",
    ]:
        answer = wrapper(server, sparql, JSON).queryAndConvert()
        assert answer["boolean"] is False, sparql  # type: ignore[index]
    # ...though the working store holds it
    from kg.store import KnowledgeStore

    store = KnowledgeStore(server.store)  # free: the server answers from a snapshot
    assert all(document.source_path for document in store.documents())
    assert count_rows(server, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }") == len(
        store.exported_quads()
    )
    del store


# ----------------------------------------------------------------- limits


def test_a_pathological_query_is_cut_off_at_the_time_limit(server: Server) -> None:
    start = time.monotonic()
    status, _headers, body = get(query_url(server, CROSS_JOIN))
    elapsed = time.monotonic() - start
    assert status == 503
    assert b"time limit" in body
    assert elapsed < TIMEOUT + 3
    # and the server still answers
    assert count_rows(server, COUNT_DOCUMENTS) == 5


def test_answers_are_truncated_to_the_row_limit(server: Server) -> None:
    total = count_rows(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert total > LIMIT
    status, headers, body = get(query_url(server, "SELECT * WHERE { ?s ?p ?o }"))
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == LIMIT
    assert (headers["X-Result-Truncated"], headers["X-Result-Limit"]) == ("true", str(LIMIT))
    status, headers, body = get(query_url(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 7"))
    assert len(json.loads(body)["results"]["bindings"]) == 7
    assert headers["X-Result-Truncated"] == "false"
    status, headers, body = get(
        query_url(server, "CONSTRUCT WHERE { ?s ?p ?o }"), "application/n-triples"
    )
    assert len(body.decode("utf-8").strip().splitlines()) == LIMIT
    assert headers["X-Result-Truncated"] == "true"


def test_bind_defaults_to_loopback(server: Server) -> None:
    from kg.cli import make_parser

    args = make_parser().parse_args(["serve"])
    assert args.bind == DEFAULT_BIND
    assert is_loopback(parse_bind(args.bind)[0])
    assert parse_bind("[::1]:8080") == ("::1", 8080)
    assert not is_loopback(parse_bind("0.0.0.0:80")[0])
    assert server.url.startswith("http://127.0.0.1:")


# ------------------------------------------------------------------- page


def test_query_page_lists_the_examples_and_loads_nothing_from_elsewhere(server: Server) -> None:
    status, headers, body = get(server.url, "text/html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    examples = example_queries(ROOT / "queries")
    assert len(examples) == len(list((ROOT / "queries").glob("*.rq"))) > 0
    for example in examples:
        assert html.escape(example.title) in page
    assert re.findall(r"https?:|//[a-z0-9]", page, re.IGNORECASE) == []
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", page)
    assert references and all(ref.startswith("/") for ref in references)
    for reference in references:
        status, _headers, asset = get(server.url + reference.lstrip("/"))
        assert status == 200 and asset


def test_example_queries_as_json(server: Server) -> None:
    status, _headers, body = get(server.url + "queries")
    assert status == 200
    served = json.loads(body)
    assert [q["name"] for q in served] == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    for query in served:
        assert query["title"] and query["question"]
        assert query["query"] == (ROOT / "queries" / f"{query['name']}.rq").read_text("utf-8")


def _chromium() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return None
    return shutil.which("chromium")


@pytest.mark.skipif(_chromium() is None, reason="no chromium and playwright")
def test_in_a_browser_an_example_runs_with_one_click(server: Server) -> None:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(server.url)
            page.click("#examples button[data-query=document_summary]")
            page.wait_for_selector(".yasr table tbody tr", timeout=20_000)
            rows = page.locator(".yasr table tbody tr").count()
        finally:
            browser.close()
    assert rows == 5
    assert errors == []
    assert requests and all(url.startswith(server.url) for url in requests)


# ------------------------------------------------------------------- load


def _resident_kib(pid: int) -> int:
    """Resident memory of a process and its children (the Oxigraph server), in KiB."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
        pids += [int(child) for child in children]
    return total


def test_serve_under_concurrent_load_has_no_errors_and_flat_memory(server: Server) -> None:
    """A bounded load (loopback only): 8 clients × 3 rounds of every example query, with
    a pathological query among them, which the time limit cuts off."""
    from concurrent.futures import ThreadPoolExecutor

    examples = [q.query for q in example_queries(ROOT / "queries")]

    def client(_: int) -> list[int]:
        return [get(query_url(server, sparql))[0] for sparql in examples]

    def one_round() -> list[int]:
        with ThreadPoolExecutor(max_workers=9) as pool:
            slow = pool.submit(get, query_url(server, CROSS_JOIN))
            statuses = [s for batch in pool.map(client, range(8)) for s in batch]
            assert slow.result()[0] == 503
        return statuses

    one_round()  # warm caches before measuring
    before = _resident_kib(server.process.pid)
    statuses = [s for _ in range(3) for s in one_round()]
    after = _resident_kib(server.process.pid)
    assert statuses and set(statuses) == {200}
    assert after - before < 64 * 1024, (before, after)


# ------------------------------------------------------------------ units


def test_content_negotiation() -> None:
    json_results = RESULT_TYPES["application/sparql-results+json"]
    assert negotiate(None, RESULT_TYPES) == json_results
    assert negotiate("*/*", GRAPH_TYPES) == GRAPH_TYPES["text/turtle"]
    assert negotiate("text/csv, */*", RESULT_TYPES) == RESULT_TYPES["text/csv"]
    assert (
        negotiate("text/*;q=0.9, application/json;q=0.1", RESULT_TYPES) == RESULT_TYPES["text/csv"]
    )
    assert (
        negotiate("text/*, text/csv;q=0", RESULT_TYPES) == RESULT_TYPES["text/tab-separated-values"]
    )
    assert negotiate("image/png", RESULT_TYPES) is None
    # a browser's Accept gets XML for results, RDF/XML for graphs
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert negotiate(browser, RESULT_TYPES) == RESULT_TYPES["application/sparql-results+xml"]


def test_updates_are_recognised() -> None:
    assert looks_like_update("PREFIX a: <urn:a#>\n# note\nINSERT DATA { a:s a:p a:o }")
    assert looks_like_update("  delete where { ?s ?p ?o }")
    assert not looks_like_update("PREFIX a: <urn:a#> SELECT * WHERE { ?s a:insert ?o }")
