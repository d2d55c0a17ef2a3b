"""The boundary between NLP and RDF: plain records that extractors produce and
the graph builder consumes. Nothing here imports spaCy or rdflib, so either side
can change its library without touching the other."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

ENTITY_TYPES = ("Agency", "Hospital", "Programme", "Task", "Person", "Place", "Organization")
QUANTITY_TYPES = ("Target", "Statistic")
RELATION_TYPES = (
    "issuedBy",
    "leadAgency",
    "responsibleAgency",
    "memberOf",
    "partOf",
    "locatedIn",
    "assists",
    "implements",
)
COMPARATORS = ("=", ">=", "<=", ">", "<")


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One input file, decoded and normalised. `text` is what every offset refers to."""

    path: Path
    text: str
    content_hash: str
    encoding: str

    @property
    def file_name(self) -> str:
        return self.path.name


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What the document says about itself, where it says it."""

    lang: str
    title: str | None = None
    date: date | None = None
    publisher: str | None = None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A named thing found in the text at [start, end).

    `name` is the entity the mention refers to when it differs from the surface
    text: an abbreviation or a role name that the extractor could expand
    ("SATCM", "区中医医院"). Resolution groups mentions by it.
    """

    type: str
    start: int
    end: int
    text: str
    name: str | None = None
    source: str = ""

    @property
    def canonical(self) -> str:
        return self.name or self.text

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number the document states, as a goal (Target) or a fact (Statistic)."""

    type: str
    value: Decimal
    unit: str
    comparator: str
    indicator: str
    start: int
    end: int
    evidence: str
    year: int | None = None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """`subject predicate object` between two mentions, with the text that states it."""

    predicate: str
    subject: Mention
    object: Mention
    start: int
    end: int
    role: str | None = None


@dataclass(slots=True)
class Findings:
    """Everything extracted from one document; extractors append, later ones read."""

    mentions: list[Mention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def of_type(self, *types: str) -> list[Mention]:
        return [m for m in self.mentions if m.type in types]
