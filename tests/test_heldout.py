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

DATA = Path(__file__).resolve().parent / "data"
HELDOUT = DATA / "heldout"
GROUPS = {
    "entities_headline": HEADLINE_TYPES,
    "entities_all": ENTITY_TYPES,
    "quantities": QUANTITY_TYPES,
    "relations": RELATION_TYPES,
}
# Per document set, the F1 floors of the four GROUPS, in that order: the levels each
# set reaches, a little below.
FLOORS = {
    # the held-out set
    "heldout": (0.99, 0.98, 0.99, 0.98),
    # Six more documents (three per language, one per genre) written later to probe how
    # the rules carry to unseen text. The rules were then mended where they failed (the
    # first scores: entities 0.871/0.885, relations 0.646/0.713 for English/Chinese),
    # so these are regression tests now, not a measure of generality.
    "probes": (0.98, 0.96, 0.98, 0.96),
    # Four documents written after those mends, scored before any rule was changed for
    # them: entities 0.929/0.815, quantities 0.926/0.90, relations 0.667/0.709 for
    # English/Chinese. Most of their misses were mended since ("(leading)" lists,
    # 参与落实, 中心卫生院, "Jilin province", short forms, universities jieba keeps
    # whole, people's organisations, "X is the lead unit"); the rest are known gaps.
    "probes2": (0.97, 0.94, 0.93, 0.91),
    # Four more, written and annotated blind after those mends: entities 0.863,
    # quantities 0.928, relations 0.705 before any rule was changed for them (tasks
    # whose responsibility labels stand on lines of their own were missed).
    "probes3": (0.95, 0.94, 0.93, 0.87),
    # Four more, blind to everything above and scored after it: entities 0.925,
    # quantities 0.869, relations 0.796 (more ways of naming the bodies responsible,
    # aid in relative clauses and 对B开展…帮扶, names after 的 and before verbs).
    "probes4": (0.96, 0.93, 0.87, 0.91),
    # Four more, blind to everything above: entities 0.891, quantities 0.86, relations
    # 0.711 (responsibility labels "Responsibility:" and "Jointly responsible:", a 牵头
    # sentence on a line of its own, "X leads this work, with Y taking part").
    "probes5": (0.95, 0.92, 0.88, 0.88),
    # Two sets of four, each written blind by its own annotator. probes7 first scored
    # entities 0.917, quantities 0.887, relations 0.738 ("Responsible units" with a
    # first-is-lead note, "X is responsible, with Y cooperating", shared duties, 是/现任
    # a post); probes6, scored after the mends from probes7, 0.828, 0.927, 0.688
    # (Tibetan names, 藏医院, 实施X工程 headings, 区人力社保局-style short domains).
    "probes6": (0.90, 0.88, 0.91, 0.77),
    "probes7": (0.92, 0.91, 0.87, 0.78),
    # Two more, blind to all of the above. probes8 first scored entities 0.835,
    # quantities 0.882, relations 0.634 (a body's second name in brackets, 由X负责，Y配合,
    # Mongolian names, "with the first-listed unit taking the lead"); probes9 0.759, 0.643,
    # 0.592, most of it one fault: a 来源 line above the article was read as the footer
    # that ends the content, and the rest of the page was blanked.
    "probes8": (0.86, 0.86, 0.92, 0.80),
    "probes9": (0.85, 0.82, 0.83, 0.72),
    # Four more, written after every mend above and scored blind: entities 0.891,
    # quantities 0.845, relations 0.761. Two general mends since (a first-is-lead note
    # inside a list marks no lead part; "takes the lead, with Y").
    "probes10": (0.88, 0.83, 0.82, 0.76),
}
PROBE_COUNTS = {
    "probes": 6,
    "probes2": 4,
    "probes3": 4,
    "probes4": 4,
    "probes5": 4,
    "probes6": 4,
    "probes7": 4,
    "probes8": 4,
    "probes9": 4,
    "probes10": 4,
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
    [
        (folder, figure, floor)
        for folder, floors in FLOORS.items()
        for figure, floor in zip(GROUPS, floors, strict=True)
    ],
)
def test_heldout_set_stays_above_floor(folder: str, figure: str, floor: float) -> None:
    scores = evaluation(DATA / folder)
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


@pytest.mark.parametrize(("folder", "count"), sorted(PROBE_COUNTS.items()))
def test_probe_set_has_gold_for_every_document(folder: str, count: int) -> None:
    documents = sorted(p.name for p in (DATA / folder).glob("*.txt"))
    assert len(documents) == count
    gold = {p.name.removesuffix(".json") for p in (DATA / folder / "gold").glob("*.json")}
    assert gold == set(documents)
