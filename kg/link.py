"""Link: give each resolved entity its identity across documents and languages.

A document's entities become graph nodes here. The rules, in order, each
recorded on the entity so that `kg explain` can say why mentions share a node:

1. a name in the curated register of authorities (`ontology/authorities.ttl`)
   is that authority, in either language, with its Wikidata identifier;
2. a place found in the division gazetteer is linked to the division with that
   code (its node is shared by every document and language that names it);
   a place below the gazetteer's counties, written after one (伊州区柳树沟乡),
   lies in that division;
3. a local body named without its jurisdiction ("Municipal Finance Bureau")
   belongs to the document's jurisdiction, so two cities' bureaus stay two;
4. otherwise, the same type and normalised name is the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.authorities import find_authority
from kg.gazetteer import Division, ancestors, find_division
from kg.model import DocumentInfo
from kg.resolve import Entity, normalise_name, slug_for

_NATIONAL = re.compile(
    r"^(?:the\s+)?(?:State|National|Central|CPC|Ministry|China|Chinese)\b|"
    r"^(?:国家|国务院|中共中央|中央|全国|中华人民共和国)"
)
_LOCAL_TYPES = ("Agency", "Hospital", "Organization")
_JURISDICTION_PART = re.compile(r".+?(?:自治区|自治州|省|市|区|县|旗|盟)")


@dataclass(frozen=True, slots=True)
class ReferenceName:
    """A name that reference data (register or gazetteer) gives a node."""

    lang: str
    name: str


@dataclass(slots=True)
class Reference:
    """What reference data says of a linked node: its names, external identifiers,
    the gazetteer division it is (`division`) or lies in (`within`)."""

    names: tuple[ReferenceName, ...] = ()
    same_as: tuple[str, ...] = ()
    division: Division | None = None
    within: Division | None = None


def place_identity(division: Division) -> str:
    """The node of the place a document names, shared across documents and languages."""
    return f"place/{division.code}"


def division_identity(division: Division) -> str:
    """The node of the gazetteer division itself, where the hierarchy lives."""
    return f"division/{division.code}"


def is_national(name: str) -> bool:
    return bool(_NATIONAL.search(name))


def jurisdiction_division(info: DocumentInfo) -> Division | None:
    """The lowest division of the document's jurisdiction (雁江区 of 资阳市雁江区)."""
    if not info.place:
        return None
    parts = _JURISDICTION_PART.findall(info.place) if info.lang == "zh" else [info.place]
    within: str | None = None
    found: Division | None = None
    for part in parts:
        division = find_division(part, within=within)
        if division is None:
            break
        found, within = division, division.code
    return found


def link_entities(
    entities: dict[tuple[str, str], Entity],
    info: DocumentInfo,
    places_inside: dict[tuple[str, str], bool],
) -> dict[str, Reference]:
    """Set each entity's identity and link rule; return reference data by identity.

    `places_inside` says, per entity, whether a place is named inside its name.
    """
    home = jurisdiction_division(info)
    home_key = home.code if home else normalise_name(info.place or "")
    references: dict[str, Reference] = {}
    for entity in entities.values():
        names = {entity.name, *entity.aliases}
        authority = find_authority(entity.type, names)
        if authority is not None:
            entity.identity = authority.iri.split("/id/", 1)[1]
            entity.link_rule = "named in the register of authorities" + (
                f" ({', '.join(authority.same_as)})" if authority.same_as else ""
            )
            references[entity.identity] = Reference(
                names=tuple(ReferenceName(lang, name) for lang, name in authority.labels),
                same_as=authority.same_as,
            )
            continue
        if entity.type == "Place":
            division = _find_place_division(names, home)
            if division is not None:
                entity.identity = place_identity(division)
                entity.link_rule = f"administrative division {division.code}"
                references[entity.identity] = _division_reference(division)
                continue
        if (
            entity.type in _LOCAL_TYPES
            and home_key
            and not places_inside[(entity.type, entity.key)]
            and not is_national(entity.name)
        ):
            entity.identity = f"{entity.type.lower()}/{slug_for(f'{home_key}|{entity.key}')}"
            entity.link_rule = (
                f"named without its jurisdiction; taken as the document's ({info.place})"
            )
    _place_sub_divisions(entities, references)
    return references


def _place_sub_divisions(
    entities: dict[tuple[str, str], Entity], references: dict[str, Reference]
) -> None:
    """A place without a division of its own, written right after one that has one
    (伊州区|柳树沟乡), lies in that division."""
    places = [e for e in entities.values() if e.type == "Place"]
    division_ending_at = {
        m.end: references[e.local_id].division
        for e in places
        if e.local_id in references
        for m in e.mentions
    }
    for entity in places:
        if entity.local_id in references:
            continue
        within = next(
            (
                division_ending_at[m.start]
                for m in entity.mentions
                if division_ending_at.get(m.start) is not None
            ),
            None,
        )
        if within is not None:
            references[entity.local_id] = Reference(within=within)


def _find_place_division(names: set[str], home: Division | None) -> Division | None:
    within_home = [home.code, *(a.code for a in ancestors(home))] if home else []
    for name in sorted(names, key=len, reverse=True):
        for scope in (*within_home, None):
            division = find_division(name, within=scope)
            if division is not None:
                return division
    return None


def _division_reference(division: Division) -> Reference:
    names = [ReferenceName("zh", division.name_zh)]
    if division.name_en:
        names.append(ReferenceName("en", division.name_en))
    return Reference(names=tuple(names), division=division)
