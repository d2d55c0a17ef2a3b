"""memberOf: a person holds a post in a body, as news reports introduce officials.

Two word orders state it. The body, then the post, then the name
(西河街道社区卫生服务中心党支部书记钱娇玲, "SATCM deputy director Zhao Wenhua"):
the post is the words between the body and the name. Or the name, then the
post in apposition ("Zhao Wenhua, deputy director of the Department of Medical
Affairs of the State Administration of TCM"): the post is the words between
the comma and the body.

A post inside nested bodies belongs to each of them, worded from that body's
point of view: 哈密市维吾尔医医院医保科副主任 is 副主任 of the department and
医保科副主任 of the hospital."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from functools import cache

from spacy.tokens import Doc

from kg.extractors import ExtractionContext, compile_alternatives, extractor, load_patterns, text_of
from kg.model import Mention, Relation

BODY_TYPES = ("Agency", "Hospital", "Organization")
_LONGEST_ZH_POST_PHRASE = 16
_LONGEST_EN_APPOSITION = 240


@cache
def post_grammar() -> dict[str, re.Pattern[str]]:
    p = load_patterns("person")
    return {
        "zh": re.compile(
            rf"[^\s，,。；;、：:（）()“”\"]{{0,{_LONGEST_ZH_POST_PHRASE}}}"
            rf"{compile_alternatives(p['zh_posts'])}"
        ),
        # a post word alone: each later part of 党组书记、主任 must be one
        "zh_post_word": re.compile(compile_alternatives(p["zh_posts"])),
        "en_before_name": re.compile(
            rf"(?:['’]s)?\s+((?:[\w-]+\s+)?(?i:{compile_alternatives(p['en_posts'])}))\s+"
        ),
        "en_coordinated_post": re.compile(
            rf"\s*,?\s+and\s+(?:the\s+|a\s+)?((?:[\w-]+\s+)?(?i:{compile_alternatives(p['en_posts'])}))"
            r"\s+(?:of|at|in)\s+(?:the\s+)?"
        ),
        "en_contact": re.compile(rf"{compile_alternatives(p['en_contact_cues'])}[ \t]*$"),
        "en_apposition": re.compile(
            rf",\s+(?:the\s+|a\s+|an\s+)?((?:[\w-]+\s+)?(?i:{compile_alternatives(p['en_posts'])})"
            r"(?:\s+and\s+[\w-]+(?:\s+[\w-]+)?)?)\s+(?:of|at|in|from|with)\s+(?:the\s+)?"
        ),
    }


@extractor("membership", order=120)
def extract_memberships(doc: Doc, context: ExtractionContext) -> Iterator[Relation]:
    text = text_of(doc)
    bodies = sorted(context.findings.of_type(*BODY_TYPES), key=lambda m: (m.start, -m.end))
    for person in context.findings.of_type("Person"):
        yield from posts_before_name(text, person, bodies, context.lang)
        if context.lang == "en":
            yield from posts_in_apposition(text, person, bodies)
            yield from contact_bodies(text, person, bodies)


def posts_before_name(
    text: str, person: Mention, bodies: list[Mention], lang: str
) -> Iterator[Relation]:
    """Body + post + name: every body that ends where an unbroken post phrase begins."""
    seen: set[str] = set()
    for body in bodies:
        if body.end > person.start or body.canonical in seen:
            continue
        gap = text[body.end : person.start]
        if lang == "zh":
            role = gap if post_grammar()["zh"].fullmatch(gap) or _coordinated_posts(gap) else None
            if role is None:
                role = _first_of_chained_posts(text, body, person, bodies)
        else:
            match = post_grammar()["en_before_name"].fullmatch(gap)
            role = match.group(1) if match else None
        if role:
            seen.add(body.canonical)
            yield Relation("memberOf", person, body, body.start, person.end, role=role.strip())


def posts_in_apposition(text: str, person: Mention, bodies: list[Mention]) -> Iterator[Relation]:
    """Name + ", post of the body": the first body after the post and every body
    nested in or chained onto it ("of the Department ... of the State Administration").
    Further posts joined by "and" ("..., member of the Party leadership group of A and
    director of B") are read the same way, each in the bodies after it."""
    grammar = post_grammar()
    match = grammar["en_apposition"].match(text, person.end)
    seen: set[str] = set()
    while match:
        reach = yield from _bodies_of_post(text, person, bodies, match, seen)
        if reach is None:
            return
        match = grammar["en_coordinated_post"].match(text, reach)


def _bodies_of_post(
    text: str, person: Mention, bodies: list[Mention], match: re.Match[str], seen: set[str]
) -> Generator[Relation, None, int | None]:
    """memberOf for the post `match` read, in the body right after it and those chained
    onto that one; returns where the last of them ends (None if no body follows)."""
    role_start, reach = match.start(1), match.end()
    for body in bodies:
        if body.start < match.end() or body.canonical in seen:
            continue
        chained = reach > match.end() and (
            body.start < reach
            or re.fullmatch(r"\s+(?:of|under)\s+(?:the\s+)?", text[reach : body.start])
        )
        if body.start != match.end() and not chained:
            continue
        role = re.sub(
            r"\s+(?:of|at|in|from|with)(?:\s+the)?\s*$", "", text[role_start : body.start].strip()
        )
        seen.add(body.canonical)
        reach = max(reach, body.end)
        yield Relation("memberOf", person, body, person.start, body.end, role=role)
    return reach if reach > match.end() else None


def contact_bodies(text: str, person: Mention, bodies: list[Mention]) -> Iterator[Relation]:
    """A notice's contact line, "Contact: X, Division of ..., Provincial Administration of
    ...": the person is the contact person of each body listed after the name."""
    if not post_grammar()["en_contact"].search(text, max(0, person.start - 24), person.start):
        return
    position, seen = person.end, set()
    while True:
        joint = re.match(r"\s*,\s*(?:the\s+)?", text[position:])
        body = (
            next((b for b in bodies if b.start == position + joint.end()), None) if joint else None
        )
        if body is None:
            return
        if body.canonical not in seen:
            seen.add(body.canonical)
            yield Relation("memberOf", person, body, person.start, body.end, role="contact person")
        position = body.end


def _coordinated_posts(gap: str) -> bool:
    """党组书记、主任: posts joined by 、, all held in the one body before them. The first
    may be a post phrase (医保科副主任); each later part must be a post word alone, so
    that a part naming another body (、省中医药管理局局长) is not taken for a post."""
    first, *rest = gap.split("、")
    grammar = post_grammar()
    return (
        bool(rest)
        and grammar["zh"].fullmatch(first) is not None
        and all(grammar["zh_post_word"].fullmatch(part) for part in rest)
    )


def _first_of_chained_posts(
    text: str, body: Mention, person: Mention, bodies: list[Mention]
) -> str | None:
    """福建省卫生健康委员会党组成员、省中医药管理局局长陈新宇: the post before 、 is held
    in the first body when the rest up to the name is another body and its post."""
    gap = text[body.end : person.start]
    post, sep, _ = gap.partition("、")
    if not sep or not post or not post_grammar()["zh"].fullmatch(post):
        return None
    next_start = body.end + len(post) + 1
    following = [b for b in bodies if b.start == next_start and b.end <= person.start]
    if not following:
        return None
    rest = text[max(b.end for b in following) : person.start]
    return post if post_grammar()["zh"].fullmatch(rest) else None
