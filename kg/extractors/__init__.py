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
from functools import cache
from importlib import metadata, resources
from typing import Any

from spacy.tokens import Doc

from kg.model import DocumentInfo, Findings, Mention, Quantity, Relation, SourceDocument

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


def compile_alternatives(words: Iterable[str], *, flags: int = 0) -> str:
    """A regex alternation of `words`, longest first so the fullest form wins."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def text_of(doc: Doc) -> str:
    """The document's text. spaCy rebuilds `doc.text` from its tokens on every access,
    which costs as much as the tokenising once per mention; this keeps one copy."""
    cached = doc.user_data.get("kg.text")
    if cached is None:
        cached = doc.user_data["kg.text"] = doc.text
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
