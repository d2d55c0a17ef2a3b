"""Graph: express one document's resolved findings as RDF under the ontology.

The builder only reads the plain records of `kg.model` and `kg.resolve`; it never
sees spaCy objects."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.model import DocumentInfo, Findings, Quantity, SourceDocument
from kg.resolve import Entity, entity_key, normalise_name, slug_for
from kg.vocab import ID, PKG, PREFIXES, load_ontology


@dataclass(slots=True)
class DocumentResult:
    """One document, read and resolved: what the graph builder consumes."""

    source: SourceDocument
    info: DocumentInfo
    findings: Findings
    entities: dict[tuple[str, str], Entity]


def new_graph(with_ontology: bool = True) -> Graph:
    """An empty graph with the project's prefixes (and the ontology's declarations,
    so the class hierarchy is queryable from an export alone)."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    if with_ontology:
        for triple in load_ontology():
            graph.add(triple)
    return graph


def document_iri(source: SourceDocument) -> URIRef:
    return ID[f"document/{source.content_hash.removeprefix('sha256:')[:16]}"]


def entity_iri(entity: Entity) -> URIRef:
    return ID[entity.local_id]


def add_document(graph: Graph, result: DocumentResult) -> None:
    """Add one document's node, entities, quantities and relations to `graph`."""
    source, info = result.source, result.info
    doc = document_iri(source)
    graph.add((doc, RDF.type, PKG.Document))
    graph.add((doc, PKG.fileName, Literal(source.file_name)))
    graph.add((doc, PKG.contentHash, Literal(source.content_hash)))
    graph.add((doc, DCTERMS.language, Literal(info.lang)))
    if info.title:
        graph.add((doc, DCTERMS.title, Literal(info.title, lang=info.lang)))
    if info.date:
        graph.add((doc, DCTERMS.date, Literal(info.date.isoformat(), datatype=XSD.date)))
    if info.publisher:
        graph.add((doc, PKG.publisherName, Literal(info.publisher, lang=info.lang)))

    for entity in result.entities.values():
        add_entity(graph, entity, doc)
    places = {e.key: e for e in result.entities.values() if e.type == "Place"}
    for index, quantity in enumerate(result.findings.quantities):
        add_quantity(graph, quantity, index, source, doc, places, info.lang)
    scope = source.content_hash
    for relation in result.findings.relations:
        subject = result.entities.get((relation.subject.type, entity_key(relation.subject, scope)))
        obj = result.entities.get((relation.object.type, entity_key(relation.object, scope)))
        if subject is None or obj is None or subject is obj:
            continue
        s, o = entity_iri(subject), entity_iri(obj)
        graph.add((s, PKG[relation.predicate], o))
        if relation.role:
            post = ID[f"post/{slug_for(f'{subject.key}|{obj.key}|{relation.role}')}"]
            graph.add((post, RDF.type, PKG.Post))
            graph.add((s, PKG.hasPost, post))
            graph.add((post, PKG.postIn, o))
            graph.add((post, PKG.role, Literal(relation.role, lang=info.lang)))


def add_entity(graph: Graph, entity: Entity, doc: URIRef) -> None:
    node = entity_iri(entity)
    graph.add((node, RDF.type, PKG[entity.type]))
    existing = {
        str(o)
        for o in graph.objects(node, RDFS.label)
        if getattr(o, "language", None) == entity.lang
    }
    if not existing:
        graph.add((node, RDFS.label, Literal(entity.name, lang=entity.lang)))
    elif entity.name not in existing:
        graph.add((node, SKOS.altLabel, Literal(entity.name, lang=entity.lang)))
    for alias in entity.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias, lang=entity.lang)))
    graph.add((node, PKG.mentionedIn, doc))


def add_quantity(
    graph: Graph,
    quantity: Quantity,
    index: int,
    source: SourceDocument,
    doc: URIRef,
    places: dict[str, Entity],
    lang: str,
) -> None:
    digest = source.content_hash.removeprefix("sha256:")[:16]
    node = ID[f"quantity/{digest}-{quantity.start}-{quantity.end}-{index}"]
    graph.add((node, RDF.type, PKG[quantity.type]))
    graph.add((node, PKG.value, Literal(quantity.value, datatype=XSD.decimal)))
    graph.add((node, PKG.comparator, Literal(quantity.comparator)))
    if quantity.unit:
        graph.add((node, PKG.unit, Literal(quantity.unit)))
    if quantity.indicator:
        graph.add((node, PKG.indicator, Literal(quantity.indicator, lang=lang)))
    if quantity.year is not None:
        graph.add((node, PKG.year, Literal(f"{quantity.year:04d}", datatype=XSD.gYear)))
    graph.add((node, PKG.evidence, Literal(quantity.evidence, lang=lang)))
    graph.add((node, PKG.mentionedIn, doc))
    if quantity.place:
        place = places.get(normalise_name(quantity.place))
        if place is not None:
            graph.add((node, PKG.place, entity_iri(place)))


def build_graph(results: Iterable[DocumentResult]) -> Graph:
    graph = new_graph()
    for result in results:
        add_document(graph, result)
    return graph
