"""Clean: blank out web-page clutter (menus, image names, photo credits, footers).

Clutter is replaced by spaces of the same length rather than cut, so offsets
into the cleaned text are offsets into the loaded text: provenance stays exact.
What counts as clutter is data (`lexicon/boilerplate.json`), not code."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class BoilerplateRules:
    line: tuple[re.Pattern[str], ...]
    tail: tuple[re.Pattern[str], ...]
    menu_bullets: str
    menu_max_chars: int
    menu_min_run: int


@cache
def load_boilerplate_rules() -> BoilerplateRules:
    raw = json.loads(resources.files("kg.lexicon").joinpath("boilerplate.json").read_text("utf-8"))
    return BoilerplateRules(
        line=tuple(re.compile(p, re.IGNORECASE) for p in raw["line"]),
        tail=tuple(re.compile(p, re.IGNORECASE) for p in raw["tail"]),
        menu_bullets=raw["menu_bullets"],
        menu_max_chars=raw["menu_max_chars"],
        menu_min_run=raw["menu_min_run"],
    )


def clean_text(text: str, rules: BoilerplateRules | None = None) -> str:
    """The text with clutter blanked; same length, same line breaks. A line that ends the
    content ("来源：", "Related links:") does so only past the middle of the text; above
    it, it is a header line, kept for the date and source it gives."""
    rules = rules or load_boilerplate_rules()
    lines = text.split("\n")
    drop = [False] * len(lines)
    menu_run: list[int] = []

    def close_menu_run() -> None:
        if len(menu_run) >= rules.menu_min_run:
            for index in menu_run:
                drop[index] = True
        menu_run.clear()

    position = 0  # where the line starts
    for index, line in enumerate(lines):
        stripped = line.strip()
        line_start, position = position, position + len(line) + 1
        if any(p.search(stripped) for p in rules.tail):
            close_menu_run()
            if len(text) - position > line_start:
                # most of the page still to come: a header line ("来源：X 发布时间：…"
                # above the article, which dates it), not the footer that ends the content
                continue
            for rest in range(index, len(lines)):
                drop[rest] = True
            break
        if not stripped:
            continue
        if _is_menu_item(stripped, rules) or (menu_run and _is_site_name(stripped, lines, index)):
            menu_run.append(index)
            continue
        close_menu_run()
        if any(p.search(stripped) for p in rules.line):
            drop[index] = True
    close_menu_run()
    return "\n".join(
        " " * len(line) if gone else line for line, gone in zip(lines, drop, strict=True)
    )


def _is_menu_item(line: str, rules: BoilerplateRules) -> bool:
    if line[0] not in rules.menu_bullets:
        return False
    item = line[1:].strip()
    return 0 < len(item) <= rules.menu_max_chars and not re.search(r"[。.!?！？]$", item)


def _is_site_name(line: str, lines: list[str], index: int) -> bool:
    """A short title line inside a menu block (a site name repeated between menus)."""
    if len(line) > 12 or re.search(r"[。.!?！？,，]", line):
        return False
    following = next((ln.strip() for ln in lines[index + 1 :] if ln.strip()), "")
    return bool(following) and following[0] in "•·▪●◆■"
