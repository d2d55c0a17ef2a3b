"""Lead and responsible agencies of tasks, from the responsibility lists.

Every agency named in a task's list is responsible for it; the lead is the one
a label marks (牵头) or a prose list names first ("Led by X, with Y
participating."; "X takes the lead, and Y cooperates.") or, where the document
declares that the first listed body leads, the first one."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from spacy.tokens import Doc

from kg.extractors import ExtractionContext, extractor, text_of
from kg.extractors._duty_lists import find_duty_lists, first_listed_leads
from kg.model import Mention, Relation


@extractor("responsibility", order=100)
def extract_responsibilities(doc: Doc, context: ExtractionContext) -> Iterator[Relation]:
    text = text_of(doc)
    first_leads = first_listed_leads(text)
    agencies = sorted(context.findings.of_type("Agency"), key=lambda m: (m.start, -m.end))
    agency_starts = [a.start for a in agencies]
    tasks = sorted(context.findings.of_type("Task"), key=lambda m: m.start)
    task_starts = [t.start for t in tasks]
    for duty in find_duty_lists(text, context.lang):
        task = _task_for(tasks, task_starts, text, duty.start)
        if task is None:
            continue
        # the agencies that start inside the list (found by bisecting), and end inside it
        inside = agencies[
            bisect_left(agency_starts, duty.start) : bisect_right(agency_starts, duty.end)
        ]
        listed = _outermost([a for a in inside if a.end <= duty.end])
        if duty.anchor is not None and not any(
            duty.anchor[0] <= a.start < duty.anchor[1] for a in listed
        ):
            continue  # a prose list ("Led by X, ...") names bodies only when X is one
        if duty.lead_parts:
            leads = [a for a in listed if any(s <= a.start < e for s, e in duty.lead_parts)]
        else:  # the document's convention is for labelled lists, not shared duties
            leads = listed[:1] if first_leads and duty.labelled else []
        for agency in listed:
            predicate = "leadAgency" if agency in leads else "responsibleAgency"
            yield Relation(predicate, task, agency, duty.start, duty.end)


def _task_for(tasks: list[Mention], starts: list[int], text: str, position: int) -> Mention | None:
    """The task named by the item holding `position`: the last task named before it
    in the same paragraph or on the heading just above. `starts` are the tasks' starts."""
    line_start = text.rfind("\n", 0, position) + 1
    before = tasks[: bisect_left(starts, position)]
    task = next((t for t in reversed(before) if t.name is None), None)
    if task is None:
        return None
    between = text[task.end : line_start]
    return task if between.count("\n\n") <= 2 and "(Responsib" not in between else None


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions inside another listed one (a parent named in its unit's name)."""
    return [
        m
        for m in mentions
        if not any(o is not m and o.start <= m.start and m.end <= o.end for o in mentions)
    ]
