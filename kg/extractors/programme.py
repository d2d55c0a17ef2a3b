"""Programmes: plans, projects, campaigns, laws and policy documents named by title.

A programme is found by the grammar of titles, not by a list of known ones:
capitalised English titles that contain a programme word ("... Development
Plan (2016-2020)", "Outline of ..."), quoted titles, lower-case named projects
that a verb introduces ("carry out the ... inheritance project"), Chinese
titles in 《》 and unquoted Chinese names ending in 工程/行动/项目/... that carry
a sign of being a name (a quoted qualifier, a place, a year, an ordinal)
rather than a category.

A notice that prints a plan ("Notice of X on Issuing the Y", 关于印发《Y》的通知)
names the plan Y: the notice title becomes an alias of Y. A short form (a
"hereinafter" name, the header's shorter title, a title without its years) is
pointed at the one fuller title of the document that contains it, so every form
resolves to one programme. Document numbers (国发〔2016〕15号) identify a
programme but are not part of its name, so they are kept out of titles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Doc

from kg.extractors import (
    ExtractionContext,
    compile_alternatives,
    extractor,
    load_patterns,
    make_mention,
    text_of,
)
from kg.extractors._duty_lists import task_number
from kg.lexicon import abbreviations
from kg.model import DocumentInfo, Mention
from kg.resolve import normalise_name

_SPACE = r"[ \t\u00a0]"
_YEAR_RANGE = rf"[（(]\d{{4}}{_SPACE}*[-–—~至]{_SPACE}*\d{{4}}(?:年)?[）)]"
_YEARS = rf"{_SPACE}?{_YEAR_RANGE}"
_OWN_HEAD_CHARS = 800
_LIST_NUMBER = re.compile(r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*")


@dataclass(frozen=True, slots=True)
class Title:
    """A programme named at [start, end): `title` is the programme's own title, which
    differs from the text when the span is a notice that prints it; `issuer` is the
    span of the body a notice or a title names as its author."""

    start: int
    end: int
    title: str
    issuer: tuple[int, int] | None = None


@cache
def patterns() -> dict:
    return load_patterns("programme")


@cache
def _english_grammar() -> dict[str, re.Pattern[str]]:
    p = patterns()
    word = rf"[“\"‘]?(?:[A-Z][\w'’\-]*|\d+(?:st|nd|rd|th)?|{_YEAR_RANGE})[”\"’]?"
    joiner = rf"(?:(?:of|for|on|in|to|with|by|from|at|and)(?:{_SPACE}+(?:the|a|an))?|the|a|an)"
    # "... on Promoting the Inheritance, Innovation and Development of TCM": a comma inside
    # a list of capitalised nouns that "and" closes (not of titles: "Law, Regulations and")
    heads = compile_alternatives(p["en_heads"])
    item = rf"(?!{heads}\b)[A-Z][a-z]+"
    in_list = rf",{_SPACE}+(?={item}(?:,{_SPACE}+{item})*{_SPACE}+and{_SPACE}+{item})"
    link = rf"(?:{_SPACE}+{joiner}{_SPACE}+|{_SPACE}+|{in_list})"
    lowercase_heads = compile_alternatives(p["en_lowercase_heads"])
    issuing = compile_alternatives(p["en_issuing"])
    notice = compile_alternatives(p["en_notice_heads"])
    return {
        # the lookahead is the characters `word` can start with: checked first, it spares the
        # engine trying the whole grammar at each of the many positions where none starts
        "phrase": re.compile(rf"(?=[“\"‘A-Z\d（(]){word}(?:{link}{word})*(?:{_YEARS})?"),
        "head": re.compile(rf"(?<![\w'’]){heads}(?![\w'’])"),
        # a head word anywhere, whatever surrounds it: a phrase without one names no title
        "head_word": re.compile(heads),
        "joint": re.compile(rf"{_SPACE}+and{_SPACE}+(?:the{_SPACE}+(?=[“\"A-Z])|(?=[“\"]))"),
        "quote": re.compile('[“"‘”"’]'),
        "opening_quote": re.compile('[“"‘]'),
        "closing_quote": re.compile('[”"’]'),
        "named_after": re.compile(
            rf"\b{compile_alternatives(p['en_lowercase_heads'] + ['action'])}\b"
        ),
        "of": re.compile(rf"{_SPACE}+of{_SPACE}+(?:the{_SPACE}+)?"),
        "unpunctuated": re.compile(r"[^.,;:()\n]*"),
        "further_head": re.compile(rf"(?:\S+{_SPACE}+){{0,12}}?{lowercase_heads}\b"),
        "gerund": re.compile(r"[a-z]+ing\b"),
        "stop_word": re.compile(rf"{_SPACE}(?:{'|'.join(p['en_stop_words'])})\b"),
        "domain": re.compile(compile_alternatives(p["en_domain_terms"]) + r"\b"),
        "notice_of": re.compile(
            rf"{notice}\s+of\s+(?:the\s+)?(?P<issuer>.+?)\s+on\s+{issuing}\s+(?:the\s+)?(?P<title>.+)$"
        ),
        "notice_on": re.compile(rf"{notice}\s+on\s+{issuing}\s+(?:the\s+)?(?P<title>.+)$"),
        "regarding": re.compile(
            rf"(?:Regarding|On|About)\s+(?:the\s+)?{issuing}(?:\s+of)?\s+(?:the\s+)?(?P<title>.+?)"
            rf"\s+{notice}$"
        ),
        "authored": re.compile(
            rf"{compile_alternatives(p['en_document_heads'])}\s+of\s+(?:the\s+)?(?P<issuer>.+?)\s+on\s"
        ),
        # a body's name ends in its head word, or in one followed by what it is of
        # ("... Administration of Traditional Chinese Medicine")
        "issuer_head": re.compile(
            rf"\b{compile_alternatives(p['en_issuer_heads'])}"
            rf"(?:{_SPACE}+of{_SPACE}+(?:the{_SPACE}+)?[A-Z][\w'’\-]*"
            rf"(?:{_SPACE}+(?:[A-Z][\w'’\-]*|of|the|and|for))*)?$"
        ),
        "quoted": re.compile(r"[\"“]([A-Z][^\"“”\n]{3,200}?)[\"”]"),
        "quoted_head": re.compile(rf"{_SPACE}+{lowercase_heads}\b"),
        "introduced": re.compile(
            rf"{compile_alternatives(p['en_introducing_verbs'], word_start=True)}\s+(?:the\s+)?"
            rf"(?P<pre>(?:[“\"]?[\w’'\-]+[”\"]?{_SPACE}+){{0,10}}?)(?P<head>{lowercase_heads})\b"
        ),
        "campaign": re.compile(
            rf"\b(?P<lead>[a-z]+){_SPACE}+(?:[A-Z][\w'’\-]*{_SPACE}+){{1,3}}"
            rf"{compile_alternatives(p['en_named_campaign_heads'])}\b"
        ),
        "named": re.compile(
            rf"{compile_alternatives(p['en_naming_words'], word_start=True)}\s+(?:the\s+)?"
            r"(?P<name>[A-Z][^.,;:\n()]{3,80}?)(?=\s*[.,;:\n(]|$)"
        ),
        "hereinafter": re.compile(
            r"\s*[\"”]?\s*[（(](?:hereinafter|hereafter)\s+(?:referred\s+to\s+as|called)\s+(?:the\s+)?"
            r"[\"“]?(?P<short>[^\"”)）]{2,60}?)[\"”]?[）)]"
        ),
    }


@cache
def _chinese_grammar() -> dict[str, re.Pattern[str]]:
    p = patterns()
    issuing = compile_alternatives(p["zh_issuing"])
    return {
        "book": re.compile(r"《([^《》\n]{2,120})》"),
        "quoted": re.compile(r"“([^“”\n]{3,40})”"),
        "head": re.compile(rf"{compile_alternatives(p['zh_name_heads'])}”?"),
        "title_end": re.compile(rf"{compile_alternatives(p['zh_title_heads'])}(?:{_YEARS})?$"),
        "name_head_end": re.compile(rf"{compile_alternatives(p['zh_name_heads'])}$"),
        "name_char": re.compile(r"[\u4e00-\u9fff0-9A-Za-z]"),
        "notice": re.compile(rf"关于\s*{issuing}\s*《(?P<title>[^》\n]+)》\s*的\s*通\s*知"),
        "inner_notice": re.compile(rf"^(?P<issuer>.*?)关于{issuing}[〈<](?P<title>.+)[〉>]的通知$"),
        "issuer_about": re.compile(r"^(?P<issuer>[\u4e00-\u9fff][\u4e00-\u9fff 、]{1,40}?)\s*关于"),
        "founding": re.compile(
            r"创建(?P<name>[^\s，。、；：,;:（）()]{4,30}?示范(?:县|区|市|单位|医院|基地))"
        ),
        "marker": re.compile(
            r"“[^”]{2,}”|[（(][^）)]+[）)]|第[一二三四五六七八九十\d]+[届期批]|\d{4}\s*年"
        ),
    }


@cache
def _document_numbers() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns()["document_numbers"])


@lru_cache(maxsize=4)
def document_number_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the text cites a document number (GF (2016) No. 15, 国发〔2016〕15号). Kept
    for the last few documents: every list of titles in a document asks."""
    return tuple(
        sorted((m.start(), m.end()) for p in _document_numbers() for m in p.finditer(text))
    )


@extractor("programme", order=40)
def extract_programmes(doc: Doc, context: ExtractionContext) -> Iterator[Mention]:
    text = text_of(doc)
    agencies = context.findings.of_type("Agency")
    titles = find_titles(text, context.lang, agencies, context.findings.of_type("Place"))
    own = find_own_title(text, context.info, agencies)
    if own is not None:
        titles.append(own)
    titles = [t for t in _outermost(titles) if not _inside_agency(t, agencies)]
    titles += _short_forms(text, titles)
    canonical = resolve_short_titles(titles)
    for title in titles:
        yield make_mention(
            doc, "Programme", title.start, title.end, name=canonical[title], source="programme"
        )


def find_titles(
    text: str, lang: str, agencies: list[Mention], places: list[Mention]
) -> list[Title]:
    """Every programme title the grammar of `lang` finds, nested ones included."""
    if lang == "zh":
        return list(_titles(text, lang, tuple(agencies), tuple(places)))
    return list(_titles(text, lang, (), ()))  # English titles depend on the text alone


@lru_cache(maxsize=8)
def _titles(
    text: str, lang: str, agencies: tuple[Mention, ...], places: tuple[Mention, ...]
) -> tuple[Title, ...]:
    """Kept for the last few documents: the programme and the policy-link finders both
    read a document's titles."""
    if lang == "zh":
        return tuple(_chinese_titles(text, list(agencies), list(places)))
    return tuple(_english_titles(text))


def find_own_title(text: str, info: DocumentInfo, agencies: list[Mention]) -> Title | None:
    """The programme the document itself is: its title when that is a plan's title,
    else the plan its heading notice prints."""
    heads = patterns()["zh_title_heads"]
    if info.title:
        undated_title = re.sub(rf"{_YEARS}$", "", info.title.strip())
        notice = find_titles(info.title, info.lang, [], [])
        start = text.find(info.title)
        # a title found inside the document's own title is one it prints ("Notice on
        # Issuing the X Plan"), not the start of it cut at a comma ("Notice of A, B and C
        # on Launching ...", itself the programme)
        if (
            notice
            and start >= 0
            and notice[0].title != info.title
            and not info.title.startswith(notice[0].title)
        ):
            printed = _printed(text, notice[0].title, start)
            if printed is not None:
                return printed
        if info.lang == "zh":
            names_programme = re.search(rf"{compile_alternatives(heads)}$", undated_title)
        else:
            names_programme = _english_grammar()["head"].search(undated_title)
        if names_programme and start >= 0:
            return Title(start, start + len(info.title), info.title, _own_issuer(info, start))
    head = text[:_OWN_HEAD_CHARS]
    for title in find_titles(head, info.lang, agencies, []):
        if title.title != head[title.start : title.end]:
            printed = _printed(head, title.title, title.start)
            if printed is not None:
                return printed
    return None


def _own_issuer(info: DocumentInfo, start: int) -> tuple[int, int] | None:
    """The span of the bodies a Chinese work notice's own title names as its issuers
    (湖南省卫生健康委员会 湖南省中医药管理局关于做好…的通知), its title starting at `start`."""
    if info.lang != "zh" or not info.title:
        return None
    issuer = _chinese_grammar()["issuer_about"].match(info.title)
    if issuer is None or not _is_issuer(issuer.group("issuer")):
        return None
    return start + issuer.start("issuer"), start + issuer.end("issuer")


def _printed(text: str, title: str, start: int) -> Title | None:
    """Where `title` stands in the text from `start` on; None for a name that was made
    up rather than printed (X示范县创建 from 创建X示范县)."""
    position = text.find(title, start)
    return Title(position, position + len(title), title) if position >= 0 else None


# ---------------------------------------------------------------- English


def _english_titles(text: str) -> Iterator[Title]:
    grammar = _english_grammar()
    for match in grammar["phrase"].finditer(text):
        if not grammar["head_word"].search(text, match.start(), match.end()):
            continue
        for start, end in _coordinated_titles(text, match.start(), match.end()):
            title = _english_title(text, start, end)
            if title:
                yield title
    for match in grammar["quoted"].finditer(text):
        title = _english_title(text, match.start(1), match.end(1))
        if title:
            yield title
        elif grammar["quoted_head"].match(text, match.end()):
            # the "TCM Culture Enters Ten Thousand Homes" campaign: the quotes hold its name
            yield Title(match.start(1), match.end(1), match.group(1))
    yield from _introduced_projects(text)
    # a campaign's name ends in its head word: the costly scan only where one occurs
    if any(head in text for head in patterns()["en_named_campaign_heads"]):
        for match in grammar["campaign"].finditer(text):
            if match.group("lead") not in patterns()["en_stop_words"] + ["the", "a", "of", "an"]:
                yield Title(match.start(), match.end(), match.group(0))
    for match in grammar["named"].finditer(text):
        before = text[max(0, match.start() - 80) : match.start()]
        if grammar["named_after"].search(before):
            yield Title(match.start("name"), match.end("name"), match.group("name").strip())


def _coordinated_titles(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "the Opinions of A and the B on ... and the C Action Plan for ...": titles joined by
    "and the" are split where the part after the joint holds a programme word of its own
    (a part without one, "the State Council on ...", continues the title before it). The
    joint bodies that author a notice or opinions ("Notice of A and the B on ...") are
    never split apart."""
    grammar = _english_grammar()
    head = grammar["head"]
    phrase = text[start:end]
    notice = grammar["notice_of"].match(phrase)
    authored = grammar["authored"].match(phrase)
    if notice:
        title_from = notice.start("title")  # "Notice of A and the B on Issuing"
    elif authored and grammar["issuer_head"].search(authored.group("issuer")):
        title_from = authored.end("issuer")  # "Notice of A and the B on Launching the C Campaign"
    else:
        title_from = 0
    joints = [j for j in grammar["joint"].finditer(text[start:end]) if j.start() >= title_from]
    bounds = [start] + [start + j.end() for j in joints]
    stops = [start + j.start() for j in joints] + [end]
    spans: list[tuple[int, int]] = []
    for part_start, part_end in zip(bounds, stops, strict=True):
        if spans and not head.search(text, part_start, part_end):
            spans[-1] = (spans[-1][0], part_end)
        else:
            spans.append((part_start, part_end))
    return spans


def _english_title(text: str, start: int, end: int) -> Title | None:
    """The title in the capitalised phrase text[start:end], if it is a programme's."""
    grammar = _english_grammar()
    words = text[start:end].split()
    # a leading word, and the joiners after one ("Following the", "According to the")
    while words and words[0][:1].upper() + words[0][1:] in patterns()["en_leading_words"]:
        start = text.index(words[1], start + len(words[0])) if len(words) > 1 else end
        words = words[1:]
    start, end = _balance_quotes(text, start, end)
    phrase = text[start:end]
    if len(words) < 2 or not grammar["head"].search(phrase):
        return None
    for form in ("notice_of", "notice_on", "regarding"):
        match = grammar[form].match(phrase)
        if match:
            title = match.group("title")
            issuer = None
            if form == "notice_of":
                issuer = (start + match.start("issuer"), start + match.end("issuer"))
            return Title(start, end, title, issuer)
    authored = grammar["authored"].match(phrase)
    if authored and grammar["issuer_head"].search(authored.group("issuer")):
        return Title(
            start, end, phrase, (start + authored.start("issuer"), start + authored.end("issuer"))
        )
    return Title(start, end, phrase)


def _balance_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Leave out the quotation marks around a whole title, and one at either edge
    whose partner lies outside the span."""
    grammar = _english_grammar()
    opening, closing = grammar["opening_quote"], grammar["closing_quote"]
    if (
        opening.match(text[start])
        and closing.match(text[end - 1])
        and not grammar["quote"].search(text, start + 1, end - 1)
    ):
        return start + 1, end - 1
    if opening.match(text[start]) and not closing.search(text, start + 1, end):
        start += 1
    if closing.match(text[end - 1]) and not opening.search(text, start, end - 1):
        end -= 1
    return start, end


def _introduced_projects(text: str) -> Iterator[Title]:
    """Lower-case named projects that a verb introduces: 'carry out the traditional
    Chinese medicine inheritance project', 'implement the project of improving ...'."""
    for match in _english_grammar()["introduced"].finditer(text):
        pre = re.sub(r"[“\"][^”\"]*[”\"]", "QUOTED", match.group("pre")).split()
        end = _continue_name(text, match.end())
        if len(pre) < 2 and "QUOTED" not in pre and end == match.end():
            continue
        if any(w in patterns()["en_stop_words"] for w in pre) or (
            pre and pre[0] in patterns()["en_indefinite_words"]
        ):
            continue
        start = match.start("pre")
        yield Title(start, end, text[start:end])


def _continue_name(text: str, end: int) -> int:
    """Where a name ending at `end` with its head ends once its 'of ...' complement is
    included: up to a further head, over a gerund phrase, or over a domain term."""
    grammar = _english_grammar()
    of = grammar["of"].match(text, end)
    if not of:
        return end
    rest_start = of.end()
    # the pattern matches the empty string too, so there is always a match
    unpunctuated = grammar["unpunctuated"].match(text, rest_start)
    clause = unpunctuated.group(0) if unpunctuated else ""
    further = grammar["further_head"].match(clause)
    if further:
        return rest_start + further.end()
    if grammar["gerund"].match(clause):
        stop = grammar["stop_word"].search(clause)
        return rest_start + (stop.start() if stop else len(clause.rstrip()))
    domain = grammar["domain"].match(clause)
    return rest_start + domain.end() if domain else end


# ---------------------------------------------------------------- Chinese


def _chinese_titles(text: str, agencies: list[Mention], places: list[Mention]) -> Iterator[Title]:
    grammar = _chinese_grammar()
    for match in grammar["book"].finditer(text):
        content = match.group(1)
        if not grammar["title_end"].search(content):
            continue
        inner = grammar["inner_notice"].match(content)
        issuer = grammar["issuer_about"].match(content)
        issuer_span = None
        if issuer and _is_issuer(issuer.group("issuer")):
            offset = match.start(1)
            issuer_span = (offset + issuer.start("issuer"), offset + issuer.end("issuer"))
        title = inner.group("title") if inner else content
        yield Title(match.start(), match.end(), title, issuer_span)
    for match in grammar["notice"].finditer(text):
        start, issuer_span = match.start(), None
        before = [a for a in agencies if a.end <= start and not text[a.end : start].strip()]
        if before:
            agency = max(before, key=lambda a: a.end - a.start)
            start, issuer_span = agency.start, (agency.start, agency.end)
            # 赣州市卫生健康委员会 赣州市中医药管理局 …关于印发: bodies issuing jointly
            while joint := next(
                (
                    a
                    for a in agencies
                    if a.end < start and _JOINT_ISSUERS.fullmatch(text, a.end, start)
                ),
                None,
            ):
                start, issuer_span = joint.start, (joint.start, issuer_span[1])
        yield Title(start, match.end(), match.group("title"), issuer_span)
    for match in grammar["quoted"].finditer(text):
        if grammar["name_head_end"].search(match.group(1)):
            yield Title(match.start(), match.end(), match.group(1))
    for match in grammar["founding"].finditer(text):
        yield Title(match.start(), match.end(), match.group("name") + "创建")
    needs_boundary = tuple(patterns()["zh_heads_ending_phrase"])
    for match in grammar["head"].finditer(text):
        start = _name_start(text, match.start())
        if match.group().startswith(needs_boundary) and re.match(
            r"[\u4e00-\u9fff]", text[match.end() : match.end() + 1]
        ):
            continue  # 创建 before its object is a verb (医院创建国家…中心), not a name's end
        if _is_chinese_name(text, start, match.start(), match.end(), places) or _heads_an_item(
            text, start, match.start(), match.end()
        ):
            yield Title(start, match.end(), text[start : match.end()])


_JOINT_ISSUERS = re.compile(r"[ \u3000]+|[ \u3000]*[、和][ \u3000]*")


def _name_start(text: str, head_start: int) -> int:
    """Walk left from a head over the name's characters, quoted and bracketed parts
    included, to the verb, particle or punctuation that precedes the name."""
    boundaries = tuple(patterns()["zh_left_boundaries"])
    name_char = _chinese_grammar()["name_char"]
    closing = {"”": "“", "）": "（", ")": "("}
    position = head_start
    while position > 0 and head_start - position < 30:
        if text.endswith(boundaries, 0, position):
            break
        char = text[position - 1]
        if char in closing:
            opening = text.rfind(closing[char], max(0, position - 24), position - 1)
            if opening < 0 or (
                char != "”" and _LIST_NUMBER.fullmatch(text, opening + 1, position - 1)
            ):
                break  # （三）“千名中医下基层”行动: the item's number is no part of the name
            position = opening
        elif char == "“" or name_char.match(char):
            position -= 1
        else:
            break
    return position


def _is_chinese_name(
    text: str, start: int, head_start: int, end: int, places: list[Mention]
) -> bool:
    """A head with words before it that make a name, not a category: a quoted
    qualifier, bracket, ordinal or year, a distinctive word, or a place."""
    before = text[start:head_start]
    core = re.sub(r"[“”]", "", before)
    if len(core) < 2 or before.endswith(tuple(patterns()["zh_generic_modifiers"])):
        return False
    name = text[start:end]
    quoted = re.fullmatch(r"“[^“”]{2,}”", before)
    if quoted and not re.fullmatch(r"“[一二三四五六七八九十]+五”", before):
        return True  # “中医药进万家”活动: a quoted name and its head
    if text[head_start:end].rstrip("”") in patterns()["zh_quoted_only_heads"] and "”" not in before:
        return False
    if _chinese_grammar()["marker"].search(name) and len(re.sub(r"“[^”]*”", "", before)) >= 2:
        return True
    if "“" in name and re.search(r"“[^“”]*”$", name):
        return True
    if any(word in before for word in patterns()["zh_distinctive"]):
        return True
    head = text[head_start:end].rstrip("”")
    if any(
        word in before and head in heads
        for word, heads in patterns()["zh_distinctive_with_heads"].items()
    ):
        return True
    if len(core) >= 4 and any(
        text.endswith(verb, 0, start) and head in heads
        for verb, heads in patterns()["zh_heads_named_after_verbs"].items()
    ):
        return True  # 实施中医治未病健康工程: a plan carries out a project by its name
    return any(start <= p.start and p.end <= head_start for p in places)


def _heads_an_item(text: str, start: int, head_start: int, end: int) -> bool:
    """A name that is a numbered item's whole heading ("（四）X培养项目。", "（一）实施X工程"):
    the item names the programme it is about, unless a generic word (重点项目) makes it
    a category."""
    line_start = text.rfind("\n", 0, start) + 1
    number = task_number(text[line_start:start])
    before = text[start:head_start]
    return (
        number is not None
        and text[line_start + number.end() : start] in ("", *patterns()["zh_left_boundaries"])
        and text[end : end + 1] in ("。", "\n", "")
        and len(re.sub(r"[“”]", "", before)) >= 2
        and not before.endswith(tuple(patterns()["zh_generic_modifiers"]))
    )


def _is_issuer(name: str) -> bool:
    """Whether every body of a (joint) issuer's name ends as a body's name does."""
    return all(
        part.endswith(tuple(patterns()["zh_issuer_suffixes"]))
        for part in re.split(r"[ 、和]+", name.strip())
    )


# ---------------------------------------------------------------- short forms


def _outermost(titles: list[Title]) -> list[Title]:
    """One title per span, none lying inside another (the 《Y》 of 关于印发《Y》的通知)."""
    by_span: dict[tuple[int, int], Title] = {}
    for title in titles:
        kept = by_span.get((title.start, title.end))
        if kept is None or (title.issuer and not kept.issuer):
            by_span[(title.start, title.end)] = title
    spans = list(by_span)
    return sorted(
        (
            t
            for (start, end), t in by_span.items()
            if not any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans)
        ),
        key=lambda t: t.start,
    )


def _inside_agency(title: Title, agencies: list[Mention]) -> bool:
    return any(a.start <= title.start and title.end <= a.end for a in agencies)


def _short_forms(text: str, titles: list[Title]) -> list[Title]:
    """'(hereinafter referred to as the "Implementation Opinions")' after a title
    names a short form; each of its later uses is the titled programme too."""
    found: list[Title] = []
    taken = [(t.start, t.end) for t in titles]
    for title in titles:
        match = _english_grammar()["hereinafter"].match(text, title.end)
        if not match:
            continue
        short = match.group("short").strip()
        for use in re.finditer(rf"(?<![\w'’]){re.escape(short)}(?![\w'’])", text):
            if not any(s <= use.start() < e for s, e in taken):
                found.append(Title(use.start(), use.end(), title.title))
    return found


@cache
def _abbreviations() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(rf"\b{re.escape(short)}\b"), full) for short, full in abbreviations().items()
    )


def title_key(title: str) -> str:
    """The form in which one title can be found inside another: normalised, with
    abbreviations spelt out and a trailing year range dropped."""
    expanded = title
    for short, full in _abbreviations():
        expanded = short.sub(full, expanded)
    key = normalise_name(re.sub(rf"{_YEARS}$", "", expanded.strip()))
    return re.sub(r"\s+", "" if re.search(r"[\u4e00-\u9fff]", key) else " ", key)


def resolve_short_titles(titles: list[Title]) -> dict[Title, str]:
    """The full title each found title stands for: itself, or the fullest title of
    the document containing it (the nearest one where several do)."""
    keys = {title.title: title_key(title.title) for title in titles}
    fullest: dict[str, str] = {}
    for title in titles:
        key = keys[title.title]
        if len(title.title) > len(fullest.get(key, "")):
            fullest[key] = title.title
    full_keys = {k for k in fullest if not any(k != o and k in o for o in fullest)}
    resolved: dict[Title, str] = {}
    for title in titles:
        key = keys[title.title]
        containers = [o for o in full_keys if key in o]
        if len(containers) <= 1:
            resolved[title] = fullest[containers[0]] if containers else title.title
            continue
        nearest = min(
            (o for o in titles if keys[o.title] in containers),
            key=lambda o: abs(o.start - title.start),
        )
        resolved[title] = fullest[keys[nearest.title]]
    return resolved
