"""Where bodies sit: `partOf` for a unit named inside its parent's name, and
`locatedIn` for bodies and facilities that their name or document places.

A body's place is the lowest place named in its name (资阳市雁江区卫生健康局 ->
雁江区; a street-level place also gives its district). A local body whose name
states no place serves the document's own jurisdiction ("Municipal Finance
Bureau" in a Dalian plan); national bodies have no place."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from spacy.tokens import Doc

from kg.extractors import ExtractionContext, extractor, text_of
from kg.model import Mention, Relation
from kg.resolve import normalise_name

_NATIONAL = re.compile(
    r"^(?:State|National|Central|CPC|Ministry|China)\b|^(?:国家|国务院|中共中央|中央|全国)"
)
_SUB_DIVISION = re.compile(r"(?:街道|乡|镇|民族乡|村|社区)$|(?:Street|Township|Town|Village)$")
# A unit is part of a body or a facility; a university named in its affiliated
# hospital's name ("First Affiliated Hospital of X University") is not its parent.
_PARENT_TYPES = ("Agency", "Hospital")
_LOCAL_BODY = re.compile(r"(?i)\b(?:municipal|city|county|district|provincial)\b|^[市区县省]")


@extractor("structure", order=105)
def extract_structure(doc: Doc, context: ExtractionContext) -> Iterator[Relation]:
    mentions = context.findings.mentions
    bodies = [m for m in mentions if m.type in ("Agency", "Hospital", "Organization")]
    places = [m for m in mentions if m.type == "Place"]
    home = _home_place(places, context.info.place)
    yield from _seated_in(text_of(doc), [m for m in mentions if m.type == "Agency"])
    if context.lang == "en":
        yield from _in_a_place(text_of(doc), bodies, places)
    # by start, to find what lies inside a body by bisecting rather than testing every pair
    body_order = sorted(range(len(bodies)), key=lambda i: bodies[i].start)
    body_starts = [bodies[i].start for i in body_order]
    places_by_start = sorted(places, key=lambda p: p.start)
    place_starts = [p.start for p in places_by_start]
    for body in bodies:
        first = bisect_left(body_starts, body.start)
        stop = bisect_right(body_starts, body.end)
        parents = [
            p
            for p in (bodies[i] for i in sorted(body_order[first:stop]))
            if p is not body
            and p.type in _PARENT_TYPES
            and p.canonical != body.canonical
            and p.end <= body.end
        ]
        for parent in parents:
            yield Relation("partOf", body, parent, body.start, body.end)
        if body.type == "Organization":
            continue  # places are given for agencies and hospitals, the bodies that serve one
        first = bisect_left(place_starts, body.start)
        stop = bisect_right(place_starts, body.end)
        inside = [p for p in places_by_start[first:stop] if p.end <= body.end]
        for place in _lowest_places(inside):
            yield Relation("locatedIn", body, place, body.start, body.end)
        if (
            not inside
            and home is not None
            and body.type != "Organization"
            and not _NATIONAL.search(body.canonical)
            and (_LOCAL_BODY.search(body.text) or body.type == "Agency")
        ):
            yield Relation("locatedIn", body, home, body.start, body.end)


def _lowest_places(chain: list[Mention]) -> list[Mention]:
    """The last place of a chain, and its parent too when the last is a street or township."""
    if not chain:
        return []
    lowest = chain[-1]
    if len(chain) > 1 and _SUB_DIVISION.search(lowest.canonical):
        return [chain[-2], lowest]
    return [lowest]


def _home_place(places: list[Mention], jurisdiction: str | None) -> Mention | None:
    """The place mention that names the document's own jurisdiction, if any."""
    if not jurisdiction:
        return None
    wanted = normalise_name(jurisdiction)
    for place in places:
        names = {normalise_name(place.text), normalise_name(place.canonical)}
        if any(n and (wanted.endswith(n) or n.startswith(wanted)) for n in names):
            return place
    return None


_IN_A_PLACE = re.compile(r",?\s+(?:(?:located|based)\s+)?in\s+(?:the\s+)?")
_AND = re.compile(r",?\s+and\s+(?:the\s+)?")


def _in_a_place(text: str, bodies: list[Mention], places: list[Mention]) -> Iterator[Relation]:
    """ "Xinbin County Hospital of TCM in Fushun", "A and B in Shenyang": a facility or
    body followed by "in" and a place is located there, as is one joined to it by "and"."""
    place_at = {p.start: p for p in places}
    ordered = sorted((b for b in bodies if b.type != "Organization"), key=lambda m: m.start)
    for index, body in enumerate(ordered):
        joint = _IN_A_PLACE.match(text, body.end)
        place = place_at.get(joint.end()) if joint else None
        if place is None:
            continue
        yield Relation("locatedIn", body, place, body.start, place.end)
        before = ordered[index - 1] if index else None
        if before is not None and _AND.fullmatch(text, before.end, body.start):
            yield Relation("locatedIn", before, place, before.start, place.end)


_SEATED = re.compile(
    r"^\s*(?:设在|设于|挂靠)\s*$|^\s+(?:(?:will|shall)\s+be|is|are)\s+(?:set\s+up|located|based)\s+(?:at|in)\s+(?:the\s+)?$"
)


def _seated_in(text: str, agencies: list[Mention]) -> Iterator[Relation]:
    """ "领导小组办公室设在市卫生健康委", "The joint conference office will be set up at the
    Municipal Health Commission": an office seated in a body is a unit of it."""
    ordered = sorted(agencies, key=lambda m: m.start)
    for office, host in zip(ordered, ordered[1:], strict=False):
        if office.end <= host.start and _SEATED.match(text[office.end : host.start]):
            yield Relation("partOf", office, host, office.start, host.end)
