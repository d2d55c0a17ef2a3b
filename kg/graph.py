"""Graph: express one document's resolved findings as RDF under the ontology.

Every statement a document supports goes into that document's own graph, with
its provenance: each mention, quantity and relation points (NIF 2.0 and PROV-O)
at the character offsets and the sentence of the source text that state it.
The builder only reads the plain records of `kg.model` and `kg.resolve`; it
never sees spaCy objects."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import OWL, RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.gazetteer import Division, ancestors
from kg.link import Reference, division_identity
from kg.model import DocumentInfo, Findings, Quantity, SourceDocument
from kg.resolve import Entity, entity_key, normalise_name, slug_for
from kg.vocab import ID, ITSRDF, NIF, PKG, PREFIXES, PROV, load_ontology


@dataclass(slots=True)
class DocumentResult:
    """One document, read and resolved: what the graph builder consumes.
    `sentences` are the [start, end) offsets of the text's sentences, in order."""

    source: SourceDocument
    info: DocumentInfo
    findings: Findings
    entities: dict[tuple[str, str], Entity]
    sentences: list[tuple[int, int]] = field(default_factory=list)
    references: dict[str, Reference] = field(default_factory=dict)


def new_graph(with_ontology: bool = True) -> Graph:
    """An empty graph with the project's prefixes (and the ontology's declarations,
    so the class hierarchy is queryable from an export alone)."""
    graph = Graph()
    bind_prefixes(graph)
    if with_ontology:
        for triple in load_ontology():
            graph.add(triple)
    return graph


def bind_prefixes(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)


def document_iri(source: SourceDocument) -> URIRef:
    return ID[f"document/{_doc_id(source)}"]


def entity_iri(entity: Entity) -> URIRef:
    return ID[entity.local_id]


def _doc_id(source: SourceDocument) -> str:
    return source.content_hash.removeprefix("sha256:")[:16]


def document_graph(result: DocumentResult) -> Graph:
    """Everything `result`'s document states, with provenance, as one graph."""
    graph = Graph()
    bind_prefixes(graph)
    _DocumentWriter(graph, result).write()
    return graph


class _DocumentWriter:
    """Writes one document; keeps the sentence index and the nodes made so far."""

    def __init__(self, graph: Graph, result: DocumentResult) -> None:
        self.graph = graph
        self.result = result
        self.text = result.source.text
        self.doc = document_iri(result.source)
        self.doc_id = _doc_id(result.source)
        self.lang = result.info.lang
        self.sentence_starts = [start for start, _ in result.sentences]

    def write(self) -> None:
        self._write_document()
        for entity in self.result.entities.values():
            self._write_entity(entity)
        places = {e.key: e for e in self.result.entities.values() if e.type == "Place"}
        for index, quantity in enumerate(self.result.findings.quantities):
            self._write_quantity(quantity, index, places)
        self._write_relations()

    def _write_document(self) -> None:
        g, doc, info, source = self.graph, self.doc, self.result.info, self.result.source
        g.add((doc, RDF.type, PKG.Document))
        g.add((doc, PKG.fileName, Literal(source.file_name)))
        g.add((doc, PKG.contentHash, Literal(source.content_hash)))
        g.add((doc, DCTERMS.language, Literal(info.lang)))
        if info.title:
            g.add((doc, DCTERMS.title, Literal(info.title, lang=info.lang)))
        if info.date:
            g.add((doc, DCTERMS.date, Literal(info.date.isoformat(), datatype=XSD.date)))
        if info.publisher:
            g.add((doc, PKG.publisherName, Literal(info.publisher, lang=info.lang)))

    def _write_entity(self, entity: Entity) -> None:
        g, node = self.graph, entity_iri(entity)
        g.add((node, RDF.type, PKG[entity.type]))
        g.add((node, PKG.preferredName, Literal(entity.name, lang=entity.lang)))
        for name in entity.aliases | {entity.name}:
            g.add((node, SKOS.altLabel, Literal(name, lang=entity.lang)))
        g.add((node, PKG.mentionedIn, self.doc))
        for mention in entity.mentions:
            phrase = self._phrase("mention", mention.start, mention.end, mention.type)
            g.add((phrase, ITSRDF.taIdentRef, node))
            g.add((phrase, PKG.linkRule, Literal(entity.link_rule)))
        reference = self.result.references.get(entity.local_id)
        if reference is not None:
            self._write_reference(node, reference)

    def _write_reference(self, node: URIRef, reference: Reference) -> None:
        """Names and identifiers from reference data, and the divisions a place lies in."""
        g = self.graph
        for name in reference.names:
            g.add((node, SKOS.prefLabel, Literal(name.name, lang=name.lang)))
        for same in reference.same_as:
            g.add((node, OWL.sameAs, URIRef(same)))
        if reference.division is not None:
            g.add((node, PKG.divisionCode, Literal(reference.division.code)))
            g.add((node, PKG.division, self._write_divisions(reference.division)))
        if reference.within is not None:
            g.add((node, PKG.partOf, self._write_divisions(reference.within)))

    def _write_divisions(self, division: Division) -> URIRef:
        """The division's node and those of the divisions above it, linked by partOf."""
        node = ID[division_identity(division)]
        child = node
        self._write_division(node, division)
        for parent in ancestors(division):
            parent_node = ID[division_identity(parent)]
            self._write_division(parent_node, parent)
            self.graph.add((child, PKG.partOf, parent_node))
            child = parent_node
        return node

    def _write_division(self, node: URIRef, division: Division) -> None:
        g = self.graph
        g.add((node, RDF.type, PKG.AdministrativeDivision))
        g.add((node, PKG.divisionCode, Literal(division.code)))
        g.add((node, SKOS.prefLabel, Literal(division.name_zh, lang="zh")))
        if division.name_en:
            g.add((node, SKOS.prefLabel, Literal(division.name_en, lang="en")))

    def _write_quantity(self, quantity: Quantity, index: int, places: dict[str, Entity]) -> None:
        g = self.graph
        node = ID[f"quantity/{self.doc_id}-{quantity.start}-{quantity.end}-{index}"]
        g.add((node, RDF.type, PKG[quantity.type]))
        g.add((node, PKG.value, Literal(canonical_decimal(quantity.value), datatype=XSD.decimal)))
        g.add((node, PKG.comparator, Literal(quantity.comparator)))
        if quantity.unit:
            g.add((node, PKG.unit, Literal(quantity.unit)))
        if quantity.indicator:
            g.add((node, PKG.indicator, Literal(quantity.indicator, lang=self.lang)))
        if quantity.year is not None:
            g.add((node, PKG.year, Literal(f"{quantity.year:04d}", datatype=XSD.gYear)))
        g.add((node, PKG.evidence, Literal(quantity.evidence, lang=self.lang)))
        g.add((node, PKG.mentionedIn, self.doc))
        g.add((node, PROV.wasDerivedFrom, self._phrase("evidence", quantity.start, quantity.end)))
        if quantity.place:
            place = places.get(normalise_name(quantity.place))
            if place is not None:
                g.add((node, PKG.place, entity_iri(place)))

    def _write_relations(self) -> None:
        g, entities = self.graph, self.result.entities
        scope = self.result.source.content_hash
        for relation in self.result.findings.relations:
            subject = entities.get((relation.subject.type, entity_key(relation.subject, scope)))
            obj = entities.get((relation.object.type, entity_key(relation.object, scope)))
            if subject is None or obj is None or subject is obj:
                continue
            s, p, o = entity_iri(subject), PKG[relation.predicate], entity_iri(obj)
            g.add((s, p, o))
            statement = ID[f"statement/{self.doc_id}-{_digest(f'{s} {p} {o}')}"]
            g.add((statement, RDF.type, RDF.Statement))
            g.add((statement, RDF.subject, s))
            g.add((statement, RDF.predicate, p))
            g.add((statement, RDF.object, o))
            g.add(
                (
                    statement,
                    PROV.wasDerivedFrom,
                    self._phrase("evidence", relation.start, relation.end),
                )
            )
            if relation.role:
                post = ID[f"post/{slug_for(f'{subject.key}|{obj.key}|{relation.role}')}"]
                g.add((post, RDF.type, PKG.Post))
                g.add((s, PKG.hasPost, post))
                g.add((post, PKG.postIn, o))
                g.add((post, PKG.role, Literal(relation.role, lang=self.lang)))

    def _phrase(self, kind: str, start: int, end: int, type_: str = "") -> URIRef:
        """A NIF phrase for text[start:end], tied to its document and sentence."""
        suffix = f"-{type_.lower()}" if type_ else ""
        node = ID[f"{kind}/{self.doc_id}-{start}-{end}{suffix}"]
        g = self.graph
        g.add((node, RDF.type, NIF.Phrase))
        g.add((node, NIF.beginIndex, Literal(start, datatype=XSD.integer)))
        g.add((node, NIF.endIndex, Literal(end, datatype=XSD.integer)))
        g.add((node, NIF.anchorOf, Literal(self.text[start:end])))
        g.add((node, NIF.referenceContext, self.doc))
        sentence = self._sentence(start)
        if sentence is not None:
            g.add((node, NIF.sentence, sentence))
        return node

    def _sentence(self, offset: int) -> URIRef | None:
        index = bisect.bisect_right(self.sentence_starts, offset) - 1
        if index < 0:
            return None
        start, end = self.result.sentences[index]
        node = ID[f"sentence/{self.doc_id}-{start}-{end}"]
        g = self.graph
        if (node, RDF.type, NIF.Sentence) not in g:
            g.add((node, RDF.type, NIF.Sentence))
            g.add((node, NIF.beginIndex, Literal(start, datatype=XSD.integer)))
            g.add((node, NIF.endIndex, Literal(end, datatype=XSD.integer)))
            g.add((node, NIF.anchorOf, Literal(self.text[start:end])))
            g.add((node, NIF.referenceContext, self.doc))
        return node


def canonical_decimal(value: Decimal) -> str:
    """The canonical xsd:decimal form (1058000000.0, 0.55): what Turtle writers and
    triple stores produce, so that a value survives every round trip unchanged."""
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
