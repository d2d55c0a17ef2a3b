from __future__ import annotations

import pytest

from kg.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The State Council issued the Outline of the Strategic Plan.", "en"),
        ("国务院印发《中医药发展战略规划纲要（2016—2030年）》。", "zh"),
        ("据介绍，TCM hospitals 数量达到130家，其中 public hospitals 76家。", "zh"),
        ("By 2020, reach 0.55 beds (床位) per 1,000 population in Dalian and Liaoning.", "en"),
        ("12345 -- 2020", "en"),
    ],
)
def test_language_detects_by_script(text: str, lang: str) -> None:
    assert detect_language(text) == lang
