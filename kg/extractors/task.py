"""Tasks: numbered work items of a policy document that name the bodies responsible.

A paragraph that carries a responsibility list is a task (a prose list, "Led by
A, with B participating.", only where a body is found in its lead part); its name is the
item's heading sentence ("1. Improve the TCM service network. ..."), or, when the
paragraph sits under a separate numbered heading line, the paragraph's own
imperative first sentence (with the heading as an alias) or else the heading."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc

from kg.extractors import ExtractionContext, extractor, load_patterns, make_mention, text_of
from kg.extractors._duty_lists import DutyList, find_duty_lists, task_number
from kg.model import Mention

_SENTENCE_END = re.compile(r"[。！？；]|[.!?;](?=\s|$)")
_HEADING_LOOKBACK_LINES = 4
_MAX_IMPERATIVE_WORDS = 16
_MAX_BODY_PARAGRAPHS = 2
# A line a short label opens: "Department in charge: X", "主办单位：X", "完成时限：…"
_LABEL_LINE = re.compile(r"\s*[^\s:：。，,.;；]{1,20}(?:[ \t][^\s:：。，,.;；]{1,20}){0,3}\s*[:：]")


@extractor("task", order=45)
def extract_tasks(doc: Doc, context: ExtractionContext) -> Iterator[Mention]:
    text = text_of(doc)
    agencies = context.findings.of_type("Agency")
    seen_lines: set[int] = set()
    for duty in find_duty_lists(text, context.lang):
        if not duty.labelled and not _names_a_body(duty, agencies):
            continue
        line_start = text.rfind("\n", 0, duty.start) + 1
        if line_start in seen_lines:
            continue
        seen_lines.add(line_start)
        line_end = text.find("\n", duty.end)
        own_line = not text[line_start : duty.start].strip("。；; \t") and not text[
            duty.end : len(text) if line_end < 0 else line_end
        ].strip("。；; \t）)")
        yield from _task_of_paragraph(doc, line_start, context.lang, own_line)


def _names_a_body(duty: DutyList, agencies: list[Mention]) -> bool:
    """Whether a body found earlier stands in the prose list's anchor."""
    start, end = duty.anchor or (duty.start, duty.end)
    return any(start <= a.start and a.end <= end for a in agencies)


def _task_of_paragraph(
    doc: Doc, line_start: int, lang: str, own_line: bool = False
) -> Iterator[Mention]:
    """The task whose bodies the list on the line at `line_start` names; `own_line`:
    the list is the whole line (区卫生健康委牵头，各镇人民政府配合落实。)."""
    text = text_of(doc)
    line_end = text.find("\n", line_start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    number = task_number(line)
    if number:
        start = line_start + number.end()
        yield make_mention(doc, "Task", start, _first_sentence_end(text, start), source="task")
        return
    heading = _heading_before(text, line_start)
    if heading is None and (own_line or _LABEL_LINE.match(line)):
        # 主办单位：X on a line of its own, under the item's text: the item's heading
        yield from _task_above_labels(doc, line_start)
        return
    body_start = line_start + len(line) - len(line.lstrip())
    body_end = _first_sentence_end(text, body_start)
    first_sentence = text[body_start:body_end]
    if _is_imperative(first_sentence, lang):
        yield make_mention(doc, "Task", body_start, body_end, source="task")
        if heading:
            yield make_mention(doc, "Task", *heading, name=first_sentence.strip(), source="task")
    elif heading:
        yield make_mention(doc, "Task", *heading, source="task")


def _task_above_labels(doc: Doc, line_start: int) -> Iterator[Mention]:
    """The numbered heading above a block of label lines ("Department in charge: X",
    "Time frame: ...") and the item's text, of at most _MAX_BODY_PARAGRAPHS."""
    text = text_of(doc)
    position, body = line_start - 1, 0
    while position > 0:
        previous_start = text.rfind("\n", 0, position) + 1
        line = text[previous_start:position]
        position = previous_start - 1
        if not line.strip() or _LABEL_LINE.match(line):
            continue
        number = task_number(line)
        if number:
            start = previous_start + number.end()
            yield make_mention(doc, "Task", start, _first_sentence_end(text, start), source="task")
            return
        body += 1
        if body > _MAX_BODY_PARAGRAPHS:
            return


def _heading_before(text: str, line_start: int) -> tuple[int, int] | None:
    """The numbered heading line closely above a paragraph, as (start, end) of its words."""
    position = line_start - 1
    for _ in range(_HEADING_LOOKBACK_LINES):
        previous_start = text.rfind("\n", 0, max(position, 0)) + 1
        line = text[previous_start:position]
        if line.strip():
            number = task_number(line)
            if not number:
                return None
            start = previous_start + number.end()
            return start, _first_sentence_end(text, start)
        position = previous_start - 1
        if position <= 0:
            break
    return None


def _first_sentence_end(text: str, start: int) -> int:
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    match = _SENTENCE_END.search(text, start, line_end)
    return match.start() if match else line_end


def _is_imperative(sentence: str, lang: str) -> bool:
    words = sentence.split()
    if lang != "en" or not words or len(words) > _MAX_IMPERATIVE_WORDS:
        return False
    return words[0] in set(load_patterns("duty")["task_verbs"])
