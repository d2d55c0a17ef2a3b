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

from rdflib import OWL, RDF, XSD, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.gazetteer import Division, ancestors
from kg.link import Reference, division_identity
from kg.model import DocumentInfo, Findings, Quantity, SourceDocument
from kg.resolve import Entity, entity_finder, normalise_name, slug_for
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
    return ID[f"document/{document_id(source)}"]


def document_id(source: SourceDocument) -> str:
    """What every IRI minted for one document's own nodes holds after its kind."""
    return source.content_hash.removeprefix("sha256:")[:16]


def document_graph(result: DocumentResult) -> Graph:
    """Everything `result`'s document states, with provenance, as an rdflib graph (for
    tests and tools; a build uses `document_ntriples`)."""
    graph = Graph()
    bind_prefixes(graph)
    graph.parse(data=document_ntriples(result), format="nt")
    return graph


def document_ntriples(result: DocumentResult) -> bytes:
    """Everything `result`'s document states, with provenance, as N-Triples (UTF-8),
    each statement once, in a fixed order.

    Written as text directly rather than through an rdflib graph: building that graph
    and serialising it took about a third of a worker's time per document, for
    statements that the store's loader parses again anyway."""
    writer = _DocumentWriter(result)
    writer.write()
    return "".join(writer.lines).encode("utf-8")


# N-Triples terms of the vocabulary the writer uses, formatted once.
def _term(iri: str) -> str:
    return f"<{iri}>"


_ID = str(ID)
_A = _term(str(RDF.type))
_XSD_INTEGER = str(XSD.integer)
_DOCUMENT = _term(str(PKG.Document))
_FILE_NAME = _term(str(PKG.fileName))
_CONTENT_HASH = _term(str(PKG.contentHash))
_LANGUAGE = _term(str(DCTERMS.language))
_TITLE = _term(str(DCTERMS.title))
_DATE = _term(str(DCTERMS.date))
_PUBLISHER = _term(str(PKG.publisherName))
_PREFERRED_NAME = _term(str(PKG.preferredName))
_ALT_LABEL = _term(str(SKOS.altLabel))
_PREF_LABEL = _term(str(SKOS.prefLabel))
_MENTIONED_IN = _term(str(PKG.mentionedIn))
_TA_IDENT_REF = _term(str(ITSRDF.taIdentRef))
_LINK_RULE = _term(str(PKG.linkRule))
_SAME_AS = _term(str(OWL.sameAs))
_DIVISION_CODE = _term(str(PKG.divisionCode))
_DIVISION = _term(str(PKG.division))
_PART_OF = _term(str(PKG.partOf))
_ADMINISTRATIVE_DIVISION = _term(str(PKG.AdministrativeDivision))
_VALUE = _term(str(PKG.value))
_COMPARATOR = _term(str(PKG.comparator))
_UNIT = _term(str(PKG.unit))
_INDICATOR = _term(str(PKG.indicator))
_YEAR = _term(str(PKG.year))
_EVIDENCE = _term(str(PKG.evidence))
_DERIVED_FROM = _term(str(PROV.wasDerivedFrom))
_PLACE = _term(str(PKG.place))
_STATEMENT = _term(str(RDF.Statement))
_SUBJECT = _term(str(RDF.subject))
_PREDICATE = _term(str(RDF.predicate))
_OBJECT = _term(str(RDF.object))
_POST = _term(str(PKG.Post))
_HAS_POST = _term(str(PKG.hasPost))
_POST_IN = _term(str(PKG.postIn))
_ROLE = _term(str(PKG.role))
_PHRASE = _term(str(NIF.Phrase))
_SENTENCE = _term(str(NIF.Sentence))
_BEGIN = _term(str(NIF.beginIndex))
_END = _term(str(NIF.endIndex))
_ANCHOR_OF = _term(str(NIF.anchorOf))
_REFERENCE_CONTEXT = _term(str(NIF.referenceContext))
_IN_SENTENCE = _term(str(NIF.sentence))

# What a literal's text must escape in N-Triples: the quote, the backslash and line
# breaks (which would end the statement), and the other control characters, as
# canonical N-Triples writes them (ECHAR where one exists, else UCHAR).
_ESCAPES = {code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F)} | {
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x5C: "\\\\",
}


def nt_literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal: `text` escaped, tagged with `lang` or typed `datatype`
    (an IRI); plain (xsd:string) with neither."""
    quoted = f'"{text.translate(_ESCAPES)}"'
    if lang:
        return f"{quoted}@{lang}"
    if datatype:
        return f"{quoted}^^<{datatype}>"
    return quoted


def _integer(value: int) -> str:
    return nt_literal(str(value), datatype=_XSD_INTEGER)


class _DocumentWriter:
    """Writes one document as N-Triples lines (`lines`: each statement once, in the
    order written); keeps the sentence index."""

    def __init__(self, result: DocumentResult) -> None:
        self.lines: dict[str, None] = {}
        self.result = result
        self.text = result.source.text
        self.doc = _term(str(document_iri(result.source)))
        self.doc_id = document_id(result.source)
        self.lang = result.info.lang
        self.sentence_starts = [start for start, _ in result.sentences]
        self.sentences: set[str] = set()

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.lines[f"{subject} {predicate} {obj} .\n"] = None

    def write(self) -> None:
        self._write_document()
        for entity in self.result.entities.values():
            self._write_entity(entity)
        places = {e.key: e for e in self.result.entities.values() if e.type == "Place"}
        for index, quantity in enumerate(self.result.findings.quantities):
            self._write_quantity(quantity, index, places)
        self._write_relations()

    def _write_document(self) -> None:
        add, doc, info, source = self.add, self.doc, self.result.info, self.result.source
        add(doc, _A, _DOCUMENT)
        add(doc, _FILE_NAME, nt_literal(source.file_name))
        add(doc, _CONTENT_HASH, nt_literal(source.content_hash))
        add(doc, _LANGUAGE, nt_literal(info.lang))
        if info.title:
            add(doc, _TITLE, nt_literal(info.title, info.lang))
        if info.date:
            add(doc, _DATE, nt_literal(info.date.isoformat(), datatype=str(XSD.date)))
        if info.publisher:
            add(doc, _PUBLISHER, nt_literal(info.publisher, info.lang))

    def _write_entity(self, entity: Entity) -> None:
        add, node = self.add, _node(entity.local_id)
        add(node, _A, _term(f"{PKG}{entity.type}"))
        add(node, _PREFERRED_NAME, nt_literal(entity.name, entity.lang))
        for name in sorted(entity.aliases | {entity.name}):  # a set: sorted, for stable bytes
            add(node, _ALT_LABEL, nt_literal(name, entity.lang))
        add(node, _MENTIONED_IN, self.doc)
        link_rule = nt_literal(entity.link_rule)
        for mention in entity.mentions:
            phrase = self._phrase("mention", mention.start, mention.end, mention.type)
            add(phrase, _TA_IDENT_REF, node)
            add(phrase, _LINK_RULE, link_rule)
        reference = self.result.references.get(entity.local_id)
        if reference is not None:
            self._write_reference(node, reference)

    def _write_reference(self, node: str, reference: Reference) -> None:
        """Names and identifiers from reference data, and the divisions a place lies in."""
        add = self.add
        for name in reference.names:
            add(node, _PREF_LABEL, nt_literal(name.name, name.lang))
        for same in reference.same_as:
            add(node, _SAME_AS, _term(same))
        if reference.division is not None:
            add(node, _DIVISION_CODE, nt_literal(reference.division.code))
            add(node, _DIVISION, self._write_divisions(reference.division))
        if reference.within is not None:
            add(node, _PART_OF, self._write_divisions(reference.within))

    def _write_divisions(self, division: Division) -> str:
        """The division's node and those of the divisions above it, linked by partOf."""
        node = _node(division_identity(division))
        child = node
        self._write_division(node, division)
        for parent in ancestors(division):
            parent_node = _node(division_identity(parent))
            self._write_division(parent_node, parent)
            self.add(child, _PART_OF, parent_node)
            child = parent_node
        return node

    def _write_division(self, node: str, division: Division) -> None:
        add = self.add
        add(node, _A, _ADMINISTRATIVE_DIVISION)
        add(node, _DIVISION_CODE, nt_literal(division.code))
        add(node, _PREF_LABEL, nt_literal(division.name_zh, "zh"))
        if division.name_en:
            add(node, _PREF_LABEL, nt_literal(division.name_en, "en"))

    def _write_quantity(self, quantity: Quantity, index: int, places: dict[str, Entity]) -> None:
        add = self.add
        node = _node(f"quantity/{self.doc_id}-{quantity.start}-{quantity.end}-{index}")
        add(node, _A, _term(f"{PKG}{quantity.type}"))
        value = stored_decimal(quantity.value)
        add(node, _VALUE, nt_literal(value, datatype=str(XSD.decimal)))
        add(node, _COMPARATOR, nt_literal(quantity.comparator))
        if quantity.unit:
            add(node, _UNIT, nt_literal(quantity.unit))
        if quantity.indicator:
            add(node, _INDICATOR, nt_literal(quantity.indicator, self.lang))
        if quantity.year is not None:
            add(node, _YEAR, nt_literal(f"{quantity.year:04d}", datatype=str(XSD.gYear)))
        add(node, _EVIDENCE, nt_literal(quantity.evidence, self.lang))
        add(node, _MENTIONED_IN, self.doc)
        add(node, _DERIVED_FROM, self._phrase("evidence", quantity.start, quantity.end))
        if quantity.place:
            place = places.get(normalise_name(quantity.place))
            if place is not None:
                add(node, _PLACE, _node(place.local_id))

    def _write_relations(self) -> None:
        add = self.add
        entity_of = entity_finder(self.result.entities, self.result.source.content_hash)
        for relation in self.result.findings.relations:
            subject, obj = entity_of(relation.subject), entity_of(relation.object)
            if subject is None or obj is None or subject is obj:
                continue
            s, p, o = (
                f"{ID}{subject.local_id}",
                f"{PKG}{relation.predicate}",
                f"{ID}{obj.local_id}",
            )
            add(_term(s), _term(p), _term(o))
            statement = _node(f"statement/{self.doc_id}-{_digest(f'{s} {p} {o}')}")
            add(statement, _A, _STATEMENT)
            add(statement, _SUBJECT, _term(s))
            add(statement, _PREDICATE, _term(p))
            add(statement, _OBJECT, _term(o))
            add(statement, _DERIVED_FROM, self._phrase("evidence", relation.start, relation.end))
            if relation.role:
                post = _node(f"post/{slug_for(f'{subject.key}|{obj.key}|{relation.role}')}")
                add(post, _A, _POST)
                add(_term(s), _HAS_POST, post)
                add(post, _POST_IN, _term(o))
                add(post, _ROLE, nt_literal(relation.role, self.lang))

    def _phrase(self, kind: str, start: int, end: int, type_: str = "") -> str:
        """A NIF phrase for text[start:end], tied to its document and sentence."""
        suffix = f"-{type_.lower()}" if type_ else ""
        node = _node(f"{kind}/{self.doc_id}-{start}-{end}{suffix}")
        self._anchor(node, _PHRASE, start, end)
        sentence = self._sentence(start)
        if sentence is not None:
            self.add(node, _IN_SENTENCE, sentence)
        return node

    def _anchor(self, node: str, class_: str, start: int, end: int) -> None:
        """`node` as a NIF string of `class_` for text[start:end] of this document."""
        add = self.add
        add(node, _A, class_)
        add(node, _BEGIN, _integer(start))
        add(node, _END, _integer(end))
        add(node, _ANCHOR_OF, nt_literal(self.text[start:end]))
        add(node, _REFERENCE_CONTEXT, self.doc)

    def _sentence(self, offset: int) -> str | None:
        index = bisect.bisect_right(self.sentence_starts, offset) - 1
        if index < 0:
            return None
        start, end = self.result.sentences[index]
        node = _node(f"sentence/{self.doc_id}-{start}-{end}")
        if node not in self.sentences:
            self.sentences.add(node)
            self._anchor(node, _SENTENCE, start, end)
        return node


def _node(local: str) -> str:
    """The N-Triples term of a node of the data namespace."""
    return f"<{_ID}{local}>"


def stored_decimal(value: Decimal) -> str:
    """The xsd:decimal form Oxigraph keeps (1058000000, 0.55, 0): the export's, so
    that a document's lines are those a store would give back, byte for byte (a
    build sorts and dedupes them as bytes)."""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
