"""Document record: the title, date, publisher and home place a document states
about itself, read from its first lines and its signature block."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from kg.model import DocumentInfo

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
# A year of four digits not preceded by a fifth. The check comes after the digits, so
# each pattern starts with a digit, which the regex engine skips to directly; written
# `\d\d{3}`, as the engine looks ahead only for a single character class, not `\d{4}`.
_DATE_PATTERNS = (
    re.compile(r"(\d\d{3})(?<!\d\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),
    re.compile(r"(\d\d{3})(?<!\d\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(\d\d{3})(?<!\d\d{4})/(\d{1,2})/(\d{1,2})(?!\d)"),
)
# The lookahead is a quick test of the characters a match can start with, which spares
# the engine trying the whole pattern at every position of the head.
_EN_DATE = re.compile(
    rf"\b(?=[{''.join(sorted({m[0] for m in _MONTHS}))}])"
    r"(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),\s*(\d{4})\b",
    re.IGNORECASE,
)
# "22 April 2025", as British-style translations date a document; a digit first, which
# the regex engine skips to (a digit just before the match is ruled out in `_dates_in`)
_EN_DAY_FIRST_DATE = re.compile(
    r"(\d\d?)\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE
)
_TITLE_ENDINGS = re.compile(
    r"(?:要点|方案|规划|计划|意见|办法|纲要|通知|决定|条例|细则|"
    r"Plan|Programme|Program|Opinions|Outline|Measures|Notice|Circular|Law|Regulations)"
    r"\s*(?:[(（]\d{4}\s*[-–—~至]\s*\d{4}\s*年?[)）])?$",
    re.IGNORECASE,
)
_TITLE_HEAD_EN = re.compile(
    r"^[A-Z].*\b(?:Plan|Programme|Program|Opinions|Outline|Measures|Scheme|Regulations|Law)\b"
)
_YEAR_RANGE_LINE = re.compile(r"^[(（]\d{4}\s*[-–—]\s*\d{4}[)）]$")
_SENTENCE_END = re.compile(r"[。！？；]|[.!?;]\s|[.!?]$")
_NEWS_OUTLET_EN = re.compile(
    r"^\s*(?:date\s+\S+\s+)?([A-Z][\w.&' ]{2,40}?(?:News Service|News Agency|Net|Daily|Times|"
    r"Network|Online|Xinhua|Radio|Television|TV))(?:\s+News)?\s*[,(（]"
)
_EN_JURISDICTION = re.compile(
    r"(?=[A-Z])(?:"  # the quick test first, as in _EN_DATE
    r"(?:People's Government|Commission|Bureau|Administration|Department) of "
    r"([A-Z][a-z]+(?: [A-Z][a-z]+)*?)(?: (?:Hui|Zhuang|Uygur|Uyghur|Uighur))? "
    r"(?:Municipality|Province|Autonomous Region|County|District)"
    r"|\b([A-Z][a-z]+) (?:Municipal|Provincial)\b)"
)
_HEAD_CHARS = 3000
# a signature block: the last few short lines of the text, one of them a date alone
_SIGNATURE_CHARS = 400
_SIGNATURE_LINES = 4
_SIGNATURE_DATE_CHARS = 24


def read_document_info(text: str, lang: str) -> DocumentInfo:
    """What the document says of itself; fields it does not state stay None."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = _find_title(lines)
    publisher = _find_publisher(lines, lang, text)
    return DocumentInfo(
        lang=lang,
        title=title,
        date=_find_date(text),
        publisher=publisher,
        place=_find_place([title, publisher], text[:_HEAD_CHARS], lang),
    )


def _find_date(text: str) -> date | None:
    """The first date of the head, else the date line of the signature block that
    closes a long document ("Anhui Provincial Health Commission / March 11, 2024")."""
    candidates = _dates_in(text[:_HEAD_CHARS])
    if candidates:
        return min(candidates)[1]
    if len(text) <= _HEAD_CHARS:
        return None
    signature = _signature_block(text)
    return signature[2] if signature else None


def _signature_block(text: str) -> tuple[list[str], int, date] | None:
    """The last lines of the text, the index among them of the lowest line that is a
    date alone, and that date: the signature block that closes a document."""
    tail = [ln.strip() for ln in text[-_SIGNATURE_CHARS:].splitlines() if ln.strip()]
    tail = tail[-_SIGNATURE_LINES:]
    for index in range(len(tail) - 1, -1, -1):
        dated = _dates_in(tail[index])
        if dated and dated[0][0] == 0 and len(tail[index]) <= _SIGNATURE_DATE_CHARS:
            return tail, index, dated[0][1]
    return None


def _dates_in(text: str) -> list[tuple[int, date]]:
    """(position, date) of each date written in `text`."""
    candidates: list[tuple[int, date]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            candidates += _valid(match.start(), *match.groups())
    for match in _EN_DATE.finditer(text):
        month, day, year = match.groups()
        candidates += _valid(match.start(), year, str(_MONTHS[month.lower()]), day)
    for match in _EN_DAY_FIRST_DATE.finditer(text):
        if text[match.start() - 1 : match.start()].isdigit():
            continue
        day, month, year = match.groups()
        candidates += _valid(match.start(), year, str(_MONTHS[month.lower()]), day)
    return candidates


def _valid(position: int, year: str, month: str, day: str) -> list[tuple[int, date]]:
    try:
        return [(position, date(int(year), int(month), int(day)))]
    except ValueError:
        return []


_ISSUING_NOTICE = re.compile(
    r"^(?P<issuer>.*?)\s*关于(?:印发|转发|下发)\s*(?:《(?P<title>[^》]+)》|(?P<bare>[^《》]+?))"
    r"\s*的\s*通\s*知"
)


# a work notice whose title names its issuers (X Y关于做好…的通知): it is itself the document
_ZH_WORK_NOTICE = re.compile(
    r"^(?P<issuer>[\u4e00-\u9fff][\u4e00-\u9fff 、\u3000]{1,60}?)\s*关于(?!印发|转发|下发)"
    r".+(?:通知|意见|方案|决定)$"
)


@cache
def _issuer_suffixes() -> tuple[str, ...]:
    from kg.extractors import load_patterns  # patterns live there

    return tuple(load_patterns("programme")["zh_issuer_suffixes"])


def _bodies(line: str) -> list[str]:
    """The bodies a line names, joined by spaces or 、 (湖南省卫生健康委员会 湖南省中医药管理局),
    or none where any part of it does not end as a body's name does."""
    parts = [p for p in re.split(r"[\s、]+", line) if p]
    if parts and all(
        len(p) <= 30 and re.fullmatch(r"[\u4e00-\u9fff]+", p) and p.endswith(_issuer_suffixes())
        for p in parts
    ):
        return parts
    return []


def work_notice_issuers(title: str) -> list[str]:
    """The bodies that a Chinese work notice's title names as its issuers, in order."""
    match = _ZH_WORK_NOTICE.match(title.strip())
    return _bodies(match.group("issuer")) if match else []


def signature_bodies(text: str) -> list[str]:
    """The bodies named on their own lines just above the date that closes a Chinese
    document (its signature block), in order."""
    signature = _signature_block(text)
    if signature is None:
        return []
    tail, index, _ = signature
    bodies: list[str] = []
    for line in reversed(tail[max(0, index - 2) : index]):
        found = _bodies(line)
        if not found:
            break
        bodies = found + bodies
    return bodies


def heading_bodies(text: str) -> list[str]:
    """The bodies named each on a line of its own at the very top of an English
    document, above its number and title: the bodies that issue it jointly."""
    bodies: list[str] = []
    for line in text.lstrip().splitlines():
        if not line.strip():
            break
        if not _EN_BODY_LINE.fullmatch(line.strip()):
            break
        bodies.append(line.strip())
    return bodies


def dated_bodies(text: str) -> list[str]:
    """The bodies named each on a line of its own just above a line that is a date
    alone ("Yunnan Provincial Health Commission / Yunnan Provincial Department of
    Finance / April 22, 2024"): the first such block signs an English notice, jointly."""
    lines = [line.strip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        dated = _dates_in(line) if line and len(line) <= _SIGNATURE_DATE_CHARS else []
        if not dated or dated[0][0] != 0:
            continue
        above = lines[:index]
        while above and not above[-1]:
            above.pop()  # a blank line may stand between the signatures and the date
        bodies: list[str] = []
        while above and _EN_BODY_LINE.fullmatch(above[-1]):
            bodies.insert(0, above.pop())
        if bodies:
            return bodies
    return []


_MAX_TITLE = 200
_MAX_NOTICE_TITLE = 320  # a work notice's title names its issuers and its whole subject
_EN_NOTICE = re.compile(r"(?i)(?:notice|circular)\s+(?:of|on)\b")


@cache
def _en_issuing() -> re.Pattern[str]:
    from kg.extractors import compile_alternatives, load_patterns  # patterns live there

    return re.compile(rf"\bon\s+{compile_alternatives(load_patterns('programme')['en_issuing'])}\b")


def _prints_a_document(notice: str) -> bool:
    """Whether an English notice title prints another document ("Notice of X on Issuing
    the Y"), rather than being the document itself ("Notice of X on Carrying Out Y")."""
    return bool(_en_issuing().search(notice))


def _find_title(lines: list[str]) -> str | None:
    for line in lines[:10]:
        # the test for 关于 first: the pattern tries every prefix of a long line
        notice = _ISSUING_NOTICE.match(line) if "关于" in line else None
        if notice:
            printed = re.sub(r"\s+", "", notice.group("title") or notice.group("bare"))
            # the printed document's own heading often states it in full (资阳市雁江区2023年…)
            fuller = (re.sub(r"\s+", "", ln) for ln in lines[:200])
            return next(
                (
                    f
                    for f in fuller
                    if f.endswith(printed) and len(f) <= 2 * len(printed) and "关于" not in f
                ),
                printed,
            )
    for index, line in enumerate(lines[:60]):
        notice = _EN_NOTICE.match(line)
        if len(line) > (_MAX_NOTICE_TITLE if notice else _MAX_TITLE) or "关于印发" in line:
            continue
        if notice and _prints_a_document(line):
            continue  # the title is the plan the notice prints, found by the programme finder
        if _SENTENCE_END.search(line.rstrip("。.")) or line.endswith((":", "：")):
            continue
        if notice:
            return re.sub(r"\s+", " ", line)  # a work notice is itself the document
        candidate = line
        if index + 1 < len(lines) and _YEAR_RANGE_LINE.match(lines[index + 1]):
            candidate = f"{line} {lines[index + 1]}"
        if (_TITLE_ENDINGS.search(candidate) or _TITLE_HEAD_EN.search(candidate)) and len(
            candidate
        ) >= 6:
            return re.sub(r"\s+", " ", candidate)
    for line in lines[:40]:
        if line.endswith((":", "：")):
            continue
        if (
            8 <= len(line) <= 80
            and not _SENTENCE_END.search(line[:-1])
            and re.search(r"[\u4e00-\u9fff]", line)
            and not re.search(r"\d{4}", line)
        ):
            return line
    return None


_ZH_SOURCE = re.compile(r"来源[:：]\s*([^\s|｜]{2,20})")
# "Source: Xinhua | 2025-05-20", and the wire's dateline "NANNING, May 20 (Xinhua) --"
_EN_SOURCE = re.compile(
    r"^\s*Source\s*:\s*([A-Z][\w.&'’ ]{1,40}?)\s*(?:[|｜]|$)"
    r"|^[A-Z][A-Z .'’-]+,\s+[A-Z][a-z]+\.?\s+\d{1,2}\s+\(([A-Z][\w.&'’ ]{1,30})\)\s*[-—–]"
)
_ZH_AGENCY_DATELINE = re.compile(
    r"^(新华社|中新社|人民网|新华网|央视网|中国新闻网)\S{0,8}\d{1,2}月\d{1,2}日电"
)
_EN_BODY_LINE = re.compile(
    r"(?:[A-Z][\w'’\-]*|TCM)(?:\s+(?:[A-Z][\w'’\-]*|TCM|of|the|and|for))*\s+"
    r"(?:Government|Commission|Bureau|Administration|Office|Committee|Council|Department|Ministry)"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’\-]*(?:\s+(?:[A-Z][\w'’\-]*|of|the|and))*)?"
)


def _find_publisher(lines: list[str], lang: str, text: str = "") -> str | None:
    head = " ".join(lines[:3])
    match = _NEWS_OUTLET_EN.match(head)
    if match:
        return match.group(1).strip()
    for line in lines[:5]:
        match = _NEWS_OUTLET_EN.match(line)
        if match:
            return match.group(1).strip()
    if lang == "en":
        for line in lines[:8]:
            source = _EN_SOURCE.match(line)
            if source:
                return (source.group(1) or source.group(2)).strip()
    for line in lines[:10]:
        notice = _ISSUING_NOTICE.match(line)
        if notice and notice.group("issuer"):
            return notice.group("issuer")
        issuers = work_notice_issuers(line) if lang == "zh" and "关于" in line else []
        if issuers:
            return issuers[0]
    if lang == "zh":
        # a news page names its outlet: 来源：新华社, or the dateline 新华社福州1月16日电
        for line in lines[:12]:
            source = _ZH_AGENCY_DATELINE.match(line) or _ZH_SOURCE.search(line)
            if source:
                return source.group(1)
    signed = signature_bodies(text) if lang == "zh" else []
    if signed:
        return signed[0]  # the first body that signs the document
    if lines and lang == "zh" and len(lines[0]) <= 40 and not _SENTENCE_END.search(lines[0]):
        return lines[0]
    for line in lines[:40]:
        if re.fullmatch(r"[A-Z][\w' ]*People's Government", line):
            return line
    # an issuing body on a line of its own in the heading or signature block
    for line in lines[:40]:
        if _EN_BODY_LINE.fullmatch(line) and not re.match(r"(?:Notice|Circular)\b", line):
            return line
    return None


def _find_place(own_words: list[str | None], head: str, lang: str) -> str | None:
    """The fullest jurisdiction that opens the title or publisher (资阳市雁江区2023年…),
    else the first one named in them or in the first lines."""
    words = [w for w in own_words if w]
    if lang == "zh":
        return _find_chinese_place(words, head)
    pattern = _EN_JURISDICTION
    leading = [m for m in (pattern.match(w) for w in words) if m]
    if leading:
        return max((m.group(1) or m.group(2) for m in leading), key=len)
    for source in (" ".join(words), head):
        match = pattern.search(source)
        if match:
            return match.group(1) or match.group(2)
    return None


def _find_chinese_place(words: list[str], head: str) -> str | None:
    """The run of gazetteer divisions (资阳市雁江区) that opens the title or publisher,
    else the first run named in them or in the first lines. Only real divisions
    count, so a phrase that merely ends in 省 or 市 (召开的全省) is never a place."""
    runs = [_chinese_division_runs(w) for w in words]
    leading = [r[0][1] for r in runs if r and r[0][0] == 0]
    if leading:
        return max(leading, key=len)
    for found in ([run for r in runs for run in r], _chinese_division_runs(head)):
        if found:
            return found[0][1]
    return None


def _chinese_division_runs(text: str) -> list[tuple[int, str]]:
    """(start, name) of each run of adjacent full division names in `text`."""
    from kg.extractors.place import chinese_gazetteer  # the gazetteer lives with the extractor

    matcher, full, _ = chinese_gazetteer()
    runs: list[tuple[int, str]] = []
    end = -1
    for _, start, stop in matcher.find_matches_as_indexes(text):
        name = text[start:stop]
        if name not in full or len(name) < 3:
            continue
        if runs and start == end:
            runs[-1] = (runs[-1][0], runs[-1][1] + name)
        else:
            runs.append((start, name))
        end = stop
    return runs
