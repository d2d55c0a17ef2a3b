"""Query: run SPARQL 1.1 on a built graph with Oxigraph, a real SPARQL engine."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError

RDF_SUFFIXES = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
}


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A SELECT table (`variables`, `rows` of strings or None), or an ASK answer."""

    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    boolean: bool | None = None


def open_store(path: Path | str) -> ox.Store:
    """An in-memory Oxigraph store holding the RDF file at `path`."""
    path = Path(path)
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise KGError(f"{path}: unknown RDF file type (expected {', '.join(RDF_SUFFIXES)})")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except OSError as exc:
        raise KGError(f"{path}: cannot read graph ({exc.strerror or exc})") from None
    except SyntaxError as exc:
        raise KGError(f"{path}: not valid RDF ({exc})") from None
    return store


def run_query(store: ox.Store, sparql: str) -> QueryResult:
    """Evaluate a SELECT or ASK query (the default graph is the union of all graphs)."""
    try:
        answer = store.query(sparql, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise KGError(f"invalid SPARQL: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult((), (), bool(answer))
    if isinstance(answer, ox.QueryTriples):
        triples: list[tuple[str | None, ...]] = [
            (_text(t.subject), _text(t.predicate), _text(t.object)) for t in answer
        ]
        triples.sort(key=lambda row: tuple(cell or "" for cell in row))
        return QueryResult(("subject", "predicate", "object"), tuple(triples))
    variables = tuple(v.value for v in answer.variables)
    rows = tuple(tuple(_text(solution[v]) for v in variables) for solution in answer)
    return QueryResult(variables, rows)


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal | ox.NamedNode | ox.BlankNode):
        return term.value
    return str(term)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """The result as an aligned text table, CSV or SPARQL-JSON-like JSON."""
    if result.boolean is not None:
        return (
            json.dumps({"boolean": result.boolean})
            if fmt == "json"
            else str(result.boolean).lower()
        )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([["" if v is None else v for v in row] for row in result.rows])
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps(
            {
                "head": {"vars": list(result.variables)},
                "results": {
                    "bindings": [
                        {k: v for k, v in zip(result.variables, row, strict=True) if v is not None}
                        for row in result.rows
                    ]
                },
            },
            ensure_ascii=False,
            indent=1,
        )
    return format_table(result.variables, result.rows)


def format_table(headers: tuple[str, ...], rows: tuple[tuple[str | None, ...], ...]) -> str:
    from unicodedata import east_asian_width

    def width(text: str) -> int:
        return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)

    cells = [list(headers)] + [["" if v is None else _shorten(v) for v in row] for row in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            " | ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)).rstrip()
        )
        if n == 0:
            lines.append("-+-".join("-" * w for w in widths))
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _shorten(value: str) -> str:
    for prefix, short in (
        ("https://w3id.org/policy-kg/id/", "id:"),
        ("https://w3id.org/policy-kg/ontology#", "pkg:"),
    ):
        if value.startswith(prefix):
            return short + value[len(prefix) :]
    return value.replace("\n", " ")
