"""The boundary between NLP and RDF: plain records that extractors produce and
the graph builder consumes. Nothing here imports spaCy or rdflib, so either side
can change its library without touching the other."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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


class SpanIndex:
    """Mentions sorted by start, to find those that may overlap a span by bisecting
    instead of testing every one: only a mention starting less than the longest one's
    length before the span can reach into it."""

    def __init__(self, mentions: list[Mention] | None = None) -> None:
        self._starts: list[int] = []
        self._mentions: list[Mention] = []
        self._longest = 0
        for mention in mentions or ():
            self.add(mention)

    def add(self, mention: Mention) -> None:
        index = bisect_right(self._starts, mention.start)
        self._starts.insert(index, mention.start)
        self._mentions.insert(index, mention)
        self._longest = max(self._longest, mention.end - mention.start)

    def near(self, start: int, end: int) -> list[Mention]:
        """The mentions that may overlap [start, end): a superset of those that do."""
        low = bisect_right(self._starts, start - self._longest)
        return self._mentions[low : bisect_left(self._starts, end)]

    def overlaps(self, mention: Mention) -> bool:
        return any(mention.overlaps(other) for other in self.near(mention.start, mention.end))
