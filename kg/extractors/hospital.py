"""Hospitals: one named facility each, never the generic category.

A facility name is a place or proper name followed by a facility type
(哈密市维吾尔医医院, 伊州区西河街道社区卫生服务中心, "Dalian Central Hospital").
A role name after a bare level word (区中医医院, 市中医医院) denotes the
facility of the document's own district or city, and is named after it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from spacy.attrs import IDX
from spacy.tokens import Doc

from kg.extractors import (
    ExtractionContext,
    compile_alternatives,
    extractor,
    load_patterns,
    make_mention,
    text_of,
)
from kg.extractors.place import chinese_gazetteer
from kg.model import Mention


@cache
def _grammar() -> dict[str, re.Pattern[str]]:
    p = load_patterns("facility")
    heads = compile_alternatives([*p["en_facility_types"], *p["en_org_types"]])
    next_name = rf"(?!(?:[A-Z][\w'’\-]*[ \t]+)*{heads}(?![\w'’]))"
    types = compile_alternatives(p["zh_facility_types"])
    # a character of a name: never a break (由, 与, 、) nor the start of a facility type
    # that ends a name before it (永顺县中医医院|由…附属医院 is two names)
    name_char = rf"(?:(?!{compile_alternatives(p['zh_name_breaks'])}|{types})[\u4e00-\u9fff])"
    unmarked_breaks = compile_alternatives(p["zh_unmarked_affiliation_breaks"])
    return {
        "zh_type": re.compile(types),
        # 湖南省直中医医院, 株洲市中医伤科医院: modifiers between the place and the type
        "zh_modified": re.compile(
            rf"(?:{compile_alternatives(p['zh_type_modifiers'])}){{1,3}}{types}"
        ),
        # 广西中医药大学第一附属医院, 上海中医药大学附属龙华医院: a university's hospital;
        # 湖南省中医药研究院附属医院: an academy's
        "zh_affiliated": re.compile(
            rf"{name_char}{{0,12}}?{compile_alternatives(p['zh_affiliating_bodies'])}"
            r"(?:第[一二三四五六七八九十\d]{1,3})?附属(?:第[一二三四五六七八九十\d]{1,3})?"
            rf"{name_char}{{0,6}}?{types}"
        ),
        # 北京中医药大学东直门医院, 四川大学华西医院: a university's hospital named without
        # 附属, by a short proper name that is neither a phrase (大学专家赴X医院) nor a
        # level word's role name (大学帮扶县中医医院), or by a type that is a name by
        # itself (北京大学人民医院, not 大学医院)
        "zh_affiliated_unmarked": re.compile(
            rf"{name_char}{{0,12}}?{compile_alternatives(p['zh_affiliating_bodies'])}"
            rf"(?:(?:(?!{unmarked_breaks}){name_char}){{2,5}}?"
            rf"(?<![{''.join(p['zh_levels'])}]){types}|(?!医院){types})"
        ),
        "zh_role": re.compile(
            rf"{compile_alternatives(p['zh_levels'])}{compile_alternatives(p['zh_role_types'])}"
        ),
        # A capital first, the test for a word start after it: a pattern that opens with
        # a character class lets the engine skip ahead to where one occurs.
        "en": re.compile(
            # "Qiongzhong Li and Miao Autonomous County Hospital": "and" between two peoples
            r"([A-Z](?<![\w'’].)[\w'’\-]*[ \t]+"
            r"(?:(?:[A-Z][\w'’\-]*|and(?=[ \t]+[A-Z][a-z]+[ \t]+Autonomous\b))[ \t]+)*)"
            rf"{compile_alternatives(p['en_facility_types'])}(?![\w'’])"
            # "Ruikang Hospital Affiliated to Guangxi University of Chinese Medicine"
            rf"(?:[ \t]+Affiliated[ \t]+to[ \t]+(?:the[ \t]+)?(?:[A-Z][\w'’\-]*[ \t]+)+"
            rf"{compile_alternatives(p['en_org_types'])}"
            r"(?:[ \t]+of(?:[ \t]+(?:[A-Z][\w'’\-]*|TCM))+)?(?![\w'’])"
            # "... Hospital of Traditional Chinese Medicine", "... Hospital of X University"
            r"|[ \t]+of[ \t]+(?:the[ \t]+)?(?:[A-Z][\w'’\-]*|TCM)"
            # "... of Integrated Traditional Chinese and Western Medicine" goes on past "and";
            # "... of TCM and Zigui County Hospital" is two names: the tail stops before an
            # "and" that opens another facility's (or organisation's) name
            rf"(?:[ \t]+(?:of[ \t]+|and[ \t]+{next_name})?(?:[A-Z][\w'’\-]*|TCM))*)?"
        ),
    }


@extractor("hospital", order=30)
def extract_hospitals(doc: Doc, context: ExtractionContext) -> Iterator[Mention]:
    if context.lang == "zh":
        yield from _extract_chinese(doc, context)
    else:
        yield from _extract_english(doc)


def _extract_english(doc: Doc) -> Iterator[Mention]:
    generic = set(load_patterns("facility")["en_generic_words"])
    text = text_of(doc)
    previous: Mention | None = None
    for match in _grammar()["en"].finditer(text):
        words = match.group(1).split()
        while words and (words[0] in leading_non_name_words() or words[0].lower() == "and"):
            words = words[1:]
        if not words or all(w in generic for w in words):
            continue
        start = match.end(1) - len(" ".join(words)) - 1
        # "Tianjin Academy of TCM Affiliated Hospital": the institution opens the name
        owner = _INSTITUTION_OF.search(text, max(0, start - 80), start)
        if owner and words == match.group(1).split():
            opening = owner.group().split()[0]
            start = owner.start() + (len(opening) + 1 if opening in leading_non_name_words() else 0)
        # "X Hospital, also known as the Y Hospital": the second name is the first's
        also = previous is not None and _ALSO_KNOWN_AS.fullmatch(text, previous.end, start)
        name = previous.canonical if also and previous is not None else None
        mention = make_mention(doc, "Hospital", start, match.end(), name=name, source="hospital")
        yield mention
        previous = mention


_INSTITUTION_OF = re.compile(
    r"(?<![\w'’])(?:[A-Z][\w'’-]*[ \t]+)+(?:Academy|University|College|Institute)[ \t]+of[ \t]+$"
)
_ALSO_KNOWN_AS = re.compile(
    r",?\s+(?:also|formerly)\s+(?:known\s+as|called)\s+(?:the\s+)?|\s+\((?:also\s+)?(?:known\s+as|called)\s+(?:the\s+)?"
)


@cache
def leading_non_name_words() -> frozenset[str]:
    """Capitalised words that open a sentence rather than a name: articles, prepositions,
    and the imperative verbs that open a plan's items ("Support X Hospital in ...")."""
    return frozenset(
        {"The", "A", "An", "In", "At", "By", "To", "For", "With", "Since", "From", "Under"}
        | set(load_patterns("duty")["task_verbs"])
    )


def _extract_chinese(doc: Doc, context: ExtractionContext) -> Iterator[Mention]:
    text = text_of(doc)
    grammar = _grammar()
    places = sorted(context.findings.of_type("Place"), key=lambda m: m.start)
    found: list[Mention] = []
    last_places = {p.end: p for p in places}
    # (division code of the place a facility is named after, the rest of its name) -> name
    by_division: dict[tuple[str, str], str] = {}
    starts = dict(_chain_starts(places))
    # 中国中医科学院西苑医院: a national institution's hospital, named without a place
    for institution in _national_institutions().finditer(text):
        starts.setdefault(institution.start(), institution.start())
    for end, start in sorted(starts.items()):
        match = (
            grammar["zh_affiliated"].match(text, end)
            or grammar["zh_affiliated_unmarked"].match(text, end)
            or max(
                (grammar[k].match(text, end) for k in ("zh_type", "zh_modified")),
                key=lambda m: m.end() if m else -1,
            )
        )
        if match:
            # 乳源县中医医院 where the text also names 乳源瑶族自治县中医医院: one hospital
            place = last_places.get(end)
            in_full = (
                text[start : place.start] + place.name + match.group()
                if place is not None and place.name
                else None
            )
            name = in_full if in_full and in_full in text else None
            hospital = make_mention(
                doc, "Hospital", start, match.end(), name=name, source="hospital"
            )
            found.append(hospital)
            code = _division_code(last_places[end].text) if end in last_places else None
            if code:
                by_division.setdefault((code, match.group()), hospital.canonical)
    token_starts = set(doc.to_array(IDX).tolist())  # no Token object per word: they cost more
    # jieba may join a conjunction to the level word (…委|和县|中医院)
    conjunctions = tuple(load_patterns("place")["zh_conjunctions"])
    for match in grammar["zh_role"].finditer(text):
        start = match.start()
        if any(m.start <= start < m.end for m in found) or not (
            start in token_starts or text[start - 1 : start] in conjunctions
        ):
            continue
        owner = _owner_place(context.info.place, text[start])
        role = text[start + 1 : match.end()]
        # 州中医医院 in a 大理白族自治州 document is the 大理州中医医院 named before
        code = _division_code(owner) if owner else None
        name = by_division.get((code, role)) if code else None
        found.append(
            make_mention(
                doc,
                "Hospital",
                start,
                match.end(),
                name=name or (owner + role if owner else None),
                source="hospital",
            )
        )
    yield from _name_short_forms(found)


@cache
def _national_institutions() -> re.Pattern[str]:
    return re.compile(compile_alternatives(load_patterns("facility")["zh_national_institutions"]))


def _name_short_forms(found: list[Mention]) -> Iterator[Mention]:
    """西河街道社区卫生服务中心 after 伊州区西河街道社区卫生服务中心 is the same facility,
    named from its lowest place: it takes the full name."""
    names = sorted({m.canonical for m in found}, key=len, reverse=True)
    for mention in found:
        fuller = next(
            (n for n in names if len(n) > len(mention.canonical) and n.endswith(mention.canonical)),
            None,
        )
        if fuller and mention.name is None:
            yield Mention(
                mention.type, mention.start, mention.end, mention.text, fuller, mention.source
            )
        else:
            yield mention


def _chain_starts(places: list[Mention]) -> dict[int, int]:
    """End offset -> start offset of each run of adjacent places."""
    starts: dict[int, int] = {}
    for place in places:
        starts[place.end] = starts.pop(place.start, place.start)
    return starts


def _division_code(name: str) -> str | None:
    """The division a place name denotes in full or short form (大理州, 大理白族自治州)."""
    _, full, short = chinese_gazetteer()
    division = full.get(name) or short.get(name)
    return division.code if division else None


def _owner_place(place: str | None, level: str) -> str | None:
    """The document's own place at `level` (区 -> 雁江区 in a 资阳市雁江区 document)."""
    if not place:
        return None
    parts = re.findall(r".+?(?:自治区|自治州|省|市|区|县|旗)", place)
    return next((p for p in reversed(parts) if p.endswith(level)), None)
