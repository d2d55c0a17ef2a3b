"""Explain: the evidence behind a node or a fact — which sentences of which
documents state it, at which offsets, and why mentions were linked to it."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import KGError
from kg.vocab import ID, ITSRDF, NIF, PKG, PROV

_PREFIXES = f"""PREFIX pkg: <{PKG}> PREFIX nif: <{NIF}> PREFIX itsrdf: <{ITSRDF}>
PREFIX prov: <{PROV}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of a document that supports a node or a fact."""

    document: str
    start: int
    end: int
    text: str
    sentence: str
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    subject: str
    predicate: str
    object: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    iri: str
    label: str
    types: tuple[str, ...]
    mentions: tuple[Evidence, ...]
    facts: tuple[Fact, ...]


def find_node(store: ox.Store, reference: str) -> str:
    """The IRI `reference` names: an IRI, or a label or alias (exact, then contained)."""
    if reference.startswith(("http://", "https://")):
        return reference
    if reference.startswith("id:"):
        return str(ID) + reference[3:]
    literal = ox.Literal(reference.casefold())
    for condition in (f"LCASE(STR(?name)) = {literal}", f"CONTAINS(LCASE(STR(?name)), {literal})"):
        rows = list(
            _select(
                store,
                f"""SELECT DISTINCT ?node WHERE {{
            ?node rdfs:label|skos:altLabel ?name . FILTER({condition})
            FILTER(STRSTARTS(STR(?node), "{ID}")) }} ORDER BY ?node""",
            )
        )
        if rows:
            return rows[0]["node"].value
    raise KGError(f"no node is labelled {reference!r}")


def explain(store: ox.Store, reference: str) -> Explanation:
    iri = find_node(store, reference)
    node = ox.NamedNode(iri)
    statement = list(
        _select(
            store,
            f"""SELECT ?s ?p ?o WHERE {{
        {node} a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}""",
        )
    )
    if statement:
        row = statement[0]
        fact = Fact(row["s"].value, row["p"].value, row["o"].value, _evidence_of(store, node))
        return Explanation(iri, _label(store, iri), ("Statement",), (), (fact,))
    types = tuple(
        sorted(
            r["t"].value.rsplit("#", 1)[-1]
            for r in _select(store, f"SELECT DISTINCT ?t WHERE {{ {node} a ?t }}")
        )
    )
    if not types:
        raise KGError(f"{iri}: not in the graph")
    mentions = _mentions_of(store, node)
    facts = []
    for row in _select(
        store,
        f"""SELECT DISTINCT ?st ?s ?p ?o WHERE {{
            ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
            FILTER(?s = {node} || ?o = {node}) }} ORDER BY ?p ?s ?o ?st""",
    ):
        facts.append(
            Fact(row["s"].value, row["p"].value, row["o"].value, _evidence_of(store, row["st"]))
        )
    if "Target" in types or "Statistic" in types:
        facts.append(Fact(iri, str(PKG.evidence), "", _evidence_of(store, node)))
    return Explanation(iri, _label(store, iri), types, mentions, tuple(_merge_facts(facts)))


def _merge_facts(facts: list[Fact]) -> list[Fact]:
    """One fact per triple, with the evidence of every document that states it."""
    merged: dict[tuple[str, str, str], list[Evidence]] = {}
    for fact in facts:
        merged.setdefault((fact.subject, fact.predicate, fact.object), []).extend(fact.evidence)
    return [Fact(s, p, o, tuple(sorted(set(e), key=_order))) for (s, p, o), e in merged.items()]


def _order(evidence: Evidence) -> tuple[str, int, int]:
    return evidence.document, evidence.start, evidence.end


def _mentions_of(store: ox.Store, node: ox.NamedNode) -> tuple[Evidence, ...]:
    """The spans that name `node`, with the rule that linked each to it."""
    return _spans(
        store, f"?span itsrdf:taIdentRef {node} . OPTIONAL {{ ?span pkg:linkRule ?rule }}"
    )


def _evidence_of(store: ox.Store, node: ox.NamedNode) -> tuple[Evidence, ...]:
    """The spans a fact or a quantity was derived from."""
    return _spans(store, f"{node} prov:wasDerivedFrom ?span .")


def _spans(store: ox.Store, selection: str) -> tuple[Evidence, ...]:
    rows = _select(
        store,
        f"""SELECT ?name ?b ?e ?text ?sentence ?rule WHERE {{
        {selection}
        ?span nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?text ; nif:referenceContext ?doc .
        ?doc pkg:fileName ?name .
        OPTIONAL {{ ?span nif:sentence/nif:anchorOf ?sentence }} }}""",
    )
    found = {
        Evidence(
            r["name"].value,
            int(r["b"].value),
            int(r["e"].value),
            r["text"].value,
            r["sentence"].value if r["sentence"] is not None else "",
            r["rule"].value if r["rule"] is not None else "",
        )
        for r in rows
    }
    return tuple(sorted(found, key=_order))


def _label(store: ox.Store, iri: str) -> str:
    rows = list(
        _select(
            store,
            f"""SELECT ?l WHERE {{ <{iri}> rdfs:label ?l }}
        ORDER BY DESC(LANG(?l) = "en") ?l LIMIT 1""",
        )
    )
    return rows[0]["l"].value if rows else iri.rsplit("/", 1)[-1]


def _select(store: ox.Store, query: str) -> ox.QuerySolutions:
    answer = store.query(_PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    return answer


def format_explanation(store: ox.Store, explanation: Explanation) -> str:
    lines = [f"{explanation.label} [{', '.join(explanation.types)}] <{explanation.iri}>"]
    if explanation.mentions:
        lines.append("mentions:")
        for m in explanation.mentions:
            lines.append(
                f"  {m.document} [{m.start}:{m.end}] {m.text!r}"
                + (f" — linked: {m.rule}" if m.rule else "")
            )
            if m.sentence:
                lines.append(f"      “{m.sentence}”")
    if explanation.facts:
        lines.append("facts:")
        for fact in explanation.facts:
            predicate = fact.predicate.rsplit("#", 1)[-1]
            if fact.object:
                lines.append(
                    f"  {_label(store, fact.subject)} —{predicate}→ {_label(store, fact.object)}"
                )
            else:
                lines.append(f"  {predicate}")
            for e in fact.evidence:
                lines.append(f"      {e.document} [{e.start}:{e.end}] “{e.sentence or e.text}”")
    return "\n".join(lines)
