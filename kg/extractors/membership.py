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
# How far back (characters) the last body of a post's kind may be named: the sentence
# before, or the one before it
_LAST_BODY_REACH = 120
_THIS_BODY = ("该院", "该局", "该委", "本院")
# lower-case words that say which body "the ... hospital" is ("the provincial hospital")
_LEVEL_WORDS = "provincial|municipal|prefectural|county|city|district"


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
        # ", president of the Yushu hospital", ", the hospital's president"
        "en_referred_body": re.compile(
            rf",\s+(?:(?:the\s+|a\s+)?(?P<post>(?:[\w-]+\s+)?(?i:{compile_alternatives(p['en_posts'])}))"
            rf"\s+of\s+the\s+(?:(?P<qualifier>[A-Z][\w'’-]+|{_LEVEL_WORDS})\s+)?(?P<word>{compile_alternatives(p['en_bodies_by_word'])})"
            rf"|the\s+(?:(?P<owner_qualifier>[A-Z][\w'’-]+|{_LEVEL_WORDS})\s+)?(?P<owner>{compile_alternatives(p['en_bodies_by_word'])})['’]s\s+"
            rf"(?P<owner_post>(?:[\w-]+\s+)?(?i:{compile_alternatives(p['en_posts'])})))\b"
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
        named = list(posts_before_name(text, person, bodies, context.lang))
        if context.lang == "en":
            named += posts_in_apposition(text, person, bodies)
            named += contact_bodies(text, person, bodies)
            named += contact_line_post(text, person, bodies)
            if not named:
                named += post_of_body_referred_to(text, person, bodies)
        else:
            if not named:
                named += post_of_the_last_body(text, person, bodies)
            named += posts_after_name(text, person, bodies, context.findings.of_type("Person"))
        yield from named


def posts_before_name(
    text: str, person: Mention, bodies: list[Mention], lang: str
) -> Iterator[Relation]:
    """Body + post + name: every body that ends where an unbroken post phrase begins."""
    seen: set[str] = set()
    for body in bodies:
        if body.end > person.start or body.canonical in seen or _names_a_hospital(body, bodies):
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


def _names_a_hospital(body: Mention, bodies: list[Mention]) -> bool:
    """Whether an organisation opens a hospital's name (首都医科大学|附属北京中医医院): a post
    of that hospital is none of the university's."""
    return body.type == "Organization" and any(
        b.type == "Hospital" and b.start == body.start and b.end > body.end for b in bodies
    )


def posts_after_name(
    text: str, person: Mention, bodies: list[Mention], persons: list[Mention]
) -> Iterator[Relation]:
    """Name, then a verb of holding a post and body + post, in the same sentence with no
    other name between (陈立新是A针灸科主任医师，…，现任B副院长; 林晓峰则被聘为B骨伤科主任).
    A bracket after the body (A（A大学附属第一医院）针灸科主任医师) only glosses it."""
    sentence_end = _ZH_SENTENCE_END.search(text, person.end)
    stop = sentence_end.start() if sentence_end else len(text)
    later = [p.start for p in persons if person.end <= p.start < stop]
    stop = min(later, default=stop)
    grammar = post_grammar()
    seen: set[str] = set()
    for verb in _ZH_HOLDING_VERB.finditer(text, person.end, stop):
        for body in bodies:
            if body.start != verb.end() or body.canonical in seen:
                continue
            phrase = _ZH_PHRASE_END.search(text, body.end)
            end = phrase.start() if phrase else len(text)
            role = _ZH_GLOSS.sub("", text[body.end : end])
            if role and grammar["zh"].fullmatch(role):
                seen.add(body.canonical)
                yield Relation("memberOf", person, body, person.start, end, role=role)


_ZH_HOLDING_VERB = re.compile(r"(?:现任|现为|是|任|担任|兼任|出任|被聘为|受聘为|挂职)")
_ZH_SENTENCE_END = re.compile(r"[。！？；\n]")
_ZH_PHRASE_END = re.compile(r"[，,。；;、！？\n]")
_ZH_GLOSS = re.compile(r"（[^）]{0,30}）")


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


def contact_line_post(text: str, person: Mention, bodies: list[Mention]) -> Iterator[Relation]:
    """ "TCM Talent Division, Provincial Health Commission: Zhou Min (Principal Staff
    Member), Xu Hang (Deputy Director)": a line that opens with a unit and a colon lists
    its people, each with the post in brackets after the name."""
    post = _POST_IN_BRACKETS.match(text, person.end)
    if post is None:
        return
    line_start = text.rfind("\n", 0, person.start) + 1
    colon = text.find(":", line_start, person.start)
    unit = next((b for b in bodies if b.start == line_start), None)
    if colon >= 0 and unit is not None and unit.end <= colon:
        yield Relation(
            "memberOf", person, unit, person.start, post.end(), role=post.group(1).strip()
        )


_POST_IN_BRACKETS = re.compile(r" \(([^()\n]{2,60})\)")


def post_of_the_last_body(text: str, person: Mention, bodies: list[Mention]) -> Iterator[Relation]:
    """院长黄德明说: a post that opens a clause, with no body before it, is held in the
    last body of the post's kind (a hospital's 院长, a bureau's 局长) named before it."""
    kinds: dict[str, str] = load_patterns("person")["zh_posts_of_the_last_body"]
    post = next(
        (p for p in sorted(kinds, key=len, reverse=True) if text.endswith(p, 0, person.start)), None
    )
    opening = person.start - len(post) if post else 0
    if post is not None and text.endswith(_THIS_BODY, 0, opening):
        opening -= 2  # 该院副院长胡日查: "this hospital's" points back as the bare post does
    if post is None or (opening > 0 and "\u4e00" <= text[opening - 1] <= "\u9fff"):
        return
    body = _last_before(bodies, opening, kinds[post])
    if body is not None and opening - body.end <= _LAST_BODY_REACH:
        yield Relation("memberOf", person, body, opening, person.end, role=post)


def post_of_body_referred_to(
    text: str, person: Mention, bodies: list[Mention]
) -> Iterator[Relation]:
    """ "Gesang Dorje, president of the Yushu hospital", "Nong Jianhua, the hospital's
    president": the body is the last one of its kind named before, whose name holds the
    qualifier if one is given."""
    match = post_grammar()["en_referred_body"].match(text, person.end)
    if not match:
        return
    kinds: dict[str, str] = load_patterns("person")["en_bodies_by_word"]
    word = (match.group("word") or match.group("owner")).lower()
    qualifier = match.group("qualifier") or match.group("owner_qualifier")
    candidates = [
        b
        for b in bodies
        if b.type == kinds[word]
        and b.end <= person.start
        and (not qualifier or qualifier.lower() in b.text.lower())
    ]
    # a qualifier says which body, however far back it was named
    reach = len(text) if qualifier else _LAST_BODY_REACH * 4
    if candidates and person.start - candidates[-1].end <= reach:
        role = (match.group("post") or match.group("owner_post")).strip()
        yield Relation("memberOf", person, candidates[-1], person.start, match.end(), role=role)


def _last_before(bodies: list[Mention], position: int, kind: str) -> Mention | None:
    before = [b for b in bodies if b.type == kind and b.end <= position]
    return before[-1] if before else None


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
