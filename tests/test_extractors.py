"""The extractor interface: built-ins and plug-ins register the same way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.extractors import _REGISTRY, ExtractionContext, extractor, registered_extractors
from kg.model import Mention


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
