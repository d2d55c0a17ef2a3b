"""Resolve: turn a document's mentions into entities with stable IRIs.

Overlapping mentions are settled (the longer name wins; a place may sit inside
another name), mentions of one thing are grouped by their normalised canonical
name, and each group becomes an `Entity` whose IRI depends only on its type and
key, so the same input always yields the same IRIs."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from kg.lexicon import abbreviations
from kg.model import Findings, Mention, SpanIndex

# Which types may lie wholly inside a longer mention of which others: a place in
# any name but a person's (楚雄 in 林楚雄 is no place), a body inside its sub-unit's
# name or a title (the issuer of 《中共中央关于…的决定》), anything inside a task's
# heading sentence.
_ANY = frozenset({"Agency", "Hospital", "Programme", "Task", "Person", "Place", "Organization"})
NESTING = {
    "Place": _ANY - {"Person"},
    "Agency": frozenset({"Agency", "Programme", "Task", "Organization", "Hospital"}),
    "Hospital": frozenset({"Organization", "Programme", "Task"}),
    "Programme": frozenset({"Task"}),
    "Organization": frozenset({"Task", "Programme", "Hospital"}),
    "Person": frozenset({"Organization"}),  # 林楚雄 in 林楚雄名医工作室
}
_TYPE_PRIORITY = {
    t: i
    for i, t in enumerate(
        ("Task", "Programme", "Hospital", "Agency", "Organization", "Person", "Place")
    )
}


@dataclass(slots=True)
class Entity:
    """One thing a document names. `identity` is the IRI path under the data
    namespace that linking chose, and `link_rule` says why, for `kg explain`."""

    type: str
    key: str
    name: str
    lang: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    identity: str = ""
    link_rule: str = "same normalised name in the document"

    @property
    def local_id(self) -> str:
        return self.identity or f"{self.type.lower()}/{slug_for(self.key)}"


_QUOTES = re.compile(r"[\"'“”‘’《》「」『』〈〉]")
_ARTICLE = re.compile(r"^the\s+")
_SPACES = re.compile(r"\s+")
_SPACE_IN_CHINESE = re.compile(
    r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff\d])|(?<=\d) (?=[\u4e00-\u9fff])"
)


@lru_cache(maxsize=8192)
def normalise_name(name: str) -> str:
    """The form two names must share to denote the same entity: NFKC, case-folded,
    quotes, brackets and a leading article dropped, spaces collapsed. Kept for the
    names seen last: resolving and linking ask for the same names many times."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _QUOTES.sub("", text)
    text = _ARTICLE.sub("", text.strip())
    text = _SPACES.sub(" ", text)
    text = _SPACE_IN_CHINESE.sub("", text)
    return text.strip(" .,;:。，；：、")


def slug_for(key: str) -> str:
    """A readable, stable IRI segment: ASCII words of the key plus a short hash."""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    words = re.findall(r"[a-z0-9]+", key.lower())
    readable = "-".join(words)[:48].strip("-")
    return f"{readable}-{digest}" if readable else digest


def settle_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions, unless `NESTING` lets one sit in another."""
    ordered = sorted(
        set(mentions),
        key=lambda m: (-(m.end - m.start), _TYPE_PRIORITY.get(m.type, 99), m.start, m.type, m.text),
    )
    kept: list[Mention] = []
    index = SpanIndex()
    for mention in ordered:
        clash = any(
            mention.overlaps(other)
            and not (
                other.type in NESTING.get(mention.type, ())
                and other.start <= mention.start
                and mention.end <= other.end
                and (other.start, other.end) != (mention.start, mention.end)
            )
            for other in index.near(mention.start, mention.end)
        )
        if not clash:
            kept.append(mention)
            index.add(mention)
    return sorted(kept, key=lambda m: (m.start, m.end, m.type))


def resolve_entities(
    findings: Findings, lang: str, task_scope: str
) -> dict[tuple[str, str], Entity]:
    """Group the mentions into entities, keyed by (type, normalised canonical name).

    Tasks are items of one document, so their keys carry `task_scope` (the
    document's hash); every other type is shared by all documents that name it.
    """
    findings.mentions = settle_overlaps(findings.mentions)
    entities: dict[tuple[str, str], Entity] = {}
    canonical_names: dict[tuple[str, str], set[str]] = {}
    for mention in findings.mentions:
        key = entity_key(mention, task_scope)
        entity = entities.get((mention.type, key))
        if entity is None:
            entity = entities[(mention.type, key)] = Entity(
                mention.type, key, mention.canonical, lang
            )
        entity.mentions.append(mention)
        entity.aliases.add(mention.text)
        canonical_names.setdefault((mention.type, key), set()).add(mention.canonical)
    _merge_place_qualified(entities, canonical_names)
    _merge_english_heads(entities, canonical_names)
    for ident, entity in entities.items():
        entity.name = _fullest(canonical_names[ident])
        entity.aliases.discard(entity.name)
        entity.aliases = {
            a for a in entity.aliases if normalise_name(a) != normalise_name(entity.name)
        }
    return entities


_QUALIFIED_TYPES = ("Agency", "Hospital", "Organization")


def _merge_place_qualified(
    entities: dict[tuple[str, str], Entity], canonical_names: dict[tuple[str, str], set[str]]
) -> None:
    """雁江区卫生健康局 and 资阳市雁江区卫生健康局 in one document are one body, and so are
    "Provincial Department of Civil Affairs" and "Hebei Provincial Department of Civil
    Affairs": a name that another name extends only by places of the document is
    merged into it."""
    places = {
        normalise_name(a)
        for (t, _), e in entities.items()
        if t == "Place"
        for a in (e.aliases | {e.name})
    }
    if not places:
        return
    for etype in _QUALIFIED_TYPES:
        keys = sorted((k for k in entities if k[0] == etype), key=lambda k: len(k[1]))
        spelled = {k: _spelled_out(k[1]) for k in keys}
        for short in keys:
            fuller = next(
                (
                    k
                    for k in reversed(keys)
                    if k != short
                    and k in entities
                    and spelled[k].endswith(spelled[short])
                    # "Hebei Provincial Health Commission": English puts a space after
                    and _is_place_run(spelled[k][: -len(spelled[short])].rstrip(), places)
                ),
                None,
            )
            if fuller is None or short not in entities:
                continue
            _merge(entities, canonical_names, short, fuller)


def _merge_english_heads(
    entities: dict[tuple[str, str], Entity], canonical_names: dict[tuple[str, str], set[str]]
) -> None:
    """ "The First Affiliated Hospital has ..." after "the First Affiliated Hospital of
    Guangxi University of Chinese Medicine" is that hospital: an English name that one
    other name of its type, and only one, extends by an "of" phrase."""
    for etype in ("Hospital", "Organization"):
        keys = [k for k in entities if k[0] == etype]
        for short in keys:
            fuller = [k for k in keys if k[1].startswith(f"{short[1]} of ")]
            if len(fuller) == 1 and short[1].isascii():
                _merge(entities, canonical_names, short, fuller[0])


def _merge(
    entities: dict[tuple[str, str], Entity],
    canonical_names: dict[tuple[str, str], set[str]],
    short: tuple[str, str],
    fuller: tuple[str, str],
) -> None:
    merged = entities.pop(short)
    target = entities[fuller]
    target.mentions += merged.mentions
    target.aliases |= merged.aliases
    canonical_names[fuller] |= canonical_names.pop(short)


@cache
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    expansions = {
        normalise_name(short): normalise_name(full) for short, full in abbreviations().items()
    }
    words = "|".join(re.escape(short) for short in sorted(expansions, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{words})\b")
    return pattern, expansions


def _spelled_out(name: str) -> str:
    """A normalised name with the abbreviations in it written out ("… of tcm" as "… of
    traditional chinese medicine")."""
    pattern, expansions = _abbreviations()
    return pattern.sub(lambda m: expansions[m.group()], name)


def _is_place_run(text: str, places: set[str]) -> bool:
    """Whether `text` is one or more of `places` written back to back. (Not a regex of
    the places: they differ per document, and compiling one costs more than this.)"""
    if not text:
        return "" in places
    ends = {0}  # where a run of places read from the start may end
    for position in range(len(text)):
        if position in ends:
            ends.update(position + len(p) for p in places if p and text.startswith(p, position))
    return len(text) in ends


def entity_finder(
    entities: dict[tuple[str, str], Entity], task_scope: str
) -> Callable[[Mention], Entity | None]:
    """The entity each mention was resolved into: the one that holds it, which for a
    name merged into a fuller one (`_merge_place_qualified`, `_merge_english_heads`)
    is not the one its own name keys; else, for a mention that overlaps another and
    was dropped, the entity of its name."""
    holders = {id(m): entity for entity in entities.values() for m in entity.mentions}

    def find(mention: Mention) -> Entity | None:
        held = holders.get(id(mention))
        if held is not None:
            return held
        return entities.get((mention.type, entity_key(mention, task_scope)))

    return find


def entity_key(mention: Mention, task_scope: str) -> str:
    key = normalise_name(mention.canonical)
    return f"{task_scope}:{key}" if mention.type == "Task" else key


def _fullest(names: set[str]) -> str:
    return max(names, key=lambda n: (len(normalise_name(n)), n))
