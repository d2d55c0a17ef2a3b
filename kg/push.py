"""Push: load the graph into any store that speaks the SPARQL 1.1 Graph Store HTTP Protocol
(Oxigraph server, Virtuoso, Fuseki, GraphDB, ...).

The protocol names a graph with a query parameter on the store's Graph Store endpoint
(`URL?graph=IRI`, or `URL?default` for the default graph); PUT replaces that graph with the
request body, POST adds the body to it (an RDF merge: blank nodes in the body are new
nodes each time). Bodies are N-Triples (valid Turtle too), the simplest format every
server reads; a whole dataset can go as N-Quads to the endpoint itself where the server
supports it (Oxigraph does, Virtuoso does not). Only the standard library is used."""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.vocab import ID

DEFAULT_GRAPH_IRI = str(ID["graph/policy-kg"])
TURTLE = "text/turtle"
N_TRIPLES = "application/n-triples"
N_QUADS = "application/n-quads"
DEFAULT_TIMEOUT = 300.0
_FILE_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
}


@dataclass(frozen=True, slots=True)
class Pushed:
    """One request: the graph it loaded (None: the default graph or a whole dataset), the
    number of statements sent and the server's HTTP status."""

    graph_iri: str | None
    statements: int
    status: int


# ------------------------------------------------------------------ HTTP


def graph_store_url(url: str, graph_iri: str | None) -> str:
    """`url` with the protocol's graph parameter added: `?graph=IRI`, or `?default`."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KGError(f"{url}: not an http:// or https:// URL")
    extra = "default" if graph_iri is None else urllib.parse.urlencode({"graph": graph_iri})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit(parts._replace(query=query))


def push_graph(
    url: str,
    data: bytes,
    graph_iri: str | None = DEFAULT_GRAPH_IRI,
    replace: bool = True,
    auth: tuple[str, str] | None = None,
    content_type: str = TURTLE,
    timeout: float = DEFAULT_TIMEOUT,
) -> int:
    """Replace (PUT) or add to (POST) one graph of the store whose Graph Store endpoint is
    `url`; `graph_iri=None` is the default graph. `auth` is (user, password), for HTTP
    basic or digest authentication, whichever the server asks for. Returns the HTTP status;
    raises KGError (one line) when the server cannot be reached or answers with an error."""
    return _send(graph_store_url(url, graph_iri), data, replace, auth, content_type, timeout)


def push_dataset(
    url: str,
    data: bytes,
    replace: bool = False,
    auth: tuple[str, str] | None = None,
    content_type: str = N_QUADS,
    timeout: float = DEFAULT_TIMEOUT,
) -> int:
    """Send a whole dataset (N-Quads or TriG) to the endpoint itself, without a graph
    parameter: POST adds every quad to its graph; PUT replaces the whole store's content
    (not only the graphs in `data`). Not every server supports this (Virtuoso does not)."""
    graph_store_url(url, None)  # checks the URL
    return _send(url, data, replace, auth, content_type, timeout)


def _send(
    target: str,
    data: bytes,
    replace: bool,
    auth: tuple[str, str] | None,
    content_type: str,
    timeout: float,
) -> int:
    method = "PUT" if replace else "POST"
    request = urllib.request.Request(
        target,
        data=data,
        method=method,
        headers={"Content-Type": f"{content_type}; charset=utf-8", "Accept": "*/*"},
    )
    handlers: list[urllib.request.BaseHandler] = []
    if auth is not None:
        # Answer the server's challenge before sending the data: a server that refuses an
        # unauthenticated request at once (Virtuoso) closes the connection while a large
        # body is still being sent, and the client never sees the 401.
        header = _authorization(request, auth, timeout)
        if header is not None:
            request.add_unredirected_header("Authorization", header)
        else:  # no challenge without a body: answer one if the request itself gets it
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, target, auth[0], auth[1])
            handlers += [
                urllib.request.HTTPBasicAuthHandler(passwords),
                urllib.request.HTTPDigestAuthHandler(passwords),
            ]
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        raise KGError(f"{method} {target}: {_http_error(exc)}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, BrokenPipeError | ConnectionResetError):
            # the server stopped reading the body: ask without one why it refused
            answer = _probe(target, timeout)
            if isinstance(answer, urllib.error.HTTPError):
                raise KGError(
                    f"{method} {target}: {_http_error(answer)} (the server closed the "
                    "connection before reading the data)"
                ) from None
        raise KGError(f"{method} {target}: cannot connect ({_reason(exc.reason)})") from None
    except TimeoutError:
        raise KGError(f"{method} {target}: no answer within {timeout:g} s") from None
    except (OSError, ValueError) as exc:  # connection reset, bad port, unsupported auth...
        raise KGError(f"{method} {target}: {_reason(exc)}") from None


def _probe(target: str, timeout: float) -> urllib.error.HTTPError | None:
    """The error a bodiless HEAD request on `target` gets (None: no HTTP error)."""
    try:
        with urllib.request.build_opener().open(
            urllib.request.Request(target, method="HEAD"), timeout=timeout
        ):
            return None
    except urllib.error.HTTPError as exc:
        return exc
    except (OSError, ValueError):
        return None


def _authorization(
    request: urllib.request.Request, auth: tuple[str, str], timeout: float
) -> str | None:
    """The Authorization header for `request`, from the challenge the server sends to a
    bodiless request (HTTP basic or digest); None if it sends none."""
    refusal = _probe(request.full_url, timeout)
    if refusal is None:
        return None
    refusal.close()
    if refusal.code != 401:
        return None
    challenges = refusal.headers.get_all("WWW-Authenticate") or []
    for challenge in challenges:
        scheme, _, parameters = challenge.strip().partition(" ")
        if scheme.lower() == "digest":
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, request.full_url, auth[0], auth[1])
            fields = urllib.request.parse_keqv_list(
                [f for f in urllib.request.parse_http_list(parameters) if f]
            )
            answer = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(
                request, fields
            )
            if answer:
                return f"Digest {answer}"
    for challenge in challenges:
        if challenge.strip().lower().startswith("basic"):
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
            return f"Basic {token}"
    return None


def _http_error(exc: urllib.error.HTTPError) -> str:
    try:
        detail = _first_line(exc.read())
    except OSError:
        detail = ""
    finally:
        exc.close()
    if exc.code == 401 and not detail:
        detail = "a wrong or missing user name or password?"
    return f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")


def _reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused; is the server running?"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _first_line(body: bytes) -> str:
    """The first non-blank line of an error page, without markup, shortened."""
    text = body.decode("utf-8", errors="replace")
    for line in text.splitlines():
        line = " ".join(line.split())
        if line and not line.startswith("<"):
            return line[:200] + ("…" if len(line) > 200 else "")
    return ""


# ------------------------------------------------------------------ data


def read_quads(path: Path) -> list[ox.Quad]:
    """Every statement of an RDF file (.ttl, .nt, .nq, .trig); triples are in the default
    graph."""
    fmt = _FILE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise KGError(f"{path}: unknown RDF file type (expected {', '.join(_FILE_FORMATS)})")
    try:
        return list(ox.parse(path=str(path), format=fmt))
    except OSError as exc:
        raise KGError(f"{path}: cannot read graph ({exc.strerror or exc})") from None
    except SyntaxError as exc:
        raise KGError(f"{path}: not valid RDF ({exc})") from None


def merged_ntriples(quads: Iterable[ox.Quad]) -> tuple[bytes, int]:
    """The merged graph of all the quads' graphs as N-Triples (each triple once, sorted),
    and its number of triples."""
    lines = sorted({f"{q.subject} {q.predicate} {q.object} .\n" for q in quads})
    return "".join(lines).encode("utf-8"), len(lines)


def graphs_as_ntriples(quads: Iterable[ox.Quad]) -> dict[str | None, tuple[bytes, int]]:
    """Each graph of the quads (by IRI; None: the default graph) as N-Triples and its
    number of triples, in IRI order, the default graph first."""
    grouped: dict[str | None, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        name = quad.graph_name
        grouped[name.value if isinstance(name, ox.NamedNode) else None].append(quad)
    return {
        name: merged_ntriples(grouped[name])
        for name in sorted(grouped, key=lambda n: (n is not None, n or ""))
    }


def nquads(quads: Iterable[ox.Quad]) -> tuple[bytes, int]:
    """The quads as N-Quads (each once, sorted) and their number."""
    lines = sorted({f"{q} .\n" for q in quads})
    return "".join(lines).encode("utf-8"), len(lines)


def push_merged(
    url: str,
    quads: Iterable[ox.Quad],
    graph_iri: str | None = DEFAULT_GRAPH_IRI,
    replace: bool = True,
    auth: tuple[str, str] | None = None,
) -> Pushed:
    """The merged graph of all `quads` into one graph of the store."""
    data, count = merged_ntriples(quads)
    status = push_graph(url, data, graph_iri, replace, auth, content_type=N_TRIPLES)
    return Pushed(graph_iri, count, status)


def push_per_graph(
    url: str,
    quads: Iterable[ox.Quad],
    replace: bool = True,
    auth: tuple[str, str] | None = None,
) -> list[Pushed]:
    """Each graph of `quads` (every document's, the ontology, the labels) into the store's
    graph of the same name, one request each."""
    done = []
    for graph_iri, (data, count) in graphs_as_ntriples(quads).items():
        status = push_graph(url, data, graph_iri, replace, auth, content_type=N_TRIPLES)
        done.append(Pushed(graph_iri, count, status))
    return done


def push_quads(
    url: str, quads: Iterable[ox.Quad], replace: bool = False, auth: tuple[str, str] | None = None
) -> Pushed:
    """All `quads` in one N-Quads request to the endpoint itself (see `push_dataset`)."""
    data, count = nquads(quads)
    return Pushed(None, count, push_dataset(url, data, replace, auth))
