"""Extractors: the one interface through which every entity, quantity and relation
finder plugs into the pipeline.

An extractor is a function `(doc, context) -> iterable of Mention | Quantity |
Relation`, registered with `@extractor(name, order=...)`. Built-in extractors are
the modules of this package, each registering itself on import; third-party
packages add theirs through the `policy_kg.extractors` entry-point group, the
same mechanism. Extractors run in ascending `order`, and each sees what earlier
ones found in `context.findings` (relation finders run after entity finders).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from typing import Any

from spacy.tokens import Doc

from kg.model import DocumentInfo, Findings, Mention, Quantity, Relation, SourceDocument
from kg.nlp import TEXT_KEY

Finding = Mention | Quantity | Relation


@dataclass(slots=True)
class ExtractionContext:
    """What an extractor may read besides the `Doc`: the source, its metadata, and
    everything found so far."""

    source: SourceDocument
    info: DocumentInfo
    findings: Findings

    @property
    def lang(self) -> str:
        return self.info.lang


ExtractorFunc = Callable[[Doc, ExtractionContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class ExtractorSpec:
    name: str
    func: ExtractorFunc
    order: int
    languages: tuple[str, ...]


_REGISTRY: dict[str, ExtractorSpec] = {}


def extractor(
    name: str, *, order: int = 100, languages: tuple[str, ...] = ("en", "zh")
) -> Callable[[ExtractorFunc], ExtractorFunc]:
    """Register `func` as the extractor `name`. Lower `order` runs first: entity
    finders use 10-50, relation finders 100 and up."""

    def register(func: ExtractorFunc) -> ExtractorFunc:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise ValueError(f"extractor {name!r} is registered twice")
        _REGISTRY[name] = ExtractorSpec(name, func, order, languages)
        return func

    return register


@cache
def registered_extractors() -> tuple[ExtractorSpec, ...]:
    """All extractors, built-in and plugged-in, in the order they run."""
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    for entry_point in metadata.entry_points(group="policy_kg.extractors"):
        entry_point.load()
    return tuple(sorted(_REGISTRY.values(), key=lambda spec: (spec.order, spec.name)))


def run_extractors(doc: Doc, context: ExtractionContext) -> Findings:
    """Run every extractor for the document's language, collecting into `context.findings`."""
    findings = context.findings
    for spec in registered_extractors():
        if context.lang not in spec.languages:
            continue
        for found in spec.func(doc, context):
            if isinstance(found, Mention):
                findings.mentions.append(found)
            elif isinstance(found, Quantity):
                findings.quantities.append(found)
            else:
                findings.relations.append(found)
    return findings


@cache
def load_patterns(name: str) -> Any:
    """A pattern file shipped beside the extractors (`patterns/<name>.json`)."""
    text = resources.files(__name__).joinpath("patterns", f"{name}.json").read_text("utf-8")
    return json.loads(text)


def compile_alternatives(
    words: Iterable[str], *, flags: int = 0, word_start: bool = False, ignore_case: bool = False
) -> str:
    """A regex alternation of `words` that tries the longest first, so the fullest form wins.

    The alternation is written as a trie (`Bureau|Board` as `B(?:ureau|oard)`): the
    regex engine tries the branches of a group one by one at every position, so a flat
    list of hundreds of words costs hundreds of steps per character. A trie tries the
    same words in the same order, longest first. It opens with a lookahead for the
    words' first characters, one quick test where none of them starts. Build a pattern
    once (at module level or in a cached function), not per call: escaping and compiling
    cost far more than matching.

    `word_start`: the words must start a word, as `\\b` before them would require. The test
    comes after each word's first character instead, so that a pattern opening with the
    words opens with their first characters: the regex engine skips ahead to where one
    occurs, while a pattern opening with `\\b` or a lookahead is tried at every position
    (several times slower on a whole text). Only for words starting with a letter or
    digit.

    `ignore_case`: the words in any case, as under IGNORECASE, which keeps the engine from
    skipping ahead to letters; so a word's first letter is written out in each of its
    forms, and only the rest is matched in any case. Compile the pattern without
    IGNORECASE then."""
    if ignore_case:
        return _caseless_alternation(frozenset(words), word_start)
    if word_start:
        return _word_start_alternation(frozenset(words))
    return _alternation(frozenset(words))


@lru_cache(maxsize=256)
def _caseless_alternation(unique: frozenset[str], word_start: bool) -> str:
    if word_start and not all(re.match(r"\w", word) for word in unique):
        raise ValueError("word_start: every word must start with a word character")
    tails: dict[str, set[str]] = {}
    for word in unique:
        tails.setdefault(word[0].lower(), set()).add(word[1:])
    boundary = r"(?<!\w.)" if word_start else ""
    return (
        "(?:"
        + "|".join(
            f"{form}{boundary}(?i:{_alternation(frozenset(tails[initial]))})"
            for initial in sorted(tails)
            for form in _case_forms(initial)
        )
        + ")"
    )


@cache
def _case_forms(char: str) -> tuple[str, ...]:
    """Every character IGNORECASE takes for `char`, as patterns: for an ASCII one they all
    lie below U+2200 ("ſ" for "s", Kelvin's "K" for "k"); any other stays caseless."""
    if not char.isascii():
        return (f"(?i:{re.escape(char)})",)
    return tuple(re.escape(c) for c in re.findall(re.escape(char), _BELOW_2200, re.IGNORECASE))


_BELOW_2200 = "".join(map(chr, range(0x2200)))


@lru_cache(maxsize=256)
def _word_start_alternation(unique: frozenset[str]) -> str:
    if not all(re.match(r"\w", word) for word in unique):
        raise ValueError("word_start: every word must start with a word character")
    trie = _trie(unique)
    return (
        "(?:"
        + "|".join(
            re.escape(first) + r"(?<!\w.)" + _trie_pattern(rest)
            for first, rest in sorted(trie.items())
        )
        + ")"
    )


@lru_cache(maxsize=1024)
def _alternation(unique: frozenset[str]) -> str:
    trie = _trie(unique)
    firsts = sorted(c for c in trie if c)
    lookahead = (
        "(?=[" + "".join(re.escape(c) for c in firsts) + "])"
        if len(firsts) > 1 and "" not in trie
        else ""
    )
    if not _caseless_distinct(trie):
        # Under IGNORECASE two branches would match one character: keep the flat list.
        ordered = sorted(unique, key=len, reverse=True)
        return "(?:" + lookahead + "(?:" + "|".join(re.escape(w) for w in ordered) + "))"
    return "(?:" + lookahead + _trie_pattern(trie) + ")"


def _trie(words: frozenset[str]) -> dict[str, dict]:
    """The words as nested dicts by character; "" marks where a word ends."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return trie


def _trie_pattern(node: dict[str, dict]) -> str:
    """The words below `node`, longest first: a word that goes on is an optional tail."""
    leaves = sorted(c for c, child in node.items() if c and set(child) == {""})
    branches = [re.escape(c) + _trie_pattern(child) for c, child in sorted(node.items()) if c]
    if len(leaves) > 1:
        single = {re.escape(c) for c in leaves}
        branches = [b for b in branches if b not in single]
        branches.append("[" + "".join(re.escape(c) for c in leaves) + "]")
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"


def _caseless_distinct(node: dict[str, dict]) -> bool:
    """Whether no two branches of any node of the trie match the same character when
    case is ignored (so the trie keeps the order of a flat alternation under IGNORECASE)."""
    keys = [c for c in node if c]
    if len({c.casefold() for c in keys}) < len(keys) or any(
        not c.isascii() and c.lower() != c.upper() for c in keys
    ):
        return False
    return all(_caseless_distinct(child) for child in node.values())


def text_of(doc: Doc) -> str:
    """The document's text. spaCy rebuilds `doc.text` from its tokens on every access,
    which costs as much as the tokenising once per mention; the pipelines of kg.nlp
    keep the text they were given, and any other Doc keeps it on first use."""
    cached = doc.user_data.get(TEXT_KEY)
    if cached is None:
        cached = doc.user_data[TEXT_KEY] = doc.text
    return cached


def make_mention(
    doc: Doc, type_: str, start: int, end: int, *, name: str | None = None, source: str = ""
) -> Mention:
    """A `Mention` for doc.text[start:end], whitespace trimmed off both ends."""
    text = text_of(doc)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    surface = text[start:end]
    return Mention(type_, start, end, surface, name if name and name != surface else None, source)


# What joins the names of a list: 、, commas, 和/及/与, "and", "as well as"
LIST_JOINT = re.compile(
    r"\s*(?:[、，,]|和|及|与|以及|and|as well as)\s*(?:the\s+)?|\s*,\s*and\s+(?:the\s+)?"
)


def listed_before(text: str, last: Mention, mentions: list[Mention]) -> list[Mention]:
    """`last` and the mentions listed right before it (A、B和C read back from C; "the A
    and the B issued"), in text order. `mentions` are sorted by start."""
    listed = [last]
    while True:
        preceding = next(
            (
                m
                for m in reversed(mentions)
                if m.end <= listed[0].start and LIST_JOINT.fullmatch(text, m.end, listed[0].start)
            ),
            None,
        )
        if preceding is None:
            return listed
        listed.insert(0, preceding)
