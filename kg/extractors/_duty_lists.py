"""Responsibility lists ("(Responsible departments: A, B and C)", "（A牵头，B、C配合）",
"责任单位：A、B" on a line of its own, "Led by A, with B and C participating.",
"由A牵头，B、C按职责分工负责。"), shared by the task finder and the
lead/responsible relation finder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.extractors import load_patterns


@dataclass(frozen=True, slots=True)
class DutyList:
    """A list of responsible bodies at [start, end); `lead_parts` are the [start, end)
    stretches that a label such as 牵头 marks as leading (empty when none is marked).
    A list read from a prose sentence ("Led by A, with B participating.", 由A牵头，B配合。,
    "A and B shall be responsible according to their respective duties.") has an
    `anchor`: the stretch where a body must stand for the sentence to name a work
    item's bodies (its lead, or the bodies sharing the duty)."""

    start: int
    end: int
    lead_parts: tuple[tuple[int, int], ...] = ()
    anchor: tuple[int, int] | None = None

    @property
    def labelled(self) -> bool:
        return self.anchor is None


_SENTENCE_BREAKS = "。；;\n"


@cache
def _prose_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    key = "en_prose_lists" if lang == "en" else "zh_prose_lists"
    return tuple(re.compile(p, re.MULTILINE) for p in load_patterns("duty")[key])


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    p = load_patterns("duty")
    return {
        key: re.compile(p[key], re.MULTILINE)
        for key in (
            "en_list",
            "zh_list",
            "en_lead_marker",
            "en_lead_after",
            "zh_lead_marker",
            "zh_partner_marker",
            "first_is_lead",
            "en_list_first_leads",
            "task_number",
        )
    }


def first_listed_leads(text: str) -> bool:
    """Whether the document declares that the first body in each list leads."""
    return bool(_patterns()["first_is_lead"].search(text))


def find_duty_lists(text: str, lang: str) -> tuple[DutyList, ...]:
    """The lists of `text`. Both the task and the responsibility finder ask for them, so
    the last few documents' lists are kept rather than found again."""
    return _duty_lists(text, lang)


@lru_cache(maxsize=4)
def _duty_lists(text: str, lang: str) -> tuple[DutyList, ...]:
    return tuple(_find_duty_lists(text, lang))


def _find_duty_lists(text: str, lang: str) -> Iterator[DutyList]:
    if lang == "en":
        lists = list(_english_labelled_lists(text))
    else:
        lists = list(_chinese_labelled_lists(text))
    lists += _prose_lists(text, lang, lists)
    yield from sorted(lists, key=lambda d: d.start)


def _chinese_labelled_lists(text: str) -> Iterator[DutyList]:
    """ "（A牵头，B、C配合）", "（牵头单位：A；责任单位：B）", and a line that a label opens
    ("责任单位：A、B，各县区人民政府"), which runs to the line's end."""
    for match in _patterns()["zh_list"].finditer(text):
        end = _list_end(text, match.end())
        body = text[match.end() : end]
        if (
            not match.group("label")
            and not _DUTY_WORD.search(body + text[match.start() : match.end()])
            and not _only_bodies(body)
        ):
            continue
        # the label that opens the list (（牵头单位：X；责任单位：Y）) marks its first segment
        labelled = text[match.start() : end]
        yield DutyList(
            match.end(),
            end,
            # 由A牵头、B参与: a 、 right after 牵头 ends the lead's part too
            _lead_parts(labelled, match.start(), "zh_lead_marker", r"([；;，,。]|(?<=牵头)、)"),
        )


def _only_bodies(body: str) -> bool:
    """Whether a bracket holds nothing but two or more bodies' names (（州委组织部、州人社局、
    州卫生健康委，各县市人民政府）): a list of those responsible without a label."""
    parts = [part.strip() for part in re.split(r"[、，,；;]", body)]
    return len(parts) >= 2 and all(_BODY_NAME_END.search(part) for part in parts)


_DUTY_WORD = re.compile(r"负责|牵头|配合|参与|主办|协办|责任|各司其职")
_BODY_NAME_END = re.compile(r"[\u4e00-\u9fff](?:委|局|部|办|政府|厅|室)$")


def _english_labelled_lists(text: str) -> Iterator[DutyList]:
    """ "(Responsible departments: A, B)", "Lead unit: A; Responsible units: B, C"."""
    position = 0
    for match in _patterns()["en_list"].finditer(text):
        if match.start() < position:
            continue  # a later label inside the same list ("...; cooperating units: ...")
        end = _list_end(text, match.end())
        position = end
        labelled = text[match.start() : end]
        # "Lead unit: A. Cooperating units: B; C.": a label after a full stop starts a part
        lead = _lead_parts(labelled, match.start(), "en_lead_marker", r"([；;]|\.(?=\s))")
        if not lead and _patterns()["en_list_first_leads"].search(text, match.end(), end):
            # "Responsible units: A, B, with the first-listed unit taking the lead"
            first = re.search(r"[,;]", text[match.end() : end])
            lead = ((match.end(), match.end() + first.start() if first else end),)
        yield DutyList(match.end(), end, lead + _leads_before_markers(text, match.end(), end))


def _leads_before_markers(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """ "A (lead), B, C": the body between the separator before a marker and the marker."""
    parts = []
    for marker in _patterns()["en_lead_after"].finditer(text, start, end):
        opening = max(text.rfind(mark, start, marker.start()) for mark in ",;:：")
        parts.append((max(opening + 1, start), marker.start()))
    return tuple(parts)


def _prose_lists(text: str, lang: str, labelled: list[DutyList]) -> list[DutyList]:
    """ "Led by A, with B and C participating.", "A takes the lead, and B cooperates.",
    "由A牵头，B、C按职责分工负责。": the sentence is the list, its `lead` group the lead
    part, or its `bodies` group the bodies that share the duty ("A and B shall be
    responsible according to their respective duties."). A sentence inside a labelled
    list is part of that list."""
    found: list[DutyList] = []
    windows = _worded_sentences(text) if lang == "en" else [(0, len(text))]
    for pattern in _prose_patterns(lang):
        for match in (m for s, e in windows for m in pattern.finditer(text, s, e)):
            start, end = match.span()
            # a frame that opens with the end of the sentence before it (。X牵头，Y配合。)
            start += text[start] in _SENTENCE_BREAKS
            if any(d.start <= start < d.end or start <= d.start < end for d in labelled + found):
                continue
            if match.groupdict().get("lead") is not None:
                found.append(DutyList(start, end, (match.span("lead"),), match.span("lead")))
            else:  # bodies that share the duty, none leading
                found.append(DutyList(start, end, anchor=match.span("bodies")))
    return found


def _worded_sentences(text: str) -> list[tuple[int, int]]:
    """The spans of the sentences (to a full stop and a space, or a line's end) that hold
    a word every English prose list holds (`en_prose_words`), merged where they touch."""
    spans: list[tuple[int, int]] = []
    for word in _prose_word().finditer(text):
        if spans and word.start() < spans[-1][1]:
            continue
        start = max(text.rfind("\n", 0, word.start()), _last_full_stop(text, word.start())) + 1
        stop = _SENTENCE_STOP.search(text, word.end())
        end = stop.start() + 1 if stop else len(text)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _last_full_stop(text: str, position: int) -> int:
    """Where the last ". " before `position` on its line ends, less one (-1 if none)."""
    line_start = text.rfind("\n", 0, position) + 1
    stop = text.rfind(". ", line_start, position)
    return stop + 1 if stop >= 0 else -1


@cache
def _prose_word() -> re.Pattern[str]:
    return re.compile(load_patterns("duty")["en_prose_words"])


_SENTENCE_STOP = re.compile(r"\.(?=\s|$)|\n")


def _lead_parts(
    body: str, offset: int, marker: str, separators: str
) -> tuple[tuple[int, int], ...]:
    """Segments (split at `separators`) that a lead label (牵头, "Lead department:")
    marks, as offsets into the text; not the note that the first listed leads
    (…，列第一位的为牵头单位), which names no body."""
    parts = []
    position = 0
    for segment in re.split(separators, body):
        if (
            segment
            and not re.fullmatch(separators, segment)
            and _patterns()[marker].search(segment)
            and not _patterns()["first_is_lead"].search(segment)
        ):
            parts.append((offset + position, offset + position + len(segment)))
        position += len(segment)
    return tuple(parts)


def _list_end(text: str, start: int) -> int:
    """The closing bracket of the list (inner brackets balanced), or the line end."""
    depth = 0
    for index in range(start, len(text)):
        ch = text[index]
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            if depth == 0:
                return index
            depth -= 1
        elif ch == "\n":
            return index
    return len(text)


def task_number(line: str) -> re.Match[str] | None:
    return _patterns()["task_number"].match(line)
