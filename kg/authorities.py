"""Authorities: the curated register of national and provincial bodies and key
programmes (`ontology/authorities.ttl`), with their names in both languages and
their Wikidata identifiers. A mention whose name is one of an entry's names is
that entry, whatever the document's language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from kg.resolve import normalise_name
from kg.vocab import PKG, ontology_path


@dataclass(frozen=True, slots=True)
class Authority:
    iri: str
    type: str
    labels: tuple[tuple[str, str], ...]
    alt_labels: tuple[tuple[str, str], ...]
    same_as: tuple[str, ...]


@cache
def authority_index() -> dict[tuple[str, str], Authority]:
    """(entity type, normalised name) -> the entry that name denotes."""
    path = ontology_path("authorities.ttl")
    if not path.is_file():
        return {}
    graph = Graph().parse(data=path.read_text("utf-8"), format="turtle")
    index: dict[tuple[str, str], Authority] = {}
    for node in sorted(set(graph.subjects(RDF.type, None)), key=str):
        types = [
            str(t).removeprefix(str(PKG))
            for t in graph.objects(node, RDF.type)
            if str(t).startswith(str(PKG))
        ]
        if not types or not isinstance(node, URIRef):
            continue
        labels = _names(graph, node, RDFS.label)
        alt_labels = _names(graph, node, SKOS.altLabel)
        entry = Authority(
            str(node),
            types[0],
            labels,
            alt_labels,
            tuple(sorted(str(o) for o in graph.objects(node, OWL.sameAs))),
        )
        for _, name in labels + alt_labels:
            index[(entry.type, normalise_name(name))] = entry
    return index


def _names(graph: Graph, node: URIRef, predicate: URIRef) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted((getattr(o, "language", None) or "", str(o)) for o in graph.objects(node, predicate))
    )


def find_authority(type_: str, names: set[str]) -> Authority | None:
    """The entry any of `names` denotes for an entity of `type_`, if exactly one does."""
    index = authority_index()
    found = {
        index[(type_, normalise_name(n))] for n in names if (type_, normalise_name(n)) in index
    }
    return found.pop() if len(found) == 1 else None
