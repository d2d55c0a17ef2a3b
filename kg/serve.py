"""Serve: a read-only SPARQL 1.1 Protocol endpoint over the working store.

Oxigraph's own server (`oxigraph serve-read-only`, the `oxigraph` package)
evaluates the queries; this module is the glue around it:

* a snapshot: at start, the store's statements less its bookkeeping (the registry
  graph) are copied into a temporary Oxigraph store, which the server opens
  read-only, with the union of all graphs (documents, ontology, labels) as the
  default graph. The working store stays free for `kg add`; the endpoint answers
  from the state the store had when it started.
* a front (stdlib `ThreadingHTTPServer`) on the address people use, in front of
  the server on an internal loopback port. It refuses SPARQL Update (403), keeps
  the time limit (Oxigraph's `--timeout-s` cancels the evaluation; the front
  answers 503 at the limit whatever the engine does), cuts answers to the row
  limit, negotiates the result format (Oxigraph writes every format; the front
  only counts lines of its line-based output), and serves the query page (the
  YASGUI editor that the Oxigraph server bundles, configured to fetch nothing
  from elsewhere) with the example queries of `queries/`.
"""

from __future__ import annotations

import html
import http.client
import json
import math
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, TypeVar
from urllib.parse import parse_qs, urlencode, urlsplit

import pyoxigraph as ox

from kg.errors import KGError

DEFAULT_BIND = "127.0.0.1:7878"
DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000
MAX_REQUEST_BYTES = 1 << 20
ENDPOINT_PATHS = ("/sparql", "/query")
# the line-based formats the front asks Oxigraph for: one result row or triple a line
_UPSTREAM_ACCEPT = "text/tab-separated-values, application/n-triples;q=0.9"
_TSV = "text/tab-separated-values"
_NTRIPLES = "application/n-triples"
# the editor's files, as the Oxigraph server bundles them
EDITOR_ASSETS = {
    "/yasgui.min.js": "application/javascript",
    "/yasgui.min.css": "text/css",
    "/logo.svg": "image/svg+xml",
}
READ_ONLY = (
    "this SPARQL endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) "
    "is refused. Change the store with `kg add` / `kg remove`, then restart `kg serve`."
)

# Media types offered for each kind of answer, in order of preference (the first is
# the default); several names of one format are accepted.
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "text/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/x-json+ld": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
}

F = TypeVar("F")


# ------------------------------------------------------------------ queries


@dataclass(frozen=True, slots=True)
class ExampleQuery:
    name: str
    title: str
    question: str
    query: str


def example_queries(folder: Path | None) -> list[ExampleQuery]:
    """The queries `folder/*.rq`, each with its `# title:` and `# question:` lines."""
    if folder is None or not folder.is_dir():
        return []
    examples = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text("utf-8")
        head: dict[str, str] = {}
        for line in text.splitlines():
            match = re.match(r"#\s*(title|question):\s*(.*)", line)
            if match:
                head.setdefault(match.group(1), match.group(2).strip())
        examples.append(
            ExampleQuery(path.stem, head.get("title", path.stem), head.get("question", ""), text)
        )
    return examples


def default_queries_folder() -> Path | None:
    """`queries/` in the working folder, else the one beside the package (a checkout)."""
    for folder in (Path("queries"), Path(__file__).resolve().parent.parent / "queries"):
        if folder.is_dir():
            return folder
    return None


def prefixes() -> dict[str, str]:
    """The project's prefixes and the common W3C ones: for PREFIX completion in the editor."""
    from kg.vocab import PREFIXES

    return {
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "owl": "http://www.w3.org/2002/07/owl#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "dcterms": "http://purl.org/dc/terms/",
    } | {name: str(namespace) for name, namespace in PREFIXES.items()}


def turtle_prefixes(known: Mapping[str, str]) -> dict[str, str]:
    """The prefixes Turtle answers use: all but `id:` (its local names hold slashes,
    which Turtle would escape)."""
    return {name: namespace for name, namespace in known.items() if name != "id"}


_UPDATE_START = re.compile(
    r"(?:\s+|#[^\n]*|(?:PREFIX\s+[^\s:]*:\s*|BASE\s*)<[^>]*>)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


def looks_like_update(sparql: str) -> bool:
    return _UPDATE_START.match(sparql) is not None


# ------------------------------------------------------ content negotiation


def parse_accept(header: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their quality."""
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        quality = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality))
    return ranges


def negotiate(accept: str | None, offers: Mapping[str, F]) -> F | None:
    """The offered format the client prefers (RFC 9110: the most specific matching
    range gives a type its quality; ties go to the order of `offers`); None if none
    is acceptable. No Accept header accepts anything."""
    ranges = parse_accept(accept or "") or [("*/*", 1.0)]
    best: tuple[tuple[float, int, int], F] | None = None
    for index, (media, fmt) in enumerate(offers.items()):
        main = media.split("/")[0]
        match: tuple[float, int] | None = None
        for pattern, quality in ranges:
            if pattern == media:
                specificity = 2
            elif pattern == f"{main}/*":
                specificity = 1
            elif pattern == "*/*":
                specificity = 0
            else:
                continue
            if match is None or specificity > match[1]:
                match = (quality, specificity)
        if match is None or match[0] <= 0:
            continue
        key = (match[0], match[1], -index)
        if best is None or key > best[0]:
            best = (key, fmt)
    return best[1] if best else None


def _content_type(media_type: str) -> str:
    if media_type.startswith("text/") and "charset" not in media_type:
        return f"{media_type}; charset=utf-8"
    return media_type


# ------------------------------------------------------------- evaluation


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Answer:
    body: bytes
    content_type: str
    truncated: bool


@dataclass
class Settings:
    """What the front needs: where the engine listens, the limits, the examples."""

    upstream: tuple[str, int]
    timeout: float = DEFAULT_TIMEOUT
    limit: int = DEFAULT_LIMIT  # 0: no limit
    examples: list[ExampleQuery] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)


def _timeout_error(timeout: float) -> HttpError:
    return HttpError(
        503,
        f"the query ran longer than the time limit of {timeout:g} s and was cancelled "
        "(`kg serve --timeout`); narrow it down or add a LIMIT",
    )


def evaluate(
    settings: Settings,
    sparql: str,
    accept: str | None,
    graphs: list[tuple[str, str]] | None = None,
) -> Answer:
    """Run `sparql` on the engine and write its answer in the format `accept` asks for,
    cut to `settings.limit` rows (SELECT) or triples (CONSTRUCT, DESCRIBE)."""
    if negotiate(accept, RESULT_TYPES) is None and negotiate(accept, GRAPH_TYPES) is None:
        raise _not_acceptable()
    deadline = time.monotonic() + settings.timeout
    target = "/query" + (f"?{urlencode(graphs)}" if graphs else "")
    connection = http.client.HTTPConnection(*settings.upstream, timeout=settings.timeout)
    try:
        connection.request(
            "POST",
            target,
            body=sparql.encode("utf-8"),
            headers={
                "Content-Type": "application/sparql-query; charset=utf-8",
                "Accept": _UPSTREAM_ACCEPT,
            },
        )
        sock = connection.sock
        response = connection.getresponse()
        if response.status != 200:
            message = response.read(65536).decode("utf-8", "replace").strip()
            raise _engine_error(response.status, message, sparql, settings.timeout)
        kind = response.headers.get_content_type()
        if kind not in (_TSV, _NTRIPLES):
            raise HttpError(502, f"the SPARQL engine answered in an unexpected format ({kind})")
        wanted = settings.limit + (1 if kind == _TSV else 0) if settings.limit > 0 else None
        lines, truncated = _read_lines(response, sock, deadline, wanted)
    except TimeoutError:
        raise _timeout_error(settings.timeout) from None
    except (OSError, http.client.HTTPException) as exc:
        raise HttpError(502, f"the SPARQL engine failed ({type(exc).__name__}: {exc})") from None
    finally:
        connection.close()
    return _convert(kind, lines, truncated, accept, settings)


def _read_lines(
    response: http.client.HTTPResponse,
    sock: socket.socket | None,
    deadline: float,
    wanted: int | None,
) -> tuple[list[bytes], bool]:
    lines: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if sock is not None:
            sock.settimeout(remaining)
        line = response.readline()
        if not line:
            return lines, False
        if wanted is not None and len(lines) == wanted:
            return lines, True
        lines.append(line)


def _convert(
    kind: str, lines: list[bytes], truncated: bool, accept: str | None, settings: Settings
) -> Answer:
    data = b"".join(lines)
    try:
        if kind == _TSV:
            results = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
            result_format = negotiate(accept, RESULT_TYPES)
            if result_format is None:
                raise _not_acceptable()
            body = results.serialize(format=result_format)
            media_type = result_format.media_type
        else:
            triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
            graph_format = negotiate(accept, GRAPH_TYPES)
            if graph_format is None:
                raise _not_acceptable()
            turtle = graph_format == ox.RdfFormat.TURTLE
            body = ox.serialize(
                triples,
                format=graph_format,
                prefixes=turtle_prefixes(settings.prefixes) if turtle else None,
            )
            media_type = graph_format.media_type
    except SyntaxError:
        # Oxigraph reports an error met while streaming (a cancelled evaluation) as
        # text in the middle of the answer
        last = lines[-1].decode("utf-8", "replace").strip() if lines else ""
        if "cancelled" in last:
            raise _timeout_error(settings.timeout) from None
        raise HttpError(502, f"the SPARQL engine failed: {last or 'no answer'}") from None
    assert body is not None
    return Answer(body, _content_type(media_type), truncated)


def _not_acceptable() -> HttpError:
    return HttpError(
        406,
        "no acceptable format; SELECT and ASK answer in "
        + ", ".join(sorted(RESULT_TYPES))
        + "; CONSTRUCT and DESCRIBE in "
        + ", ".join(sorted(GRAPH_TYPES)),
    )


def _engine_error(status: int, message: str, sparql: str, timeout: float) -> HttpError:
    if "cancelled" in message or "timeout" in message.lower():
        return _timeout_error(timeout)
    if status == 400 and looks_like_update(sparql):
        return HttpError(403, READ_ONLY)
    if status == 400:
        return HttpError(400, f"invalid SPARQL query: {message}")
    return HttpError(502, f"the SPARQL engine answered {status}: {message}")


# ------------------------------------------------------------------ front


class SparqlFront(ThreadingHTTPServer):
    """The HTTP server people and programs talk to."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], settings: Settings) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.settings = settings
        self.assets: dict[str, bytes] = {}
        self.assets_lock = threading.Lock()
        super().__init__(address, FrontHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = str(host)
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def asset(self, path: str) -> bytes:
        """One of the editor's files, fetched once from the engine's server."""
        with self.assets_lock:
            if path not in self.assets:
                connection = http.client.HTTPConnection(*self.settings.upstream, timeout=30)
                try:
                    connection.request("GET", path)
                    response = connection.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as exc:
                    raise HttpError(502, f"{path}: cannot fetch the editor ({exc})") from None
                finally:
                    connection.close()
                if response.status != 200:
                    raise HttpError(502, f"{path}: the engine has no such file ({response.status})")
                self.assets[path] = body
            return self.assets[path]


class FrontHandler(BaseHTTPRequestHandler):
    server: SparqlFront
    server_version = "policy-kg"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self._route("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")

    def _route(self, method: str) -> None:
        url = urlsplit(self.path)
        settings = self.server.settings
        try:
            if url.path in ENDPOINT_PATHS:
                self._sparql(method, url.query)
            elif url.path == "/update":
                raise HttpError(403, READ_ONLY)
            elif method != "GET":
                raise HttpError(405, f"{method} {url.path}: not allowed")
            elif url.path in ("/", "/index.html"):
                self._send(200, "text/html; charset=utf-8", query_page(settings).encode("utf-8"))
            elif url.path == "/queries":
                examples = [
                    {"name": e.name, "title": e.title, "question": e.question, "query": e.query}
                    for e in settings.examples
                ]
                self._send_json(examples)
            elif url.path == "/prefixes.json":
                self._send_json(settings.prefixes)
            elif url.path in EDITOR_ASSETS:
                self._send(
                    200,
                    EDITOR_ASSETS[url.path],
                    self.server.asset(url.path),
                    {"Cache-Control": "max-age=3600"},
                )
            else:
                raise HttpError(
                    404, f"{url.path}: not found (the SPARQL endpoint is /sparql, the page /)"
                )
        except HttpError as exc:
            self._send(exc.status, "text/plain; charset=utf-8", f"{exc.message}\n".encode())

    def _sparql(self, method: str, query_string: str) -> None:
        params = parse_qs(query_string, keep_blank_values=True)
        if method == "POST":
            media_type = self.headers.get_content_type()
            if media_type == "application/sparql-update":
                raise HttpError(403, READ_ONLY)
            text = self._body()
            if media_type == "application/x-www-form-urlencoded":
                for name, values in parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(name, []).extend(values)
            elif media_type == "application/sparql-query":
                params.setdefault("query", []).append(text)
            else:
                raise HttpError(
                    415,
                    f"{media_type}: send the query as application/sparql-query "
                    "or as the `query` field of application/x-www-form-urlencoded",
                )
        if "update" in params:
            raise HttpError(403, READ_ONLY)
        queries = params.get("query", [])
        if not queries and method == "GET" and "text/html" in self.headers.get("Accept", ""):
            page = query_page(self.server.settings).encode("utf-8")
            self._send(200, "text/html; charset=utf-8", page)
            return
        if not queries:
            raise HttpError(400, "no query: give it as ?query=... or in a POST (SPARQL Protocol)")
        if len(queries) > 1:
            raise HttpError(400, "more than one query in the request")
        graphs = [
            (name, value)
            for name in ("default-graph-uri", "named-graph-uri")
            for value in params.get(name, [])
        ]
        answer = evaluate(self.server.settings, queries[0], self.headers.get("Accept"), graphs)
        limit = self.server.settings.limit
        headers = {"Vary": "Accept", "Cache-Control": "no-store"}
        if limit > 0:
            headers["X-Result-Limit"] = str(limit)
            headers["X-Result-Truncated"] = "true" if answer.truncated else "false"
        self._send(200, answer.content_type, answer.body, headers)

    def _body(self) -> str:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise HttpError(411, "a POST needs a Content-Length") from None
        if length > MAX_REQUEST_BYTES:
            raise HttpError(413, f"the request is over {MAX_REQUEST_BYTES} bytes")
        try:
            return self.rfile.read(length).decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "the request is not UTF-8") from None

    def _send_json(self, value: object) -> None:
        body = json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")
        self._send(200, "application/json", body)

    def _send(
        self,
        status: int,
        content_type: str,
        body: bytes,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


# ------------------------------------------------------------------- page

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>policy-kg SPARQL endpoint</title>
<link rel="icon" type="image/svg+xml" href="/logo.svg">
<link rel="stylesheet" href="/yasgui.min.css">
<style>
body { margin: 0; font-family: sans-serif; }
header { padding: 0.5em 1em; border-bottom: 1px solid #ccc; }
header h1 { font-size: 1.2em; margin: 0; }
header p { margin: 0.3em 0 0; color: #555; font-size: 0.9em; }
#main { display: flex; align-items: flex-start; }
#examples { width: 18em; flex: none; padding: 0.5em 1em; }
#examples h2 { font-size: 1em; }
#examples ul { list-style: none; padding: 0; margin: 0; }
#examples button { display: block; width: 100%; text-align: left; margin: 0 0 0.4em;
  padding: 0.4em; border: 1px solid #ccc; border-radius: 4px; background: #f8f8f8;
  cursor: pointer; }
#examples button:hover { background: #eef; }
#examples .question { display: block; font-size: 0.8em; color: #555; margin-top: 0.2em; }
#yasgui { flex: 1; min-width: 0; }
</style>
<script src="/yasgui.min.js"></script>
</head>
<body>
<header>
<h1>policy-kg SPARQL endpoint</h1>
<p>Read-only. Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol). The default graph is the
union of the document graphs, the ontology and the labels. Answers are cut at @LIMIT@;
queries stop after @TIMEOUT@ s.</p>
</header>
<div id="main">
<nav id="examples">
<h2>Example queries</h2>
<ul>
@EXAMPLES@
</ul>
</nav>
<div id="yasgui"></div>
</div>
<script>
(function () {
  "use strict";
  var endpoint = window.location.origin + "/sparql";
  // No look-ups elsewhere: prefixes come from this server, and the vocabulary
  // completers (which ask outside services) are off.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.prefixCcApi = "/prefixes.json";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpoint }]; },
      keys: []
    },
    persistenceId: "policy-kg-" + window.location.host
  });
  var examples = {};
  var loaded = fetch("/queries").then(function (response) { return response.json(); })
    .then(function (list) { list.forEach(function (q) { examples[q.name] = q; }); });
  document.querySelectorAll("#examples button").forEach(function (button) {
    button.addEventListener("click", function () {
      loaded.then(function () {
        var example = examples[button.dataset.query];
        if (!example) { return; }
        var tab = yasgui.addTab(true, { name: example.title });
        tab.setQuery(example.query);
        tab.query();
      });
    });
  });
  window.policyKgYasgui = yasgui;
})();
</script>
</body>
</html>
"""


def query_page(settings: Settings) -> str:
    """The query page: the editor and the example queries, one click each."""
    items = "\n".join(
        f'<li><button type="button" data-query="{html.escape(e.name)}" '
        f'title="{html.escape(e.name)}.rq"><span class="title">{html.escape(e.title)}</span>'
        f'<span class="question">{html.escape(e.question)}</span></button></li>'
        for e in settings.examples
    )
    limit = f"{settings.limit:,} rows or triples" if settings.limit > 0 else "no size limit"
    return (
        _PAGE.replace("@EXAMPLES@", items or "<li>(none)</li>")
        .replace("@LIMIT@", limit)
        .replace("@TIMEOUT@", f"{settings.timeout:g}")
    )


# ----------------------------------------------------------------- engine


def oxigraph_program() -> str:
    """The `oxigraph` server program (the `oxigraph` package installs it)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise KGError("the `oxigraph` server program is missing (pip install oxigraph)")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _end_with_parent() -> None:  # pragma: no cover (runs in the child)
    """Let the engine die with `kg serve`, even if that is killed outright (Linux)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Engine:
    """`oxigraph serve-read-only` on a store folder, on a free loopback port; its
    messages go to the file `log`."""

    def __init__(self, location: Path, timeout: float, log: Path) -> None:
        self.location = location
        self.timeout = timeout
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.address = ("127.0.0.1", 0)

    def start(self) -> None:
        program = oxigraph_program()
        for _attempt in range(5):
            self.address = ("127.0.0.1", free_port())
            command = [
                program,
                "serve-read-only",
                "--location",
                str(self.location),
                "--bind",
                f"{self.address[0]}:{self.address[1]}",
                "--union-default-graph",
                "--timeout-s",
                str(max(1, math.ceil(self.timeout))),
            ]
            with self.log.open("ab") as log:
                self.process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                    preexec_fn=_end_with_parent if sys.platform.startswith("linux") else None,
                )
            if self._wait_ready():
                return
            self.stop()  # most likely the port was taken meanwhile: try another
        lines = self.log.read_text("utf-8", "replace").splitlines()
        errors = [line for line in lines if line.lower().startswith("error")] or lines or ["?"]
        raise KGError(f"the Oxigraph server did not start: {errors[-1].strip()}")

    def _wait_ready(self, seconds: float = 30.0) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(self.address, timeout=1):
                    return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None


# ---------------------------------------------------------------- snapshot


def write_snapshot(store_path: Path, folder: Path) -> tuple[int, int]:
    """Copy the store's statements, less its bookkeeping, into a new Oxigraph store
    in `folder`; (documents, quads)."""
    from kg.store import KnowledgeStore

    store = KnowledgeStore(store_path)
    documents = len(store.documents())
    quads = store.exported_quads()
    del store  # closes it: `kg add` may use it again
    snapshot = ox.Store(str(folder))
    snapshot.bulk_extend(quads)
    snapshot.flush()
    del snapshot
    return documents, len(quads)


def parse_bind(bind: str) -> tuple[str, int]:
    """HOST:PORT (IPv6 hosts in brackets) as an address."""
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or int(port) > 65535:
        raise KGError(f"--bind {bind}: expected HOST:PORT, e.g. {DEFAULT_BIND}")
    host = host.strip("[]") or "127.0.0.1"
    return host, int(port)


def is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def serve(
    store_path: Path,
    bind: str = DEFAULT_BIND,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = DEFAULT_LIMIT,
    queries: Path | None = None,
    out: IO[str] = sys.stdout,
) -> None:
    """Serve the store until interrupted (Ctrl-C or SIGTERM)."""
    if timeout <= 0:
        raise KGError("--timeout must be more than 0 seconds")
    if limit < 0:
        raise KGError("--limit must be 0 (no limit) or more")
    address = parse_bind(bind)
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
        documents, quads = write_snapshot(store_path, Path(tmp) / "snapshot")
        engine = Engine(Path(tmp) / "snapshot", timeout, Path(tmp) / "oxigraph.log")
        settings = Settings(("127.0.0.1", 0), timeout, limit, example_queries(queries), prefixes())
        previous = signal.signal(signal.SIGTERM, _terminate)
        front: SparqlFront | None = None
        try:
            engine.start()
            settings.upstream = engine.address
            try:
                front = SparqlFront(address, settings)
            except OSError as exc:
                raise KGError(f"--bind {bind}: cannot listen there ({exc.strerror})") from None
            print(
                f"kg serve: {front.url} (SPARQL endpoint {front.url}sparql): "
                f"{documents} documents, {quads} statements, read-only; "
                f"limits {timeout:g} s, {limit or 'no'} rows; Ctrl-C stops",
                file=out,
                flush=True,
            )
            if not is_loopback(address[0]):
                print(
                    f"kg serve: note: listening on {address[0]}, beyond this machine",
                    file=out,
                    flush=True,
                )
            try:
                front.serve_forever()
            except KeyboardInterrupt:
                print("kg serve: stopped", file=out, flush=True)
        finally:
            if front is not None:
                front.server_close()
            engine.stop()
            signal.signal(signal.SIGTERM, previous)


def _terminate(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt
