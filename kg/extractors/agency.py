"""Agencies: government and party bodies, by the grammar of their names.

English: capitalised words ending in an organ ("... Commission", "Bureau of ...",
"People's Government of X"), national bodies from a list, and lower-case
institution names ("the municipal party committee"). Chinese: jurisdiction +
domain + organ (资阳市雁江区卫生健康局), jurisdiction + 人民政府, leading-group
offices, national bodies. A body named inside a longer one ("Department of
Medical Affairs of the State Administration of ...") is found too, so that
`partOf` can link them; translation variants of one body share one name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache, lru_cache

from spacy.tokens import Doc

from kg.extractors import (
    ExtractionContext,
    compile_alternatives,
    extractor,
    load_patterns,
    make_mention,
    text_of,
)
from kg.model import Mention, Relation

_CAP = r"(?:[A-Z][\w'’\-]*|TCM)"
# A name never runs over a line break: "[ \t]" rather than "\s" between its words.
_SP = r"[ \t]+"
_EN_LINK = rf"(?:{_SP}(?:and|&|of|for|of{_SP}the){_SP}|{_SP})"
_GOVERNMENT_OF = re.compile(r"People['’]s Government of (?:the )?(.+?) Municipality")
_MUNICIPAL_GOVERNMENT = re.compile(r"(?i)municipal (?:people['’]s )?government")


@cache
def _english_grammar() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    patterns = load_patterns("agency")
    heads = compile_alternatives(patterns["en_heads"])
    # A name starts with a capital word or with its organ word. Checking that first spares
    # the engine trying the whole grammar at each of the many positions where none starts.
    first_chars = re.escape("".join(sorted({h[0] for h in patterns["en_heads"]})))
    name = re.compile(
        rf"(?=[A-Z{first_chars}])"
        rf"(?:(?<![\w'’])(?:{_CAP}(?:{_SP}(?:and|&){_SP}|{_SP}))*)?"
        rf"\b{heads}(?![\w'’])"
        rf"(?:{_SP}(?:of|for){_SP}(?:the{_SP})?{_CAP}(?:{_EN_LINK}{_CAP})*)?"
    )
    # word_start: these scan the whole text, which the engine can then skip through
    national = re.compile(
        compile_alternatives([*patterns["en_national"], *patterns["en_aliases"]], word_start=True)
        + r"\b"
    )
    lowercase = re.compile(compile_alternatives(patterns["en_lowercase"], word_start=True) + r"\b")
    return name, national, lowercase


@cache
def _excluded_words() -> re.Pattern[str]:
    return re.compile(
        rf"\b{compile_alternatives(load_patterns('agency')['en_not_agency_words'])}\b"
    )


def city_government_name(place: str | None, lang: str) -> str | None:
    """The canonical name of the people's government of the document's city."""
    if not place:
        return None
    if lang == "zh":
        return f"{place}人民政府"
    return f"{place} Municipal People's Government"


def canonical_english(name: str, place: str | None) -> str | None:
    """One name for the translation variants of a body, or None if `name` is canonical."""
    match = _GOVERNMENT_OF.fullmatch(name)
    if match:
        return f"{match.group(1)} Municipal People's Government"
    if _MUNICIPAL_GOVERNMENT.fullmatch(name) and place:
        return city_government_name(place, "en")
    return load_patterns("agency")["en_aliases"].get(name)


@extractor("agency", order=25)
def extract_agencies(doc: Doc, context: ExtractionContext) -> Iterator[Mention | Relation]:
    if context.lang == "zh":
        found = list(_extract_chinese(doc, context))
    else:
        found = list(_extract_english(doc, context))
    yield from _second_names_in_brackets(text_of(doc), found)


def _second_names_in_brackets(
    text: str, found: list[Mention | Relation]
) -> Iterator[Mention | Relation]:
    """州卫生健康委（州中医药管理局）, "the Provincial Health Commission (Provincial
    Administration of TCM)": a body whose bracket holds only another body's name is
    one body with two names (as a commission that also bears its TCM administration's
    nameplate); the bracketed name is the first one's alias."""
    mentions = [m for m in found if isinstance(m, Mention)]
    ends = {m.end: m for m in sorted(mentions, key=lambda m: m.end - m.start)}  # longest wins
    for item in found:
        if isinstance(item, Mention):
            opening = _OPENING_BRACKET.search(text, max(0, item.start - 2), item.start)
            outer = ends.get(opening.start()) if opening else None
            if outer is not None and _CLOSING_BRACKET.match(text, item.end):
                item = replace(item, name=outer.canonical)
        yield item


_OPENING_BRACKET = re.compile(r" ?[（(]$")
_CLOSING_BRACKET = re.compile(r"[）)]")


def _extract_english(doc: Doc, context: ExtractionContext) -> Iterator[Mention]:
    text = text_of(doc)
    name_re, national_re, lowercase_re = _english_grammar()
    place = context.info.place
    places = [(m.start, m.end) for m in context.findings.of_type("Place")]
    found: list[Mention] = []
    for match in name_re.finditer(text):
        for part_start, part_end in _split_coordination(text, match.start(), match.end()):
            start, end = _trim_english(text, part_start, part_end)
            if start is not None:
                found.extend(_english_with_parents(doc, start, end, place, places))
    for match in national_re.finditer(text):
        found.append(
            make_mention(
                doc,
                "Agency",
                match.start(),
                match.end(),
                name=canonical_english(match.group(0), place),
                source="agency",
            )
        )
    for match in lowercase_re.finditer(text):
        if not text[match.start()].islower():
            continue
        surface = match.group(0)
        found.append(
            make_mention(
                doc,
                "Agency",
                match.start(),
                match.end(),
                name=canonical_english(surface, place),
                source="agency",
            )
        )
    yield from _merge_variants(_name_bracketed_aliases(text, _name_own_governments(found)))


def _name_own_governments(mentions: list[Mention]) -> list[Mention]:
    """ "the provincial government" in a document that names one provincial government in
    full ("People's Government of Jiangxi Province") is that government."""
    renamed = []
    for m in mentions:
        level = re.fullmatch(
            r"(?i)(provincial|municipal|county|district) (?:people['’]s )?government", m.text
        )
        if level and m.name is None:
            word = level.group(1).lower()
            designation = {"provincial": "Province", "municipal": "Municipality"}.get(word, "")
            full = {
                o.canonical
                for o in mentions
                if o is not m
                and re.search(r"People['’]s Government", o.canonical)
                and not re.search(r"\b(?:General )?Office\b|\bof the\b.*\bof\b", o.canonical)
                and (
                    re.search(rf"\b{word}\b", o.canonical, re.IGNORECASE)
                    or (designation and o.canonical.endswith(designation))
                )
            }
            if len(full) == 1:
                m = Mention(m.type, m.start, m.end, m.text, full.pop(), m.source)
        renamed.append(m)
    return renamed


@cache
def _head_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Built once: 'Bureau and B…' (a coordination joint) and 'X Committee Y…' (a
    body named before its unit)."""
    heads = compile_alternatives(load_patterns("agency")["en_heads"])
    return (
        re.compile(rf"\b{heads}({_SP}(?:and|&)(?:{_SP}the)?{_SP})(?=[A-Z])"),
        re.compile(rf"(.+?\b{heads})\s+[A-Z]"),
    )


def _split_coordination(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'A Bureau and B Bureau' is two bodies: split where 'and' follows an organ word."""
    parts, position = [], start
    for joint in _head_patterns()[0].finditer(text[start:end]):
        parts.append((position, start + joint.start(1)))
        position = start + joint.end(1)
    # "... Social Security and Yunnan University of Chinese Medicine": a body, then an
    # organisation or a facility, which is no part of its name
    other = _other_kind_after_and().search(text, position, end)
    if other:
        parts.append((position, other.start()))
        position = other.end()
    parts.append((position, end))
    return parts


@cache
def _other_kind_after_and() -> re.Pattern[str]:
    facility = load_patterns("facility")
    kinds = compile_alternatives([*facility["en_org_types"], *facility["en_facility_types"]])
    return re.compile(rf"{_SP}and(?:{_SP}the)?{_SP}(?=(?:[A-Z][\w'’-]*{_SP})+{kinds}\b)")


_NOT_NAME_OPENERS = frozenset(
    {"The", "In", "A", "An", "According", "This", "That", "By", "To", "Its", "Their", "Each"}
)


def _trim_english(text: str, start: int, end: int) -> tuple[int | None, int]:
    """Drop leading words that are not part of a name (sentence-initial 'In', 'The',
    'Its' before a unit of a body named before)."""
    span = text[start:end]
    words = span.split()
    while words and words[0] in _NOT_NAME_OPENERS:
        start = text.index(words[1], start + len(words[0])) if len(words) > 1 else end
        words = words[1:]
    if len(words) < 2 or _excluded_words().search(text[start:end]):
        return None, end
    return start, end


def _english_with_parents(
    doc: Doc, start: int, end: int, place: str | None, places: list[tuple[int, int]]
) -> list[Mention]:
    """The name, and the body it names as its parent ("X of the Y", "Y Propaganda Department").
    `places` are the spans of the document's place mentions."""
    text = text_of(doc)
    surface = text[start:end]
    mentions = [
        make_mention(
            doc, "Agency", start, end, name=canonical_english(surface, place), source="agency"
        )
    ]
    name_re = _english_grammar()[0]
    # "Department of Planning and Finance of the X Commission": the parent is the first
    # "of" complement that is itself a whole name. A complement without "the" names a
    # body only with a level or a place in it ("Office of Hunan Provincial People's
    # Government"); else it says what the unit does ("Division of Medical Administration
    # of the X Commission" is no unit of a "Medical Administration").
    for candidate in re.finditer(r"\s+of\s+(the\s+)?", surface):
        tail_start = start + candidate.end()
        inner = name_re.search(text, tail_start, end)
        if (
            inner
            and inner.start() == tail_start
            and inner.end() == end
            and (candidate.group(1) or _names_a_jurisdiction(text, tail_start, end, places))
        ):
            mentions += _english_with_parents(doc, tail_start, end, place, places)
            break
    lead = _head_patterns()[1].match(surface)
    if lead and not re.search(r"\s+of\s+", surface):
        lead_end = start + lead.end(1)
        parent = text[start:lead_end]
        # "Provincial Party Committee Propaganda Department": the unit has a name of its
        # own after its parent's; in "Medical Administration Division" it has only its
        # organ word, and what comes before is what it does, not a parent.
        if len(parent.split()) >= 2 and len(text[lead_end:end].split()) >= 2:
            mentions.append(
                make_mention(
                    doc,
                    "Agency",
                    start,
                    lead_end,
                    name=canonical_english(parent, place),
                    source="agency",
                )
            )
    return mentions


def _names_a_jurisdiction(text: str, start: int, end: int, places: list[tuple[int, int]]) -> bool:
    """Whether the name text[start:end], up to an "of" of its own, holds a level word
    ("Provincial") or a place mention."""
    own = re.search(r"\s+of\s+", text[start:end])
    end = start + own.start() if own else end
    return _level_words().search(text, start, end) is not None or any(
        start <= p_start < end for p_start, _ in places
    )


@cache
def _level_words() -> re.Pattern[str]:
    return re.compile(rf"\b{compile_alternatives(load_patterns('agency')['en_level_words'])}\b")


def _name_bracketed_aliases(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "A (B)" with two bodies is one body under two names (一个机构两块牌子): B names A."""
    by_start = {m.start: m for m in mentions}
    first_by_end: dict[int, int] = {}  # end offset -> index of the first mention ending there
    for index, o in enumerate(mentions):
        first_by_end.setdefault(o.end, index)
    renamed = []
    for m in mentions:
        # the first mention that ends just before the bracket that opens before m
        ends = _bracket_opening_ends(text, m.start)
        indexes = [first_by_end[e] for e in ends if e in first_by_end]
        outer = mentions[min(indexes)] if indexes else None
        closes = re.match(r"\s*[)）]", text[m.end : m.end + 3])
        if outer is not None and closes and by_start.get(m.start) is m:
            m = Mention(m.type, m.start, m.end, m.text, outer.canonical, m.source)
        renamed.append(m)
    return renamed


def _bracket_opening_ends(text: str, start: int) -> range:
    """The offsets e for which text[e:start] is an opening bracket with only spaces around it."""
    bracket = start
    while bracket > 0 and text[bracket - 1].isspace():
        bracket -= 1
    if bracket == 0 or text[bracket - 1] not in "(（":
        return range(0)
    first = bracket - 1
    while first > 0 and text[first - 1].isspace():
        first -= 1
    return range(first, bracket)


def _merge_variants(mentions: list[Mention]) -> Iterator[Mention]:
    """Translation variants of one body in one document ('X Committee' / 'X Commission',
    'City Industrial and Commercial Bureau' / 'Municipal Bureau of Industry and Commerce')
    share the name used most often (first used, on a tie)."""
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.canonical] = counts.get(m.canonical, 0) + 1
    preferred: dict[tuple[str, ...], str] = {}
    for name in counts:
        signature = _variant_signature(name)
        best = preferred.get(signature)
        if best is None or counts[name] > counts[best]:
            preferred[signature] = name
    for m in mentions:
        name = preferred[_variant_signature(m.canonical)]
        yield m if name == m.canonical else Mention(m.type, m.start, m.end, m.text, name, m.source)


@lru_cache(maxsize=4096)
def _variant_signature(name: str) -> tuple[str, ...]:
    """Word stems of a name, order ignored, level synonyms and organ synonyms folded."""
    levels: dict[str, str] = load_patterns("agency")["en_level_synonyms"]
    stems = []
    for word in re.findall(r"[A-Za-z'’]+", name):
        if word.lower() in {"of", "and", "the", "for"}:
            continue
        word = levels.get(word, word)
        stem = word.lower()[:6]
        stems.append({"commit": "commis"}.get(stem, stem))
    return ("party",) + tuple(stems) if "Party" in name else tuple(sorted(stems))


# ------------------------------------------------------------------ Chinese


@cache
def _chinese_grammar() -> dict[str, re.Pattern[str]]:
    p = load_patterns("agency")
    domains = compile_alternatives(p["zh_domains"])
    organs = compile_alternatives(p["zh_organs"])
    groups = compile_alternatives(p["zh_group_organs"])
    levels = compile_alternatives(p["zh_jurisdiction_levels"])
    return {
        "domain_organ": re.compile(rf"(?:{domains})+(?:和(?:{domains}))?{organs}"),
        "mass_body": re.compile(compile_alternatives(p["zh_mass_bodies"])),
        "youth_league": re.compile(p["zh_youth_league"].replace("{level}", f"(?:{levels})")),
        "government": re.compile(rf"(?:{compile_alternatives(p['zh_government'])})"),
        "group": re.compile(rf"[^\s，。、；：:“”\"《》（）()\d]{{2,30}}?{groups}"),
        "level": re.compile(rf"(?:{levels})"),
        "national": re.compile(compile_alternatives(p["zh_national"])),
        # a Party committee (市委) and its departments (市委宣传部, 市委办公室)
        "party": re.compile(
            rf"委(?:(?:{domains})+{compile_alternatives(p['zh_party_units'])}"
            rf"|{compile_alternatives(p['zh_party_offices'])})?"
            rf"(?![{p['zh_not_after_party_committee']}])"
            rf"(?![一二三四五六七八九十\d]+{compile_alternatives(p['zh_party_terms'])})"
        ),
    }


def _extract_chinese(doc: Doc, context: ExtractionContext) -> Iterator[Mention | Relation]:
    text = text_of(doc)
    grammar = _chinese_grammar()
    abbreviations: dict[str, str] = load_patterns("agency")["zh_abbreviations"]
    places = sorted(context.findings.of_type("Place"), key=lambda m: m.start)
    chain_ends = _place_chains(places)
    for end_offset, chain_start in chain_ends.items():
        for key in ("domain_organ", "mass_body", "government", "group", "party"):
            match = grammar[key].match(text, end_offset)
            if match:
                name = _as_named_in_full(text[chain_start : match.end()], text)
                yield make_mention(
                    doc, "Agency", chain_start, match.end(), name=name, source="agency"
                )
                # 南宁市人民政府办公室 is a unit of 南宁市人民政府, 临沂市委宣传部 of
                # 临沂市委: the parent is named inside it
                inner = _parent_inside(key, match.group())
                if inner:
                    end = end_offset + inner
                    yield make_mention(doc, "Agency", chain_start, end, source="agency")
                break
    # Short forms: a level word alone (区卫健局, 市人民政府, 市委) names the document's own body.
    for key in ("domain_organ", "mass_body", "government", "party"):
        for match in grammar[key].finditer(text):
            start = match.start()
            level = grammar["level"].fullmatch(text, start - 1, start) if start else None
            if start in chain_ends or not level or _is_han_name_char(text, start - 2):
                continue
            if key == "government" and re.match(r"[）)]", text[start - 2 : start - 1] or " "):
                continue
            short = text[start - 1 : match.end()]
            full = _expand_short_form(short, context.info.place, abbreviations)
            if full:
                full = _as_named_in_full(full, text) or full
            if key == "government" and full:
                full = (
                    full.removesuffix(match.group()) + "人民" + match.group().removeprefix("人民")
                )
            yield make_mention(doc, "Agency", start - 1, match.end(), name=full, source="agency")
            inner = _parent_inside(key, match.group())
            if key == "party" and inner:
                parent = _expand_short_form(text[start - 1], context.info.place, abbreviations)
                end = start + inner
                name = parent + "委" if parent else None
                yield make_mention(doc, "Agency", start - 1, end, name=name, source="agency")
    for key in ("national", "youth_league"):
        for match in grammar[key].finditer(text):
            yield make_mention(doc, "Agency", match.start(), match.end(), source="agency")
    yield from _bare_group_offices(doc, places)


def _as_named_in_full(name: str, text: str) -> str | None:
    """The commission's full name where the document also writes it (巫溪县卫生健康委 ->
    巫溪县卫生健康委员会, 市卫健委 -> 三明市卫生健康委员会), else None."""
    return f"{name}员会" if name.endswith("委") and f"{name}员会" in text else None


def _parent_inside(key: str, name: str) -> int | None:
    """Where the parent named inside a unit's name ends (人民政府|办公室, 市委|宣传部)."""
    parent = {"government": r".*?政府", "party": r"委"}.get(key)
    inner = re.match(parent, name) if parent else None
    return inner.end() if inner and inner.end() < len(name) else None


@cache
def _group_office_grammar() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A group's full name (…领导小组, …联席会议) and its office written bare."""
    organs = load_patterns("agency")["zh_group_organs"]
    offices = [o for o in organs if o.endswith("办公室")]
    groups = compile_alternatives([o.removesuffix("办公室") for o in offices])
    bare = compile_alternatives(offices)
    return (
        re.compile(rf"[^\s，。、；：:“”\"《》（）()\d]{{2,30}}?(?:{groups})(?!办公室)"),
        re.compile(rf"(?<![\u4e00-\u9fff])(?:{bare})|(?<=[，。；、\s])(?:{bare})"),
    )


def _bare_group_offices(doc: Doc, places: list[Mention]) -> Iterator[Mention | Relation]:
    """领导小组办公室 after 南宁市中医药工作领导小组 is that group's office, 联席会议办公室
    after 临沂市中医药工作联席会议 that conference's."""
    text = text_of(doc)
    group_name, bare_office = _group_office_grammar()
    found = sorted(
        (m for m in (group_name.match(text, p.start) for p in places) if m),
        key=lambda m: m.end(),
    )
    for office in bare_office.finditer(text):
        # the group of the same kind: a conference's office is no leading group's
        kind = office.group().removesuffix("办公室")
        before = [g for g in found if g.end() <= office.start() and g.group().endswith(kind)]
        if before:
            group = before[-1]
            name = group.group() + "办公室"
            unit = make_mention(
                doc, "Agency", office.start(), office.end(), name=name, source="agency"
            )
            yield unit
            parent = make_mention(doc, "Agency", group.start(), group.end(), source="agency")
            yield Relation("partOf", unit, parent, office.start(), office.end())


def _place_chains(places: list[Mention]) -> dict[int, int]:
    """End offset -> start offset of each run of adjacent place mentions (资阳市|雁江区)."""
    chains: dict[int, int] = {}
    for place in places:
        start = chains.pop(place.start, place.start) if place.start in chains else place.start
        chains[place.end] = start
    for place in places:
        chains.setdefault(place.end, place.start)
    return chains


def _is_han_name_char(text: str, index: int) -> bool:
    """True where the character before a level word continues a word (强化|区…)."""
    if index < 0:
        return False
    return (
        "\u4e00" <= text[index] <= "\u9fff"
        and text[index] not in load_patterns("agency")["zh_short_form_openers"]
    )


def _expand_short_form(short: str, place: str | None, abbreviations: dict[str, str]) -> str | None:
    """区卫健局 in a 资阳市雁江区 document -> 资阳市雁江区卫生健康局: the jurisdiction as
    the document writes it, down to the level the short form names."""
    if not place:
        return None
    level, body = short[0], short[1:]
    parts = re.findall(r".+?(?:自治区|自治州|省|市|区|县|旗)", place)
    owner_index = next((i for i in range(len(parts) - 1, -1, -1) if parts[i].endswith(level)), None)
    if owner_index is None:
        return None
    for abbreviation, full in abbreviations.items():
        if body.startswith(abbreviation):
            body = full + body[len(abbreviation) :]
            break
    return "".join(parts[: owner_index + 1]) + body
