"""Store: the persistent, incremental graph (Oxigraph, on disk under `.kg/`).

Each document's statements live in their own named graph (named by the
document's IRI), so a document can be replaced or removed without touching the
others, and a node no remaining document supports disappears with it. Two
derived graphs complete the picture: the ontology, and the labels graph, which
picks one `rdfs:label` per language for every node from what all documents and
the reference data say. Because every document graph depends only on its own
text and the labels only on the set of documents, adding the same documents in
any order, or twice, gives the same graph."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.engine import Shard
from kg.errors import KGError
from kg.graph import bind_prefixes
from kg.vocab import ID, PKG, load_ontology, ontology_path

ONTOLOGY_GRAPH = ox.NamedNode(str(ID["graph/ontology"]))
LABELS_GRAPH = ox.NamedNode(str(ID["graph/labels"]))
REGISTRY_GRAPH = ox.NamedNode(str(ID["graph/registry"]))
_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_SOURCE_PATH = ox.NamedNode(str(PKG.sourcePath))
_CONTENT_HASH = ox.NamedNode(str(PKG.contentHash))
_FILE_NAME = ox.NamedNode(str(PKG.fileName))
DEFAULT_STORE = Path(".kg")


@dataclass(frozen=True, slots=True)
class StoredDocument:
    iri: str
    file_name: str
    content_hash: str
    source_path: str


class KnowledgeStore:
    """A graph store on disk (`path`) or in memory (`path=None`)."""

    def __init__(self, path: Path | None = None) -> None:
        try:
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            raise KGError(
                f"{path}: cannot open the store ({exc}); is another kg command using it?"
            ) from None
        self._load_ontology()

    def _load_ontology(self) -> None:
        """Load the ontology once per version (reloading on every open would give its
        blank nodes new names each time)."""
        text = ontology_path().read_text("utf-8")
        version = ox.Literal("sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest())
        marker = ox.Quad(ONTOLOGY_GRAPH, _CONTENT_HASH, version, REGISTRY_GRAPH)
        if marker in self._store:
            return
        self._store.remove_graph(ONTOLOGY_GRAPH) if self._store.contains_named_graph(
            ONTOLOGY_GRAPH
        ) else None
        self._store.extend(_canonical_quads(load_ontology(), ONTOLOGY_GRAPH))
        self._store.update(
            f"DELETE WHERE {{ GRAPH {REGISTRY_GRAPH} {{ {ONTOLOGY_GRAPH} ?p ?o }} }}"
        )
        self._store.add(marker)

    def _select(self, sparql: str) -> ox.QuerySolutions:
        answer = self._store.query(sparql)
        assert isinstance(answer, ox.QuerySolutions), "a SELECT query"
        return answer

    # ------------------------------------------------------------ documents

    def documents(self) -> list[StoredDocument]:
        answer = self._select(
            f"""SELECT ?doc ?name ?hash ?path WHERE {{
                GRAPH ?doc {{ ?doc {_FILE_NAME} ?name ; {_CONTENT_HASH} ?hash }}
                OPTIONAL {{ GRAPH {REGISTRY_GRAPH} {{ ?doc {_SOURCE_PATH} ?path }} }}
            }} ORDER BY ?name ?doc"""
        )
        return [
            StoredDocument(
                row["doc"].value,
                row["name"].value,
                row["hash"].value,
                row["path"].value if row["path"] is not None else "",
            )
            for row in answer
        ]

    def add_shard(self, shard: Shard, source_path: str) -> str:
        """Put a document processed elsewhere (an engine's shard) in its graph."""
        doc = ox.NamedNode(shard.document_iri)
        if self._store.contains_named_graph(doc):
            self._register(doc, source_path)
            return "unchanged"
        replaced = [d for d in self.documents() if d.source_path == source_path]
        for old in replaced:
            self._drop(ox.NamedNode(old.iri))
        self._store.load(shard.ntriples(), format=ox.RdfFormat.N_TRIPLES, to_graph=doc)
        self._register(doc, source_path)
        return "updated" if replaced else "added"

    def remove(self, reference: str) -> list[StoredDocument]:
        """Remove the documents `reference` names (file name, path, IRI or hash prefix)."""
        wanted = reference.removeprefix("sha256:")
        matches = [
            d
            for d in self.documents()
            if reference in (d.file_name, d.iri, d.source_path)
            or (len(wanted) >= 8 and d.content_hash.removeprefix("sha256:").startswith(wanted))
            or (d.source_path and Path(d.source_path).name == reference)
        ]
        for document in matches:
            self._drop(ox.NamedNode(document.iri))
        return matches

    def _drop(self, doc: ox.NamedNode) -> None:
        self._store.update(
            f"DROP SILENT GRAPH {doc} ; DELETE WHERE {{ GRAPH {REGISTRY_GRAPH} {{ {doc} ?p ?o }} }}"
        )

    def _register(self, doc: ox.NamedNode, source_path: str) -> None:
        self._store.update(
            f"DELETE WHERE {{ GRAPH {REGISTRY_GRAPH} {{ {doc} {_SOURCE_PATH} ?o }} }} ; "
            f"INSERT DATA {{ GRAPH {REGISTRY_GRAPH} {{ {doc} {_SOURCE_PATH} "
            f"{ox.Literal(source_path)} }} }}"
        )

    # --------------------------------------------------------------- labels

    def refresh_labels(self) -> None:
        """One rdfs:label per node and language: the reference name where one is given,
        else the fullest name the documents prefer (longest, then first in order)."""
        answer = self._select(
            f"""SELECT ?node ?kind ?name WHERE {{
                GRAPH ?g {{ ?node ?kind ?name }}
                FILTER(?g != {LABELS_GRAPH} && ?g != {REGISTRY_GRAPH})
                FILTER(?kind IN (<{_SKOS}prefLabel>, <{PKG.preferredName}>))
            }}"""
        )
        candidates: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
        for row in answer:
            name = row["name"]
            rank = 0 if row["kind"].value.endswith("prefLabel") else 1
            candidates[(row["node"].value, name.language or "")].append(
                (rank, -len(name.value), name.value)
            )
        quads = [
            ox.Quad(
                ox.NamedNode(node),
                _RDFS_LABEL,
                ox.Literal(min(options)[2], language=lang or None),
                LABELS_GRAPH,
            )
            for (node, lang), options in sorted(candidates.items())
        ]
        self._store.remove_graph(LABELS_GRAPH) if self._store.contains_named_graph(
            LABELS_GRAPH
        ) else None
        self._store.extend(quads)

    # --------------------------------------------------------------- export

    def exported_quads(self) -> list[ox.Quad]:
        """Every quad but the store's own bookkeeping, in a stable order."""
        return sorted(
            self._exported(),
            key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
        )

    def _exported(self) -> Iterator[ox.Quad]:
        for quad in self._store.quads_for_pattern(None, None, None, None):
            if quad.graph_name != REGISTRY_GRAPH:
                yield quad

    def to_graph(self) -> Graph:
        """The merged graph of all documents, the labels and the ontology."""
        graph = Graph()
        bind_prefixes(graph)
        lines = sorted({f"{q.subject} {q.predicate} {q.object} .\n" for q in self.exported_quads()})
        graph.parse(data="".join(lines), format="nt")
        return graph

    def serialise_quads(self, fmt: str) -> bytes:
        """The same statements, each document's in its own named graph, as TriG or
        N-Quads; quads are sorted, so the output is stable."""
        formats = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
        data = ox.serialize(
            self.exported_quads(),
            format=formats[fmt],
            prefixes=_export_prefixes() if fmt == "trig" else None,
        )
        assert data is not None
        return data

    def triple_count(self) -> int:
        """Distinct triples of the merged graph (as in `serialise`)."""
        return len({(q.subject, q.predicate, q.object) for q in self._exported()})

    def serialise(self, fmt: str = "turtle") -> bytes:
        """The merged graph as Turtle or N-Triples, written by Oxigraph from triples in
        sorted order: byte-identical for the same graph, and many times faster than
        building an rdflib graph to write it."""
        formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
        triples = sorted(
            {ox.Triple(q.subject, q.predicate, q.object) for q in self._exported()},
            key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
        )
        data = ox.serialize(
            triples, format=formats[fmt], prefixes=_export_prefixes() if fmt == "turtle" else None
        )
        assert data is not None
        return data

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying Oxigraph store, for SPARQL."""
        return self._store

    def flush(self) -> None:
        self._store.flush()


# The prefixes an export declares: the project's and the standard vocabularies it uses.
_EXPORT_PREFIXES = {
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "id": str(ID),
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "pkg": str(PKG),
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vann": "http://purl.org/vocab/vann/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _export_prefixes() -> dict[str, str]:
    return dict(_EXPORT_PREFIXES)


def _canonical_quads(graph: Graph, graph_name: ox.NamedNode) -> list[ox.Quad]:
    """`graph` as quads, blank nodes named canonically (the same names every time), so
    that exports which name blank nodes are byte-stable."""
    from rdflib import BNode, URIRef
    from rdflib.compare import to_canonical_graph
    from rdflib.term import Literal as RdfLiteral
    from rdflib.term import Node

    def resource(node: Node) -> ox.NamedNode | ox.BlankNode:
        return ox.BlankNode(f"o{node}") if isinstance(node, BNode) else ox.NamedNode(str(node))

    def value(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if not isinstance(node, RdfLiteral):
            return resource(node)
        if node.language:
            return ox.Literal(str(node), language=node.language)
        datatype = ox.NamedNode(str(node.datatype)) if node.datatype else None
        return ox.Literal(str(node), datatype=datatype)

    return [
        ox.Quad(resource(s), ox.NamedNode(str(p)), value(o), graph_name)
        for s, p, o in to_canonical_graph(graph)
        if isinstance(p, URIRef)
    ]
