"""Held-out documents: eight hand-annotated documents of the project's genres that the
rules were not written from (plans with responsibility lists, work-plan notices with
targets, news reports with statistics and officials, a news web page with clutter; four
in English, four in Chinese). Their scores are floors: a change that drops below fails,
so rules that only fit the seeds show up here."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import HEADLINE_TYPES, Evaluation, evaluate
from kg.model import ENTITY_TYPES, QUANTITY_TYPES, RELATION_TYPES

HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"

# Levels reached on the held-out set (entities_all stays below 1: an Organization named
# inside a hospital's name, 福建中医药大学 in 福建中医药大学附属人民医院, is dropped when
# mentions are resolved).
FLOORS = {
    "entities_headline": 0.98,
    "entities_all": 0.96,
    "quantities": 0.98,
    "relations": 0.96,
}
GROUPS = {
    "entities_headline": HEADLINE_TYPES,
    "entities_all": ENTITY_TYPES,
    "quantities": QUANTITY_TYPES,
    "relations": RELATION_TYPES,
}


@pytest.fixture(scope="module")
def heldout_evaluation() -> Evaluation:
    return evaluate(HELDOUT / "gold", HELDOUT)


@pytest.mark.parametrize(("figure", "floor"), sorted(FLOORS.items()))
def test_heldout_set_stays_above_floor(
    heldout_evaluation: Evaluation, figure: str, floor: float
) -> None:
    assert heldout_evaluation.total(GROUPS[figure]).f1 >= floor
    assert not heldout_evaluation.failures


def test_heldout_years_are_read(heldout_evaluation: Evaluation) -> None:
    accuracy = heldout_evaluation.year_accuracy
    assert accuracy is not None and accuracy >= 0.95


def test_heldout_set_covers_both_languages_and_all_genres() -> None:
    documents = sorted(p.name for p in HELDOUT.glob("*.txt"))
    assert len(documents) >= 8
    assert sum(name.startswith("en_") for name in documents) >= 4
    assert sum(name.startswith("zh_") for name in documents) >= 4
    assert {p.name.removesuffix(".json") for p in (HELDOUT / "gold").glob("*.json")} == set(
        documents
    )
