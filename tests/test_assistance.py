"""assists: English aid verbs with auxiliaries, a helper's locative, and teams sent."""

from __future__ import annotations

import pytest
from conftest import relations_of


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "Hunan Provincial Hospital of Traditional Chinese Medicine has dispatched 12 medical "
            "teams to Longshan County Hospital of Traditional Chinese Medicine and Baojing "
            "County Hospital of Traditional Chinese Medicine since 2020.",
            {
                (
                    "Hunan Provincial Hospital of Traditional Chinese Medicine",
                    "Longshan County Hospital of Traditional Chinese Medicine",
                ),
                (
                    "Hunan Provincial Hospital of Traditional Chinese Medicine",
                    "Baojing County Hospital of Traditional Chinese Medicine",
                ),
            },
        ),
        (
            "The Second Affiliated Hospital of Guangxi University of Chinese Medicine in Nanning "
            "will help Mashan County People's Hospital open a rehabilitation ward.",
            {
                (
                    "Second Affiliated Hospital of Guangxi University of Chinese Medicine",
                    "Mashan County People's Hospital",
                )
            },
        ),
        (
            "Liuzhou Hospital of Traditional Chinese Medicine has also stationed five doctors in "
            "Rongshui County Hospital of Traditional Chinese Medicine.",
            {
                (
                    "Liuzhou Hospital of Traditional Chinese Medicine",
                    "Rongshui County Hospital of Traditional Chinese Medicine",
                )
            },
        ),
        (
            "Yulin Hospital of Traditional Chinese Medicine shall assist Bobai County Hospital of "
            "Traditional Chinese Medicine in training nurses.",
            {
                (
                    "Yulin Hospital of Traditional Chinese Medicine",
                    "Bobai County Hospital of Traditional Chinese Medicine",
                )
            },
        ),
    ],
)
def test_assistance_english_verbs_with_auxiliaries(
    process_text, text: str, pairs: set[tuple[str, str]]
) -> None:
    assert relations_of(process_text(text), "assists") == pairs


@pytest.mark.parametrize(
    "text",
    [
        # a place after "in" says where unnamed hospitals are: it helps no one
        "Hospitals in Nanning have helped Mashan County People's Hospital train nurses.",
        # passive: the helped party comes first, the verb is not followed by a party
        "Bobai County Hospital of Traditional Chinese Medicine was assisted by Yulin Hospital "
        "of Traditional Chinese Medicine.",
        # staff sent to a meeting place, not to a facility or area named as a party
        "Yulin Hospital of Traditional Chinese Medicine has sent 3 doctors to the conference.",
    ],
)
def test_assistance_english_needs_helper_before_and_party_after(process_text, text: str) -> None:
    found = relations_of(process_text(text), "assists")
    assert not any(helper in {"Nanning"} for helper, _ in found)
    assert not any(helped.startswith("Yulin") for _, helped in found)
    assert not any("conference" in helped for _, helped in found)
