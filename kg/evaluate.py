"""Evaluate: compare what policy-kg extracts from annotated documents with the
annotations (the guideline's JSON format: entities, quantities, relations).

Each gold file names its document; the document is built alone and its graph
is read back through the ontology, so the evaluation sees exactly what a user
of the export sees. Entities match by type and name (fuzzy, one-to-one),
quantities by type and value (then indicator), relations through the matched
entities."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import SKOS
from rdflib.term import Node

from kg.errors import KGError
from kg.model import ENTITY_TYPES, QUANTITY_TYPES, RELATION_TYPES
from kg.pipeline import build_graph_from_paths
from kg.vocab import PKG

NAME_MATCH_THRESHOLD = 0.88
HEADLINE_TYPES = ("Agency", "Hospital", "Programme", "Task")


@dataclass(slots=True)
class Tally:
    """Counts for one item type: matched, produced, annotated."""

    tp: int = 0
    system: int = 0
    gold: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.system, self.gold = (
            self.tp + other.tp,
            self.system + other.system,
            self.gold + other.gold,
        )

    @property
    def precision(self) -> float:
        return self.tp / self.system if self.system else float(not self.gold)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else float(not self.system)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Evaluation:
    """Per-type tallies over all documents, and what was missed or spurious."""

    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    year_hits: int = 0
    years_annotated: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def total(self, types: tuple[str, ...]) -> Tally:
        overall = Tally()
        for t in types:
            overall.add(self.tallies[t])
        return overall

    @property
    def year_accuracy(self) -> float | None:
        return self.year_hits / self.years_annotated if self.years_annotated else None


def normalise_label(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).lower()
    text = re.sub(r"[\"'“”‘’《》「」『』〈〉()（）\[\]【】]", "", text)
    text = re.sub(r"^the\s+", "", text.strip())
    text = re.sub(r"[\s.,;:。，；：、]+$", "", text)
    return re.sub(r"\s+", " ", text)


def name_similarity(a: str, b: str) -> float:
    """1 for equal names, high when one holds most of the other, else a fuzzy ratio."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if short in long_ and len(short) / len(long_) >= 0.6:
        return 0.89 + 0.1 * len(short) / len(long_)
    return difflib.SequenceMatcher(None, a, b).ratio()


def evaluate(gold_dir: Path, docs_dir: Path) -> Evaluation:
    """Build every annotated document of `gold_dir` from `docs_dir` and score it."""
    result = Evaluation()
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise KGError(f"{gold_dir}: no gold .json files")
    for gold_file in gold_files:
        try:
            gold = json.loads(gold_file.read_text("utf-8"))
            document = docs_dir / gold["doc"]
        except (OSError, ValueError, KeyError) as exc:
            result.failures.append(f"{gold_file}: unreadable gold file ({exc})")
            continue
        graph, report = build_graph_from_paths([document])
        result.failures += [str(error) for error in report.errors]
        score_document(gold, graph, result)
    return result


def score_document(gold: dict, graph: Graph, result: Evaluation) -> None:
    entities = _read_entities(graph)
    alignment = _align(gold["entities"], entities)
    doc = gold["doc"]
    for etype in ENTITY_TYPES:
        gold_ids = [g["id"] for g in gold["entities"] if g["type"] == etype]
        nodes = [n for n, (t, _) in entities.items() if t == etype]
        matched = {alignment[g] for g in gold_ids if g in alignment}
        tally = result.tallies[etype]
        tally.tp += len(matched)
        tally.system += len(nodes)
        tally.gold += len(gold_ids)
        result.missed += [
            f"{doc}: {etype} {g['name']}"
            for g in gold["entities"]
            if g["type"] == etype and g["id"] not in alignment
        ]
        result.spurious += [
            f"{doc}: {etype} {min(entities[n][1])}" for n in nodes if n not in matched
        ]
    _score_quantities(gold, graph, result)
    system_relations = {
        (s, _local(p), o)
        for s, p, o in graph
        if _local(p) in RELATION_TYPES and s in entities and o in entities
    }
    for predicate in RELATION_TYPES:
        wanted = {(r["s"], r["o"]) for r in gold["relations"] if r["p"] == predicate}
        found = {(s, o) for s, p, o in system_relations if p == predicate}
        hits = {(s, o) for s, o in wanted if (alignment.get(s), alignment.get(o)) in found}
        tally = result.tallies[predicate]
        tally.tp += len(hits)
        tally.system += len(found)
        tally.gold += len(wanted)
        result.missed += [f"{doc}: {predicate} {s} -> {o}" for s, o in sorted(wanted - hits)]


def _score_quantities(gold: dict, graph: Graph, result: Evaluation) -> None:
    system: list[dict] = []
    for qtype in QUANTITY_TYPES:
        for node in sorted(graph.subjects(RDF.type, PKG[qtype]), key=str):
            value = graph.value(node, PKG.value)
            system.append(
                {
                    "type": qtype,
                    "value": float(value.toPython()) if isinstance(value, Literal) else None,
                    "indicator": normalise_label(str(graph.value(node, PKG.indicator) or "")),
                    "year": str(graph.value(node, PKG.year) or "")[:4],
                }
            )
    for qtype in QUANTITY_TYPES:
        wanted = [q for q in gold["quantities"] if q["type"] == qtype]
        found = [q for q in system if q["type"] == qtype]
        used: set[int] = set()
        for q in wanted:
            candidates = [
                i
                for i, s in enumerate(found)
                if i not in used
                and s["value"] is not None
                and abs(s["value"] - q["value"]) <= 1e-9 * max(1, abs(q["value"]))
            ]
            if not candidates:
                result.missed.append(f"{gold['doc']}: {qtype} {q['value']} ({q['evidence'][:40]})")
                continue
            indicator = normalise_label(q["indicator"])
            best = max(candidates, key=lambda i: name_similarity(indicator, found[i]["indicator"]))
            used.add(best)
            result.tallies[qtype].tp += 1
            if q.get("year") is not None:
                result.year_hits += found[best]["year"] == str(q["year"])
        result.tallies[qtype].system += len(found)
        result.tallies[qtype].gold += len(wanted)
        result.years_annotated += sum(1 for q in wanted if q.get("year") is not None)


def _read_entities(graph: Graph) -> dict[Node, tuple[str, set[str]]]:
    entities: dict[Node, tuple[str, set[str]]] = {}
    for etype in ENTITY_TYPES:
        for node in graph.subjects(RDF.type, PKG[etype]):
            names = {
                normalise_label(str(o))
                for p in (RDFS.label, SKOS.altLabel)
                for o in graph.objects(node, p)
            }
            entities[node] = (etype, {n for n in names if n})
    return entities


def _align(gold_entities: list[dict], entities: dict) -> dict[str, Node]:
    """Greedy one-to-one alignment, best name match first."""
    pairs = []
    for g in gold_entities:
        names = [normalise_label(n) for n in [g["name"], *g.get("aliases", [])]]
        for node, (etype, system_names) in entities.items():
            if etype == g["type"]:
                score = max((name_similarity(a, b) for a in names for b in system_names), default=0)
                if score >= NAME_MATCH_THRESHOLD:
                    pairs.append((-score, g["id"], str(node), node))
    alignment: dict[str, Node] = {}
    used: set[Node] = set()
    for _, gold_id, _, node in sorted(pairs):
        if gold_id not in alignment and node not in used:
            alignment[gold_id] = node
            used.add(node)
    return alignment


def _local(term: Node) -> str:
    return re.split(r"[#/]", str(term))[-1]


def format_evaluation(evaluation: Evaluation, *, details: bool = False) -> str:
    """A per-type table, headline rows, and (with `details`) every miss and spurious item."""
    rows = [f"{'item':<22}{'P':>7}{'R':>7}{'F1':>7}{'sys':>6}{'gold':>6}"]

    def row(name: str, tally: Tally) -> str:
        return (
            f"{name:<22}{tally.precision:>7.3f}{tally.recall:>7.3f}{tally.f1:>7.3f}"
            f"{tally.system:>6}{tally.gold:>6}"
        )

    for name in (*ENTITY_TYPES, *QUANTITY_TYPES, *RELATION_TYPES):
        tally = evaluation.tallies[name]
        if tally.gold or tally.system:
            rows.append(row(name, tally))
    rows.append(row("entities_headline", evaluation.total(HEADLINE_TYPES)))
    rows.append(row("entities_all", evaluation.total(ENTITY_TYPES)))
    rows.append(row("quantities", evaluation.total(QUANTITY_TYPES)))
    rows.append(row("relations", evaluation.total(RELATION_TYPES)))
    accuracy = evaluation.year_accuracy
    rows.append(f"year accuracy: {'n/a' if accuracy is None else f'{accuracy:.3f}'}")
    if details:
        rows += [f"  missed   {m}" for m in evaluation.missed]
        rows += [f"  spurious {s}" for s in evaluation.spurious]
    rows += [f"FAILURE: {f}" for f in evaluation.failures]
    return "\n".join(rows)
