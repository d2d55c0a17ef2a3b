"""Held-out documents: eight hand-annotated documents of the project's genres that the
rules were not written from (plans with responsibility lists, work-plan notices with
targets, news reports with statistics and officials, a news web page with clutter; four
in English, four in Chinese). Their scores are floors: a change that drops below fails,
so rules that only fit the seeds show up here."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from kg.evaluate import HEADLINE_TYPES, Evaluation, evaluate
from kg.model import ENTITY_TYPES, QUANTITY_TYPES, RELATION_TYPES

HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"

# Levels reached on the held-out set, a little below (entities_all stays below 1: a
# hospital's centre, 黔东南州中医医院苗医药特色诊疗中心, is not read as an Organization).
FLOORS = {
    "entities_headline": 0.99,
    "entities_all": 0.98,
    "quantities": 0.99,
    "relations": 0.98,
}
GROUPS = {
    "entities_headline": HEADLINE_TYPES,
    "entities_all": ENTITY_TYPES,
    "quantities": QUANTITY_TYPES,
    "relations": RELATION_TYPES,
}


# Six more documents (three per language, one per genre) written later to probe how
# the rules carry to unseen text. The rules were then mended where they failed (the
# first scores: entities 0.871/0.885, relations 0.646/0.713 for English/Chinese), so
# these are regression tests now, not a measure of generality.
PROBES = Path(__file__).resolve().parent / "data" / "probes"
PROBE_FLOORS = {
    "entities_headline": 0.98,
    "entities_all": 0.96,
    "quantities": 0.98,
    "relations": 0.95,
}
# Four documents written after those mends, scored before any rule was changed for
# them: entities 0.929/0.815, quantities 0.926/0.90, relations 0.667/0.709 for
# English/Chinese, the honest measure of how the rules carry. Some of their misses
# were mended since ("(leading)" lists, "shall cooperate according to their duties",
# 参与落实, 中心卫生院, "Jilin province", short forms, and later universities
# jieba keeps whole, people's organisations, "X is the lead unit"); the rest are
# known gaps, and the floors keep what works.
PROBES2 = Path(__file__).resolve().parent / "data" / "probes2"
PROBE2_FLOORS = {
    "entities_headline": 0.97,
    "entities_all": 0.94,
    "quantities": 0.93,
    "relations": 0.91,
}
# Four more, written and annotated blind after those mends: entities 0.863,
# quantities 0.928, relations 0.705 before any rule was changed for them (tasks whose
# responsibility labels stand on lines of their own below the item's text were missed).
PROBES3 = Path(__file__).resolve().parent / "data" / "probes3"
PROBE3_FLOORS = {
    "entities_headline": 0.94,
    "entities_all": 0.94,
    "quantities": 0.93,
    "relations": 0.86,
}
# Four more, blind to everything above and scored after it: entities 0.925, quantities
# 0.869, relations 0.796 (more ways of naming the bodies responsible, aid in relative
# clauses and 对B开展…帮扶, names after 的 and before verbs were missed).
PROBES4 = Path(__file__).resolve().parent / "data" / "probes4"
PROBE4_FLOORS = {
    "entities_headline": 0.94,
    "entities_all": 0.91,
    "quantities": 0.87,
    "relations": 0.88,
}


@functools.cache
def evaluation(folder: Path) -> Evaluation:
    """The scores of the documents in `folder` against their gold in `folder`/gold."""
    return evaluate(folder / "gold", folder)


@pytest.fixture(scope="module")
def heldout_evaluation() -> Evaluation:
    return evaluation(HELDOUT)


@pytest.mark.parametrize(
    ("folder", "figure", "floor"),
    [(HELDOUT, *item) for item in sorted(FLOORS.items())]
    + [(PROBES, *item) for item in sorted(PROBE_FLOORS.items())]
    + [(PROBES2, *item) for item in sorted(PROBE2_FLOORS.items())]
    + [(PROBES3, *item) for item in sorted(PROBE3_FLOORS.items())]
    + [(PROBES4, *item) for item in sorted(PROBE4_FLOORS.items())],
    ids=lambda value: value.name if isinstance(value, Path) else None,
)
def test_heldout_set_stays_above_floor(folder: Path, figure: str, floor: float) -> None:
    scores = evaluation(folder)
    assert scores.total(GROUPS[figure]).f1 >= floor
    assert not scores.failures


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


@pytest.mark.parametrize(
    ("folder", "count"),
    [(PROBES, 6), (PROBES2, 4), (PROBES3, 4), (PROBES4, 4)],
    ids=["probes", "probes2", "probes3", "probes4"],
)
def test_probe_set_has_gold_for_every_document(folder: Path, count: int) -> None:
    documents = sorted(p.name for p in folder.glob("*.txt"))
    assert len(documents) == count
    assert {p.name.removesuffix(".json") for p in (folder / "gold").glob("*.json")} == set(
        documents
    )
