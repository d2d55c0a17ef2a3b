"""The per-document N-Triples writer: escaped literals that every parser reads back as
the same text, and a document's statements each once, in a fixed order."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kg.graph import document_graph, document_ntriples, nt_literal
from kg.vocab import NIF

XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
HOSTILE = [
    'say "hi"',
    "back\\slash \\n not a newline",
    "two\nlines\r\nand a tab\t",
    "bell\x07 nul\x00 vt\x0b esc\x1b del\x7f backspace\x08 form\x0c",
    "中文，全角标点。\u3000 and emoji \U0001f600",
    "\u2028\u2029\ufeff\u200b",
    "ends in a backslash \\",
    'ends in a quote "',
    "",
]


def read_back(literal: str) -> tuple[Literal, ox.Literal]:
    """The literal as rdflib and as Oxigraph parse it from one N-Triples statement."""
    line = f"<https://example.org/s> <https://example.org/p> {literal} .\n"
    (_, _, by_rdflib), *rest = Graph().parse(data=line, format="nt")
    assert not rest
    (by_oxigraph,) = [t.object for t in ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES)]
    assert isinstance(by_rdflib, Literal) and isinstance(by_oxigraph, ox.Literal)
    return by_rdflib, by_oxigraph


@pytest.mark.parametrize("text", HOSTILE)
def test_ntriples_literal_escapes_quotes_backslashes_newlines_and_controls(text: str) -> None:
    literal = nt_literal(text)
    assert "\n" not in literal and "\r" not in literal
    assert not any(ord(c) < 0x20 or c == "\x7f" for c in literal)
    by_rdflib, by_oxigraph = read_back(literal)
    assert str(by_rdflib) == by_oxigraph.value == text


def test_ntriples_literal_with_language_or_datatype() -> None:
    by_rdflib, by_oxigraph = read_back(nt_literal('名称 "x"', "zh"))
    assert (str(by_rdflib), by_rdflib.language) == ('名称 "x"', "zh")
    assert by_oxigraph.language == "zh"
    by_rdflib, by_oxigraph = read_back(nt_literal("2024-05-01", datatype=XSD_DATE))
    assert str(by_rdflib.datatype) == by_oxigraph.datatype.value == XSD_DATE


@given(st.text())
def test_ntriples_any_text_round_trips_through_rdflib_and_oxigraph(text: str) -> None:
    by_rdflib, by_oxigraph = read_back(nt_literal(text, "en"))
    assert str(by_rdflib) == by_oxigraph.value == text


def test_ntriples_document_statements_once_in_a_fixed_order(process_text) -> None:
    text = (
        "The Municipal Finance Bureau and the Municipal Health Commission shall "
        'lead the task "Build 12 community health centres by 2025".\n\n'
        'Quote " and backslash \\ in a sentence.\n'
    )
    result = process_text(text)
    data = document_ntriples(result)
    lines = data.decode("utf-8").splitlines()
    assert len(lines) == len(set(lines)) > 0
    assert all(line.endswith(" .") for line in lines)
    assert document_ntriples(result) == data
    graph = document_graph(result)
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_TRIPLES)
    assert len(graph) == len(store) == len(lines)
    for span in graph.subjects(NIF.beginIndex, None):
        assert isinstance(span, URIRef)
        begin, end = (int(graph.value(span, p)) for p in (NIF.beginIndex, NIF.endIndex))
        assert str(graph.value(span, NIF.anchorOf)) == result.source.text[begin:end]
