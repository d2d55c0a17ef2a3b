"""Property tests: whatever text arrives, a build never crashes, its Turtle reads back
as the same graph, its IRIs are valid, its offsets point at the recorded text, and
its N-Triples are the lines a store gives back (which a build's sort relies on)."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from kg.documents import normalise_text
from kg.graph import document_graph, document_ntriples
from kg.model import SourceDocument
from kg.pipeline import process_document
from kg.turtle import serialise_chunks
from kg.vocab import NIF

ROOT = Path(__file__).resolve().parent.parent
SEED_LINES = [
    line.strip()
    for path in sorted((ROOT / "seeds").glob("*.txt"))
    for line in path.read_text("utf-8").splitlines()
    if 10 < len(line.strip()) < 400
]
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`]')

# Domain sentences cut at random points and interleaved with arbitrary Unicode, so
# that the extractors fire on broken, mixed and hostile text, not only on noise.
fragments = st.one_of(
    st.text(max_size=80),
    st.sampled_from(SEED_LINES).flatmap(
        lambda line: st.tuples(st.integers(0, len(line)), st.integers(0, len(line))).map(
            lambda cut: line[min(cut) : max(cut)]
        )
    ),
    st.sampled_from(
        [
            "\n",
            "\n\n",
            "（",
            "）",
            "《",
            "》",
            "“",
            "、",
            "(Responsible departments: ",
            "\u0000",
            "\ufeff",
            "\u200b",
            "\ud7ff",
            "\U0001f600",
            "\\",
            '"',
            "<",
            ">",
        ]
    ),
)
documents = st.lists(fragments, min_size=1, max_size=25).map("".join)


def as_source(text: str) -> SourceDocument:
    text = normalise_text(text)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return SourceDocument(Path("property.txt"), text, f"sha256:{digest}", "utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_properties_any_text_builds_valid_round_tripping_rdf(text: str) -> None:
    source = as_source(text)
    result = process_document(source)
    graph = document_graph(result)
    for term in {t for triple in graph for t in triple if isinstance(t, URIRef)}:
        assert not IRI_FORBIDDEN.search(str(term)), term
    ntriples = document_ntriples(result)
    lines = ntriples.splitlines(keepends=True)
    store = ox.Store()
    store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    dumped = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
    assert sorted(dumped.splitlines(keepends=True)) == sorted(lines)
    turtle = io.BytesIO()  # Turtle as an export writes it, read back by rdflib
    serialise_chunks([b"".join(sorted(lines))], turtle, ox.RdfFormat.TURTLE)
    again = Graph().parse(data=turtle.getvalue(), format="turtle")
    assert set(again) == set(graph)
    for span in graph.subjects(NIF.beginIndex, None):
        begin = int(graph.value(span, NIF.beginIndex))
        end = int(graph.value(span, NIF.endIndex))
        assert 0 <= begin <= end <= len(source.text)
        assert source.text[begin:end] == str(graph.value(span, NIF.anchorOf))
    for mention in result.findings.mentions:
        assert source.text[mention.start : mention.end] == mention.text
