"""The project's namespaces, and the ontology file that defines its terms."""

from __future__ import annotations

from functools import cache
from importlib import resources

from rdflib import Graph, Namespace

PKG = Namespace("https://w3id.org/policy-kg/ontology#")
ID = Namespace("https://w3id.org/policy-kg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")

PREFIXES = {
    "pkg": PKG,
    "id": ID,
    "org": ORG,
    "prov": PROV,
    "schema": SCHEMA,
    "nif": NIF,
    "itsrdf": ITSRDF,
}


def ontology_path(name: str = "policy-kg.ttl"):
    """The shipped ontology or shapes file (a Traversable usable with `open`)."""
    return resources.files("kg.ontology").joinpath(name)


@cache
def load_ontology() -> Graph:
    graph = Graph()
    graph.parse(data=ontology_path().read_text("utf-8"), format="turtle")
    return graph
