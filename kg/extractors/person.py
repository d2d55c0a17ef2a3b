"""Persons: people named in news reports and plans, in Chinese or English.

A string is only taken for a name where the sentence says a person stands
there: a byline (记者 X, "Reporter X"), a post or a label before it (党支部书记
X, 市民 X, "deputy director Zhao Wenhua"), a verb of speech after it (X说,
"X said"), an apposition naming the post (", deputy director of"), or a
notice's contact line ("Contact: X").
Chinese and pinyin names must also start with a surname, so ordinary words
never pass; transliterated Uyghur and Kazakh names are recognised by their
middle dot (依买尔江·克热木) and their transliteration characters. Once a name
is established, its other occurrences are mentions of the same person, and a
dotted name's first part alone (依买尔江) is an alias."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc

from kg.extractors import ExtractionContext, compile_alternatives, extractor, load_patterns, text_of
from kg.model import Mention, SpanIndex

_CJK = r"\u4e00-\u9fff"
_MIDDLE_DOTS = "·•・‧"
_BOUNDARY = re.compile(rf"[^{_CJK}A-Za-z0-9]|$")
_EN_WORD = r"[A-Z][a-z]+(?:['’-][A-Za-z]+)*"
_PINYIN_GIVEN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ao|an|ei|en|er|ia|ie|in|iu|ou|ua"
    r"|uo|ui|un|ue|a|o|e|i|u|v)['-]?){1,3}"
)


@extractor("person", order=30)
def extract_persons(doc: Doc, context: ExtractionContext) -> Iterator[Mention]:
    text = text_of(doc)
    taken = [m for m in context.findings.mentions if m.type != "Place"]
    found = find_chinese_persons(text) if context.lang == "zh" else find_english_persons(text)
    kept: list[Mention] = []
    index = SpanIndex(taken)
    for mention in sorted(found, key=lambda m: (m.start, m.start - m.end)):
        if not index.overlaps(mention):
            kept.append(mention)
            index.add(mention)
    yield from kept


def well_known_persons(lang: str) -> list[str]:
    """Leaders whom policy documents cite by name alone (习近平新时代...), with no cue."""
    return load_patterns("person")["well_known_persons"][lang]


def every_occurrence(text: str, names: dict[str, str | None]) -> list[Mention]:
    """A mention wherever an established name (or alias, mapped to its full name) occurs:
    left to right, the longest name where several start, none overlapping. Found with
    str.find: the names differ per document, and compiling them into a regex would
    cost more than all the searching."""
    longest: dict[int, str] = {}  # start -> the longest name starting there
    for name in names:
        position = text.find(name) if name else -1
        while position >= 0:
            if len(name) > len(longest.get(position, "")):
                longest[position] = name
            position = text.find(name, position + 1)
    found = []
    end = 0
    for start in sorted(longest):
        if start < end:
            continue
        surface = longest[start]
        end = start + len(surface)
        found.append(Mention("Person", start, end, surface, names[surface], "person"))
    return found


# -------------------------------------------------------------------- Chinese


@cache
def chinese_grammar() -> dict[str, re.Pattern[str]]:
    p = load_patterns("person")
    surnames = compile_alternatives(p["zh_surnames"])
    transliteration = f"[{p['zh_transliteration_chars']}]"
    return {
        "dotted": re.compile(rf"{transliteration}{{2,8}}[{_MIDDLE_DOTS}]{transliteration}{{2,8}}"),
        "after_cue": re.compile(
            rf"(?:{compile_alternatives(p['zh_cues_before'] + p['zh_posts'])})\s*"
            rf"(?=({surnames}[{_CJK}]{{1,2}}))"
        ),
        "before_cue": re.compile(
            rf"(?=({surnames}[{_CJK}]{{1,2}}?)(?:{compile_alternatives(p['zh_cues_after'])}))"
        ),
        "without_surname": re.compile(
            rf"(?:{compile_alternatives(p['zh_name_words_without_surname'])}){{1,3}}"
        ),
        "cue_word": re.compile(compile_alternatives(p["zh_cues_after"] + p["zh_words_after_name"])),
        "non_cjk": re.compile(rf"[^{_CJK}]"),
    }


def find_chinese_persons(text: str) -> list[Mention]:
    grammar = chinese_grammar()
    names: dict[str, str | None] = dict.fromkeys(well_known_persons("zh"))
    for match in grammar["dotted"].finditer(text):
        full = match.group()
        names[full] = None
        given = re.split(f"[{_MIDDLE_DOTS}]", full)[0]
        names.setdefault(given, full)
    for match in grammar["after_cue"].finditer(text):
        name = name_before_boundary(text, match.end(), match.group(1))
        if name:
            names.setdefault(name, None)
    for match in grammar["before_cue"].finditer(text):
        name = match.group(1)
        if is_chinese_given_name(name[1:]) and has_left_edge(text, match.start()):
            names.setdefault(name, None)
    names.update(dict.fromkeys(_names_without_surname(text), None))
    for word in load_patterns("person")["zh_not_names"]:
        names.pop(word, None)
    return every_occurrence(text, names)


def _names_without_surname(text: str) -> Iterator[str]:
    """Tibetan and Mongolian names: two or three name words, with a cue or an edge
    before them and the name's end after them (记者 达瓦卓玛, 索朗多吉介绍, 院长乌力吉巴雅尔说);
    a single word only between a post and a cue word (副院长旺姆说)."""
    grammar = chinese_grammar()
    posts = tuple(load_patterns("person")["zh_posts"])
    stop_chars = load_patterns("person")["zh_name_stop_chars"]
    for match in grammar["without_surname"].finditer(text):
        start, end = match.span()
        cue_after = grammar["cue_word"].match(text, end) is not None
        ends_here = cue_after or not _is_cjk(text, end) or text[end : end + 1] in stop_chars
        if not ends_here:
            continue
        several = end - start >= 4
        if (several and has_left_edge(text, start)) or (
            cue_after and (several or text.endswith(posts, 0, start))
        ):
            yield match.group()


def _is_cjk(text: str, position: int) -> bool:
    return position < len(text) and chinese_grammar()["non_cjk"].match(text, position) is None


def has_left_edge(text: str, start: int) -> bool:
    """Whether a name may start at `start`: after a cue or post, or after a character
    that is not Chinese (punctuation, a space, the start of a line)."""
    p = load_patterns("person")
    cues = tuple(p["zh_cues_before"] + p["zh_posts"])
    return start > 0 and (
        chinese_grammar()["non_cjk"].match(text, start - 1) is not None
        or text.endswith(cues, 0, start)
        or (text[start - 1] == "的" and text.endswith(cues, 0, start - 1))
    )


def name_before_boundary(text: str, start: int, candidate: str) -> str | None:
    """The name that starts at `start`: the longer reading (王慧霞 in 王慧霞家) unless
    its last character is already the word after the name (钱娇说 -> 钱娇)."""
    stop_chars = load_patterns("person")["zh_name_stop_chars"]
    for length in (len(candidate), len(candidate) - 1):
        name = text[start : start + length]
        after = start + length
        if len(name) < 2 or name[-1] in stop_chars or not is_chinese_given_name(name[1:]):
            continue
        if (
            _BOUNDARY.match(text, after)
            or text[after : after + 1] in stop_chars
            or chinese_grammar()["cue_word"].match(text, after)
        ):
            return name
    return None


def is_chinese_given_name(given: str) -> bool:
    p = load_patterns("person")
    return not any(
        word in given or given in word for word in p["zh_not_given_names"] + p["zh_posts"]
    )


# -------------------------------------------------------------------- English


@cache
def english_grammar() -> dict[str, re.Pattern[str]]:
    p = load_patterns("person")
    surnames = compile_alternatives(p["en_surnames"])
    # matched in any case (?i:...), so lower-cased: a trie then (see compile_alternatives)
    posts = compile_alternatives(post.lower() for post in p["en_posts"])
    pinyin_name = rf"{surnames} [A-Z][a-z]+(?:['-][a-z]+)?"
    # the patterns scanning the whole text open with their words' first letters (word_start)
    surname_first = compile_alternatives(p["en_surnames"], word_start=True)
    return {
        "pinyin_name": re.compile(rf"({surname_first}) ([A-Z][a-z]+(?:['-][a-z]+)?)\b"),
        "byline": re.compile(
            rf"{compile_alternatives(p['en_cues_before'], word_start=True)} "
            rf"({_EN_WORD}(?: {_EN_WORD}){{0,2}})(?![\w])"
        ),
        "apposition": re.compile(
            rf"({_EN_WORD}(?: {_EN_WORD}){{1,2}}), (?:the |a |an )?(?:[\w-]+ )?(?i:{posts})\b"
        ),
        "contact": re.compile(
            rf"{compile_alternatives(p['en_contact_cues'], word_start=True)}[ \t]*"
            rf"({_EN_WORD}(?: {_EN_WORD}){{0,2}})(?![\w])"
        ),
        "speech": re.compile(
            rf"({surname_first} [A-Z][a-z]+(?:['-][a-z]+)?)(?:,[^,.]{{1,120}},)? "
            rf"(?:{compile_alternatives(p['en_cues_after'])})\b"
        ),
        "post_before": re.compile(rf"\b(?i:{posts}) ({pinyin_name})\b"),
        "surname_alone": re.compile(rf"({surname_first})(?:, \d{{1,3}},| said\b| says\b|['’]s\s)"),
        # a contact list: "Zhou Min (Principal Staff Member), Xu Hang (Deputy Director)"
        "post_in_brackets": re.compile(
            rf"({surname_first} [A-Z][a-z]+(?:['-][a-z]+)?) \((?:[\w-]+ ){{0,3}}(?i:{posts})\)"
        ),
        # "..., said Nong Jianhua, the hospital's president": the verb before the name,
        # tested where a name starts (`speech_verb_before`): a pattern opening with the
        # verbs would be tried at nearly every letter of the text
        "speech_before": re.compile(rf"({surname_first} [A-Z][a-z]+(?:['-][a-z]+)?)\b"),
        "speech_verb_before": re.compile(
            rf"\b(?:{compile_alternatives([*p['en_cues_after'], 'according to'])}) $"
        ),
    }


def find_english_persons(text: str) -> list[Mention]:
    grammar = english_grammar()
    names: dict[str, str | None] = dict.fromkeys(well_known_persons("en"))
    for key in (
        "byline",
        "apposition",
        "contact",
        "speech",
        "speech_before",
        "post_before",
        "post_in_brackets",
    ):
        for match in grammar[key].finditer(text):
            if key == "speech_before" and not grammar["speech_verb_before"].search(
                text, max(0, match.start() - 16), match.start()
            ):
                continue
            name = strip_leading_function_words(match.group(1))
            if name and (key in ("byline", "apposition") or is_pinyin_name(name)):
                names.setdefault(name, None)
            partner = _BYLINE_PARTNER.match(text, match.end()) if key == "byline" else None
            if partner and is_pinyin_name(partner.group(1)):
                names.setdefault(partner.group(1), None)  # "by Xinhua writers A and B"
    # "Chen Haifeng has finished ..." and later "Chen, 46, is ..." / "Chen said": a full
    # name whose surname the story goes on to use alone
    reused: dict[str, list[int]] = {}
    for match in grammar["surname_alone"].finditer(text):
        reused.setdefault(match.group(1), []).append(match.start())
    for match in grammar["pinyin_name"].finditer(text) if reused else ():
        name, later = match.group(), reused.get(match.group(1), [])
        index = bisect_right(later, match.end())
        if (
            index < len(later)
            and later[index] - match.end() <= _SURNAME_REUSE_REACH
            and name not in names
            and is_pinyin_name(name)
        ):
            names.setdefault(name, None)
    return every_occurrence(text, names)


_SURNAME_REUSE_REACH = 4000  # characters: a story goes on with the surname within a few paragraphs
_BYLINE_PARTNER = re.compile(r" and ([A-Z][a-z]+ [A-Z][a-z]+)\b")


_OPENING_WORDS = frozenset(
    {"The", "A", "An", "In", "On", "At", "By", "According", "As", "For", "To", "With", "And"}
)


def strip_leading_function_words(name: str) -> str:
    """A capitalised word that opens the sentence ("In", "The") is not part of the name."""
    words = name.split()
    while words and words[0] in _OPENING_WORDS:
        words = words[1:]
    return " ".join(words)


def is_pinyin_name(name: str) -> bool:
    match = english_grammar()["pinyin_name"].fullmatch(name)
    return match is not None and _PINYIN_GIVEN.fullmatch(match.group(2).lower()) is not None
