"""The extractor interface: built-ins and plug-ins register the same way."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from kg.extractors import (
    _REGISTRY,
    ExtractionContext,
    compile_alternatives,
    extractor,
    registered_extractors,
)
from kg.model import Mention, SpanIndex


def test_extractors_builtins_run_entities_before_relations() -> None:
    specs = registered_extractors()
    names = [s.name for s in specs]
    for builtin in (
        "place",
        "agency",
        "hospital",
        "organization",
        "person",
        "programme",
        "task",
        "quantity",
        "responsibility",
        "structure",
        "membership",
        "assistance",
        "policy_links",
    ):
        assert builtin in names
    order = {s.name: s.order for s in specs}
    assert order["place"] < order["agency"] < order["responsibility"]
    assert max(order[n] for n in ("agency", "task", "person")) < min(
        order[n] for n in ("responsibility", "structure", "membership")
    )


def test_extractors_plugin_adds_findings_for_its_language(process_text) -> None:
    @extractor("test_hotline", order=55, languages=("en",))
    def find_hotlines(doc, context: ExtractionContext) -> Iterator[Mention]:
        for token in doc:
            if token.text == "12320":
                yield Mention(
                    "Organization",
                    token.idx,
                    token.idx + 5,
                    token.text,
                    "Health Hotline 12320",
                    "test_hotline",
                )

    try:
        registered_extractors.cache_clear()
        english = process_text("Residents can call 12320 for advice.")
        chinese = process_text("居民可拨打12320 咨询。", name="zh.txt")
    finally:
        del _REGISTRY["test_hotline"]
        registered_extractors.cache_clear()
    assert any(e.name == "Health Hotline 12320" for e in english.entities.values())
    assert not any(e.name == "Health Hotline 12320" for e in chinese.entities.values())


def test_extractors_name_registered_twice_is_refused() -> None:
    def one(doc, context):
        return []

    def two(doc, context):
        return []

    extractor("test_twice")(one)
    try:
        with pytest.raises(ValueError, match="registered twice"):
            extractor("test_twice")(two)
    finally:
        del _REGISTRY["test_twice"]


def test_word_start_and_caseless_alternatives_match_as_boundary_and_ignorecase_do() -> None:
    words = ["carry out", "Campaign", "ſit", "kilo", "a", "ab", "Kelvin"]
    text = "carry out xcarry out; CAMPAIGN campaign Sit ſIT KILO Kilo A ab xab, Ab."
    plain = re.compile(rf"\b{compile_alternatives(words)}", re.IGNORECASE)
    fast = re.compile(compile_alternatives(words, word_start=True, ignore_case=True))
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    cased = re.compile(compile_alternatives(words, word_start=True))
    expected = re.compile(rf"\b{compile_alternatives(words)}")
    assert [m.span() for m in cased.finditer(text)] == [m.span() for m in expected.finditer(text)]


def test_span_index_finds_every_overlapping_mention() -> None:
    mentions = [Mention("Place", s, e, "x") for s, e in [(0, 10), (3, 4), (12, 15), (20, 21)]]
    index = SpanIndex(mentions)
    for start, end in [(9, 12), (4, 13), (15, 20), (21, 30), (0, 1)]:
        probe = Mention("Place", start, end, "y")
        expected = any(probe.overlaps(m) for m in mentions)
        assert index.overlaps(probe) == expected
