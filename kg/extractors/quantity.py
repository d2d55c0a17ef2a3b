"""Quantities: the targets a plan sets and the statistics a report states.

A number counts only when the text says what it counts: a percentage, a number
followed by a countable unit of health policy ("130 hospitals", "21个"), or the
value a measured subject reaches ("the number of beds ... has reached 0.81").
Dates, document numbers, ordinals, ages and section numbers never have such a
unit, so a curated unit list (patterns/quantity.json) keeps them out without a
rule per kind.

Around each number the extractor reads its comparator, the year it holds for,
whether it is a goal or a fact, and the place it is about. Years come from the
nearest year expression in the sentence, then in the paragraph, then from the
document: a plan's targets hold for the plan's horizon (the year in its title,
or the deadline it set earlier), a report's statistics for its publication
year, as the gold annotations read them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from spacy.tokens import Doc

from kg.extractors import ExtractionContext, compile_alternatives, extractor, load_patterns, text_of
from kg.model import DocumentInfo, Quantity, SpanIndex
from kg.numbers import ZH_LARGE_UNITS, NumberSpan, find_numbers, parse_number

HUNDRED = Decimal(100)
_YEAR = r"(?:19|20)\d{2}"
_RANGE_DASH = "-–—~～至到"
_EN_CLAUSE_END = re.compile(r"[;:!?\n]|[,.](?!\d)")
_ZH_CLAUSE_END = re.compile(r"[，,；;。：:！？!?\n]")
# the last clause end of a stretch: one greedy match rather than a search for every one
_LAST_CLAUSE_END = {
    lang: re.compile(rf".*(?:{boundary.pattern})", re.DOTALL)
    for lang, boundary in (("en", _EN_CLAUSE_END), ("zh", _ZH_CLAUSE_END))
}
_EN_TOKEN = re.compile(r"\s*(\([^()\n]{0,80}\)|[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*|\S)")
_DATE_AFTER_YEAR = re.compile(r"\s*[年\-–—/.]")
_PERCENT_SIGN = re.compile(r"\s?[%％]")
_ORIGIN = re.compile(r"(?:来自|从|\bfrom\s)\s*$")
# asked of every number: compiled once rather than looked up in re's cache each time
_YEAR_ONLY = re.compile(_YEAR)
_FROM_VALUE_TO = re.compile(r"\s+to\s+")
_ZH_PERIOD_START = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月)?(?:至|到|—|-)$")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_DENOMINATOR_OR_CODE_BEFORE = re.compile(r"\bper\s+$|\bNo\.\s*$|[\[(/]$", re.IGNORECASE)
_HEADING_NUMBER_END = re.compile(r"[.)、]")
_CLOCK_BEFORE = re.compile(r"(?<!\d)\d{1,2}:$")
_CLOCK_AFTER = re.compile(r":\d{2}(?!\d)")
_CAPITALISED_AFTER = re.compile(r"[ \t]+[A-Z]")
_PERCENT_AFTER = re.compile(r"\s?(?:%|％)|\s+per\s?cent\b", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\s+(?:the\s+)?")
_EN_RANGE_JOINT = re.compile(r"\s*(?:[-–—~]|to)\s*")
# A year's first digit first, the lookbehinds (shifted by that digit) after it: a pattern
# opening with its first characters lets the engine skip ahead to where one occurs.
_EN_YEAR = re.compile(r"((?:1(?<![\d\-–—/(].)9|2(?<![\d\-–—/(].)0)\d{2})(?![\d\-–—/)])")
_ZH_YEAR = re.compile(
    r"((?:1(?<!\d[\-–—~～至].)(?<!\d.)9|2(?<!\d[\-–—~～至].)(?<!\d.)0)\d{2})"
    rf"\s*年(?:底|末|年底|年末)?(?!\s*[{_RANGE_DASH}])"
)


@dataclass(frozen=True, slots=True)
class Grammar:
    """The word lists of patterns/quantity.json as compiled patterns and sets, built
    once per language: a pattern built per number costs more than matching it."""

    cue: dict[str, re.Pattern[str]]  # "statistic_cues" / "target_cues": one cue in a scope
    deadline_words: re.Pattern[str] | tuple[str, ...]  # for is_preceded_by
    point_words: re.Pattern[str] | tuple[str, ...]
    relative_years: re.Pattern[str]
    structure_after: re.Pattern[str]
    comparators_before: tuple[tuple[re.Pattern[str], str], ...]  # longest phrase first
    any_comparator_before: re.Pattern[str]  # whether any of them matches
    approximator_before: re.Pattern[str]
    comparators_after: tuple[tuple[re.Pattern[str], str], ...]
    phrase_stops: frozenset[str]
    measure_verb: re.Pattern[str]
    measure_subject: re.Pattern[str]
    per_population: re.Pattern[str]
    unit_after: re.Pattern[str]
    chinese_cues: re.Pattern[str]


@cache
def grammar(lang: str) -> Grammar:
    rules = load_patterns("quantity")[lang]

    def words(key: str) -> str:
        return compile_alternatives(rules.get(key, ()))

    def ending_with(key: str) -> re.Pattern[str] | tuple[str, ...]:
        if lang == "zh":
            return tuple(rules.get(key, ()))
        return re.compile(rf"\b{words(key)}\s*$", re.IGNORECASE)

    approx = words("approximators")
    before = sorted(rules["comparators_before"].items(), key=lambda kv: -len(kv[0]))
    return Grammar(
        cue={
            key: re.compile(rf"\b{words(key)}\b", re.IGNORECASE)
            for key in ("statistic_cues", "target_cues")
        },
        deadline_words=ending_with("year_deadline_words"),
        point_words=ending_with("year_point_words"),
        relative_years=re.compile(
            compile_alternatives(rules["relative_years"], ignore_case=lang == "en")
        ),
        structure_after=re.compile(rf"\s+{words('structure_words')}\b"),
        comparators_before=tuple(
            (re.compile(rf"\b{re.escape(phrase)}\s+(?:{approx}\s+)?$", re.IGNORECASE), symbol)
            for phrase, symbol in before
        ),
        any_comparator_before=re.compile(
            rf"\b{words('comparators_before')}\s+(?:{approx}\s+)?$", re.IGNORECASE
        ),
        approximator_before=re.compile(rf"\b{approx}\s+$", re.IGNORECASE),
        comparators_after=tuple(
            (re.compile(rf"\s+{re.escape(phrase)}\b", re.IGNORECASE), symbol)
            for phrase, symbol in rules["comparators_after"].items()
        ),
        phrase_stops=frozenset(rules.get("phrase_stops", ())),
        # "has reached 0.81", or a copula with a comparator: "will be no less than 0.65";
        # the second value of "rose from 1.92 million in 2021 to 2.47 million"
        measure_verb=re.compile(
            rf"\b(?:{words('measure_verbs')}"
            rf"|{words('measure_copulas')}\s+{words('comparators_before')})"
            r"(?P<second>\s+[\d.,]+(?:\s+(?:million|billion))?(?:\s+in\s+\d{4})?\s+to)?\s*$",
            re.IGNORECASE,
        ),
        measure_subject=re.compile(rf"\b{words('measure_subjects')}\b", re.IGNORECASE),
        per_population=re.compile(
            words("per_population") + r"(?:\s+(?:permanent\s+)?[a-z]+)?", re.IGNORECASE
        ),
        unit_after=re.compile(
            r"\s?("
            + compile_alternatives(
                rules["units"]
                + rules["units_needing_comparator"]
                + rules.get("units_needing_comparator_before", [])
                + rules.get("ignored_units", [])
            )
            + r")"
        ),
        chinese_cues=re.compile(
            r"^(?:"
            + compile_alternatives(
                rules["statistic_cues"] + rules["target_cues"] + list(rules["approximators"])
            )
            + r"|全区|全市|全县|全省|此外|同时)+"
        ),
    )


@dataclass(frozen=True, slots=True)
class Reading:
    """A number read as a quantity, before its year, type and place are settled."""

    value: Decimal
    unit: str
    comparator: str
    indicator: str
    start: int  # the evidence span
    end: int
    anchor: int  # where the number itself starts: year and cues are looked up from here


@dataclass(frozen=True, slots=True)
class YearMention:
    start: int
    end: int
    year: int
    deadline: bool  # "by 2020", "到2025年": a date to reach something by


@dataclass(frozen=True, slots=True)
class DocumentFrame:
    """What the whole document lends each of its quantities."""

    is_plan: bool
    publication_year: int | None
    horizon_year: int | None
    place: str | None


@extractor("quantity", order=60)
def extract_quantities(doc: Doc, context: ExtractionContext) -> Iterator[Quantity]:
    lang = "zh" if context.lang == "zh" else "en"
    rules = load_patterns("quantity")[lang]
    text = text_of(doc)
    frame = read_document_frame(text, context.info, rules)
    years = find_year_mentions(text, lang, rules, frame.publication_year)
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    sentence_starts = [start for start, _ in sentences]
    places = sorted(
        (m.start, m.canonical)
        for m in context.findings.of_type("Place")
        if not _ORIGIN.search(text[max(0, m.start - 6) : m.start])
    )
    read = read_english_quantities if lang == "en" else read_chinese_quantities
    # "China Three Gorges University": a number inside a name found earlier counts nothing
    names = SpanIndex(context.findings.of_type(*rules.get("name_types", ())))
    readings = [
        reading
        for reading in read(text, rules)
        if not any(
            m.start <= reading.anchor < m.end
            for m in names.near(reading.anchor, reading.anchor + 1)
        )
    ]
    headline = headline_span(text, context.info.title)
    seen: set[tuple[int, Decimal]] = set()
    for reading in readings:
        if (reading.anchor, reading.value) in seen or is_headline_repeat(
            reading, readings, headline
        ):
            continue
        seen.add((reading.anchor, reading.value))
        sentence = enclosing_sentence(sentences, sentence_starts, reading.anchor, len(text))
        paragraph = enclosing_paragraph(text, reading.anchor)
        # "from 1.92 million in 2021 to 2.47 million in 2023": 2021 is the first value's
        years_here = [y for y in years if not _FROM_VALUE_TO.fullmatch(text, y.end, reading.anchor)]
        year, deadline = find_stated_year(years_here, reading.anchor, sentence, paragraph)
        if deadline:
            type_ = "Target"
        elif year is not None and frame.publication_year and year < frame.publication_year:
            type_ = "Statistic"  # a value of a year already past is a reported fact
        else:
            type_ = classify_quantity(text, reading, sentence, paragraph, frame, rules, lang)
        if year is None:
            year = default_year(type_, frame, years, reading.anchor)
        yield Quantity(
            type=type_,
            value=reading.value,
            unit=reading.unit,
            comparator=reading.comparator,
            indicator=reading.indicator,
            start=reading.start,
            end=reading.end,
            evidence=text[reading.start : reading.end],
            year=year,
            place=find_place(places, sentence, reading.anchor) or frame.place,
        )


# ------------------------------------------------------------------ document


def headline_span(text: str, title: str | None) -> tuple[int, int] | None:
    """Where a news headline stands at the top of the text, when the title is one."""
    if not title:
        return None
    start = text.find(title, 0, 2000)
    return (start, start + len(title)) if start >= 0 else None


def is_headline_repeat(
    reading: Reading, readings: list[Reading], headline: tuple[int, int] | None
) -> bool:
    """A number in the headline that the text states again below is one quantity,
    recorded where the text states it ("中医类医院达142家" / "共有中医类医院142家"):
    the same value and unit, said of a similar indicator."""
    if headline is None or not headline[0] <= reading.anchor < headline[1]:
        return False
    return any(
        other.anchor >= headline[1]
        and other.value == reading.value
        and other.unit == reading.unit
        and are_similar_indicators(reading.indicator, other.indicator)
        for other in readings
    )


def are_similar_indicators(first: str, second: str) -> bool:
    """Whether two indicators share most of the shorter one's English words (three
    letters or more) and Chinese character pairs."""
    first_terms, second_terms = indicator_terms(first), indicator_terms(second)
    if not first_terms or not second_terms:
        return True  # nothing to tell them apart by
    shared = len(first_terms & second_terms)
    return shared * 2 >= min(len(first_terms), len(second_terms))


def indicator_terms(indicator: str) -> set[str]:
    lowered = indicator.lower()
    terms = set(re.findall(r"[a-z]{3,}", lowered))
    for run in re.findall(r"[\u4e00-\u9fff]+", lowered):
        terms.update(run[i : i + 2] for i in range(len(run) - 1))
        if len(run) == 1:
            terms.add(run)
    return terms


def read_document_frame(text: str, info: DocumentInfo, rules: dict[str, Any]) -> DocumentFrame:
    """Genre, horizon and publication year. Without a title from the metadata, the
    short lines heading the text stand in for it."""
    heading = info.title or " ".join(
        line.strip() for line in text[:1000].splitlines()[:8] if 0 < len(line.strip()) <= 160
    )
    lowered_heading, opening = heading.lower(), text[:300].lower()
    is_news = any(marker in opening for marker in rules["news_markers"])
    is_plan = not is_news and any(word in lowered_heading for word in rules["plan_title_words"])
    period = re.search(rf"({_YEAR})\s*[{_RANGE_DASH}]\s*({_YEAR})", heading)
    single = re.search(rf"(?<!\d)({_YEAR})(?!\d)", heading) if info.title else None
    horizon = int(period.group(2)) if period else int(single.group(1)) if single else None
    return DocumentFrame(
        is_plan=is_plan,
        publication_year=info.date.year if info.date else None,
        horizon_year=horizon if is_plan else None,
        place=info.place,
    )


def find_year_mentions(
    text: str, lang: str, rules: dict[str, Any], publication_year: int | None
) -> list[YearMention]:
    """Expressions that date a value: "by 2020", "As of the end of 2020", "到2025年",
    "截至2020年底", "this year"/"今年" (against the publication year). Start years
    ("since 2010", "2018年以来") and plan periods ("2018-2020") date nothing."""
    found = []
    compiled = grammar(lang)
    for match in (_EN_YEAR if lang == "en" else _ZH_YEAR).finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        after = text[match.end() : match.end() + 4]
        if lang == "zh" and (
            after.startswith(tuple(rules["year_start_after"]))
            or is_preceded_by(before, tuple(rules["year_start_words"]))
        ):
            continue
        year = int(match.group(1))
        is_ahead = publication_year is None or year >= publication_year
        # "2021年至2024年": the end of a period counted, not a deadline
        is_period_end = lang == "zh" and _ZH_PERIOD_START.search(before) is not None
        if is_ahead and not is_period_end and is_preceded_by(before, compiled.deadline_words):
            found.append(YearMention(match.start(), match.end(), year, True))
        elif lang == "zh" or is_preceded_by(before, compiled.point_words):
            found.append(YearMention(match.start(), match.end(), year, False))
    if publication_year is not None:
        relative = rules["relative_years"]
        for match in compiled.relative_years.finditer(text):
            offset = relative[match.group().lower() if lang == "en" else match.group()]
            found.append(YearMention(match.start(), match.end(), publication_year + offset, False))
    return sorted(found, key=lambda mention: mention.start)


def is_preceded_by(before: str, words: re.Pattern[str] | tuple[str, ...]) -> bool:
    """Whether `before` ends in one of `words`: Chinese words, or English ones as
    `grammar` compiles them (a whole word, then spaces, in any case)."""
    if isinstance(words, re.Pattern):
        return words.search(before) is not None
    return before.rstrip().endswith(words)


def find_stated_year(
    years: list[YearMention], anchor: int, sentence: tuple[int, int], paragraph: tuple[int, int]
) -> tuple[int | None, bool]:
    """The year the text gives for the number at `anchor`, and whether it is a future
    deadline (which makes the number a target whatever its verb)."""
    in_sentence = [y for y in years if sentence[0] <= y.start < sentence[1]]
    earlier = [y for y in in_sentence if y.end <= anchor]
    later = [y for y in in_sentence if y.start >= anchor]
    in_paragraph = [y for y in years if paragraph[0] <= y.start and y.end <= anchor]
    if earlier:
        chosen = earlier[-1]
    elif later:
        chosen = later[0]
    elif in_paragraph:
        chosen = in_paragraph[-1]
    else:
        return None, False
    return chosen.year, chosen.deadline


def default_year(
    type_: str, frame: DocumentFrame, years: list[YearMention], anchor: int
) -> int | None:
    if type_ == "Statistic":
        return frame.publication_year
    if frame.horizon_year is not None:
        return frame.horizon_year
    deadlines = [
        y.year
        for y in years
        if y.deadline
        and y.start < anchor
        and (frame.publication_year is None or y.year >= frame.publication_year)
    ]
    return deadlines[-1] if deadlines else None


def classify_quantity(
    text: str,
    reading: Reading,
    sentence: tuple[int, int],
    paragraph: tuple[int, int],
    frame: DocumentFrame,
    rules: dict[str, Any],
    lang: str,
) -> str:
    """Target or Statistic: the clause's own cue, else its sentence's, else its
    paragraph's, else the genre's default."""
    for start, end in (enclosing_clause(text, reading.anchor, lang), sentence, paragraph):
        scope = text[start:end]
        is_fact = has_cue(scope, "statistic_cues", lang)
        is_goal = has_cue(scope, "target_cues", lang)
        if is_fact != is_goal:
            return "Statistic" if is_fact else "Target"
    return "Target" if frame.is_plan else "Statistic"


@lru_cache(maxsize=1024)
def has_cue(scope: str, key: str, lang: str) -> bool:
    """Whether `scope` holds one of the cues `key` of patterns/quantity.json (in English,
    as a whole word). Kept for the scopes seen last: the numbers of one paragraph ask
    about the same paragraph."""
    if lang == "zh":
        return any(cue in scope for cue in load_patterns("quantity")[lang][key])
    return grammar(lang).cue[key].search(scope) is not None


def find_place(places: list[tuple[int, str]], sentence: tuple[int, int], anchor: int) -> str | None:
    """The last place named in the sentence before the number (an origin, "来自河南",
    was left out when `places` was gathered)."""
    named = [name for start, name in places if sentence[0] <= start < anchor]
    return named[-1] if named else None


# ----------------------------------------------------------------- geometry


def enclosing_sentence(
    sentences: list[tuple[int, int]], starts: list[int], offset: int, length: int
) -> tuple[int, int]:
    """The sentence holding `offset`; `starts` are the sentences' starts, for bisecting."""
    index = bisect_right(starts, offset) - 1
    return sentences[index] if index >= 0 else (0, length)


def enclosing_paragraph(text: str, offset: int) -> tuple[int, int]:
    end = text.find("\n", offset)
    return text.rfind("\n", 0, offset) + 1, len(text) if end < 0 else end


def enclosing_clause(text: str, offset: int, lang: str) -> tuple[int, int]:
    """From the last clause end at most 200 characters before `offset` (else from the
    start of the text) to the next one."""
    boundary = _ZH_CLAUSE_END if lang == "zh" else _EN_CLAUSE_END
    last = _LAST_CLAUSE_END[lang].match(text, max(0, offset - 200), offset)
    start = last.end() if last else 0
    following = boundary.search(text, offset)
    return start, following.start() if following else len(text)


# ------------------------------------------------------------------ English


def read_english_quantities(text: str, rules: dict[str, Any]) -> Iterator[Reading]:
    units = {u.lower() for u in rules["units"]}
    timed = {u.lower() for u in rules["units_needing_comparator"]}
    numbers = find_numbers(text)
    for index, number in enumerate(numbers):
        if number.script == "zh" or is_english_non_quantity(text, number, rules["structure_words"]):
            continue
        comparator, evidence_start = read_english_comparator_before(text, number.start, rules)
        reading = (
            read_english_percentage(text, number, rules, comparator, evidence_start)
            or read_english_count(text, number, rules, units, timed, comparator, evidence_start)
            or read_english_measure(text, number, rules, units, comparator, evidence_start)
        )
        if reading is None:
            continue
        range_start = english_range_partner(text, numbers, index)
        if range_start is not None:
            yield replace(reading, comparator="<=", start=range_start.start)
            yield replace(
                reading,
                value=range_start.value,
                comparator=">=",
                start=range_start.start,
                anchor=range_start.start,
            )
            continue
        yield reading
        article = read_english_article_sibling(text, reading, units)
        if article is not None:
            yield article
    yield from read_english_universals(text, rules, units)


def is_english_non_quantity(text: str, number: NumberSpan, structure_words: list[str]) -> bool:
    """Years, ordinals ("22nd"), denominators ("per 1,000"), parts of dates, codes,
    numbered headings, and counts of the document's own structure ("three major
    projects", the calque of 八大工程)."""
    after, before = (
        text[number.end : number.end + 3],
        text[max(0, number.start - 12) : number.start],
    )
    if number.script == "arabic" and _YEAR_ONLY.fullmatch(number.text):
        return True
    if _ORDINAL_SUFFIX.match(after):
        return True
    if _DENOMINATOR_OR_CODE_BEFORE.search(before):
        return True
    if _CLOCK_BEFORE.search(before) or _CLOCK_AFTER.match(after):
        return True  # "16:42"
    if grammar("en").structure_after.match(text, number.end):
        return True
    if is_in_english_name(text, number):
        return True
    line_start = text.rfind("\n", 0, number.start) + 1
    return (
        not text[line_start : number.start].strip() and _HEADING_NUMBER_END.match(after) is not None
    )


def is_in_english_name(text: str, number: NumberSpan) -> bool:
    """ "the Three Gorges area", "China Three Gorges University": a capitalised number
    word inside a sentence, before a capitalised word, is part of a name. (A sentence's
    first word is capitalised whatever it is: "Twelve clinics ...".)"""
    return (
        number.script == "words"
        and number.text[0].isupper()
        and _CAPITALISED_AFTER.match(text, number.end) is not None
        and not _opens_sentence(text, number.start)
    )


def read_english_comparator_before(text: str, start: int, rules: dict[str, Any]) -> tuple[str, int]:
    before = text[max(0, start - 40) : start]
    compiled = grammar("en")
    # the longest phrase that ends the text wins, so try them one by one, when any does
    if compiled.any_comparator_before.search(before):
        for pattern, comparator in compiled.comparators_before:
            match = pattern.search(before)
            if match:
                return comparator, start - (len(before) - match.start())
    match = compiled.approximator_before.search(before)
    return "=", start - (len(before) - match.start()) if match else start


def read_english_comparator_after(text: str, end: int, rules: dict[str, Any]) -> tuple[str, int]:
    after = text[end : end + 20]
    for pattern, comparator in grammar("en").comparators_after:
        match = pattern.match(after)
        if match:
            return comparator, end + match.end()
    return "", end


def read_english_percentage(
    text: str, number: NumberSpan, rules: dict[str, Any], comparator: str, evidence_start: int
) -> Reading | None:
    sign = _PERCENT_AFTER.match(text[number.end : number.end + 10])
    if not sign:
        return None
    end = number.end + sign.end()
    following = _OF_AFTER.match(text[end : end + 12])
    if following:
        words, phrase_end = read_english_phrase(text, end + following.end(), rules, limit=10)
        indicator, end = " ".join(words), phrase_end
    else:
        indicator = english_subject(text, evidence_start)
    after_comparator, after_end = read_english_comparator_after(text, end, rules)
    return Reading(
        number.value,
        "%",
        after_comparator or comparator,
        indicator,
        evidence_start,
        max(end, after_end),
        number.start,
    )


def read_english_count(
    text: str,
    number: NumberSpan,
    rules: dict[str, Any],
    units: set[str],
    timed: set[str],
    comparator: str,
    evidence_start: int,
) -> Reading | None:
    """ "130 Chinese medicine hospitals", "not less than 6 years", "0.55 beds ... per
    1,000 population": a number and the noun phrase it counts."""
    words, head, head_end, head_words = [], "", number.end, 0
    phrase_stops = grammar("en").phrase_stops
    # "six or more TCM techniques": the comparator may stand before the counted noun
    number_comparator, position = read_english_comparator_after(text, number.end, rules)
    comparator = number_comparator or comparator
    or_modifiers = rules.get("rank_modifiers_after_or", ())
    for _ in range(9):
        token = _EN_TOKEN.match(text, position)
        if not token:
            break
        word = token.group(1)
        lowered = word.lower()
        if word.startswith("("):
            words.append(word)
        elif (
            lowered == "or"
            and words
            and not head
            and (modifier := _EN_TOKEN.match(text, token.end()))
        ):
            # "secondary or higher general hospitals": a rank range modifying the noun
            if modifier.group(1).lower() not in or_modifiers:
                break
            words += [word, modifier.group(1)]
            position = modifier.end()
            continue
        elif (
            not word[0].isalpha()
            or lowered in phrase_stops
            or (lowered == "and" and starts_with_number(text, token.end()))
        ):
            break
        elif head and lowered.endswith(("ed", "ing")):
            break  # a participle after the counted noun starts a verb phrase
        else:
            words.append(word)
            pair = " ".join(words[-2:]).lower()
            if len(words) > 1 and pair in units:  # "percentage points"
                head, head_end, head_words = pair, token.end(), len(words)
            elif lowered in units or (lowered in timed and head not in units):
                # "hospitals each year": a period after the counted noun is its frequency
                head, head_end, head_words = lowered, token.end(), len(words)
        position = token.end()
    if not head or words[0].startswith("("):
        return None
    words = words[:head_words]
    after_comparator, after_end = read_english_comparator_after(text, head_end, rules)
    comparator = after_comparator or comparator
    if head in timed and comparator == "=":
        return None
    tail, tail_end = read_english_phrase(text, head_end, rules, limit=8, tail=True)
    per = find_per_population(text, head_end, rules)
    unit = head + (f" {per[0]}" if per else "")
    end = max(after_end, per[1] if per else head_end)
    return Reading(
        number.value, unit, comparator, " ".join(words + tail), evidence_start, end, number.start
    )


def starts_with_number(text: str, position: int) -> bool:
    following = _EN_TOKEN.match(text, position)
    return following is not None and parse_number(following.group(1)) is not None


def read_english_measure(
    text: str,
    number: NumberSpan,
    rules: dict[str, Any],
    units: set[str],
    comparator: str,
    evidence_start: int,
) -> Reading | None:
    """ "the number of beds in TCM hospitals per 1,000 permanent residents has reached
    0.81": the value a measured subject reaches, its unit named in the subject."""
    clause_start, _ = enclosing_clause(text, number.start, "en")
    # the verb may itself carry the comparator ("will exceed 9,500"), so look up to the number
    prefix = text[clause_start : number.start]
    compiled = grammar("en")
    verb = compiled.measure_verb.search(prefix)
    if not verb:
        return None
    subject = prefix[: verb.start()].strip()
    subject = re.sub(r"^(?:with|and|while|where|the|total)\s+", "", subject, flags=re.IGNORECASE)
    # a rate is measured too: "TCM beds per 1,000 permanent residents will reach 0.9";
    # and a count whose subject names what is counted: "Outpatient visits to county
    # hospitals rose from 1.92 million"
    lead = re.split(r"\s+(?:to|in|of|at|for|from|across|by)\s+", subject, maxsplit=1)[0].split()
    if (
        not compiled.measure_subject.search(subject)
        and not compiled.per_population.search(subject)
        and not (lead and lead[-1].lower() in units)
    ):
        return None
    subject = re.sub(r"^(?:the\s+)?(?:total\s+)?number\s+of\s+", "", subject, flags=re.IGNORECASE)
    head = next(
        (w.lower() for w in re.findall(r"[A-Za-z][\w\-]*", subject) if w.lower() in units), ""
    )
    per = find_per_population(text, number.end, rules, reach=30)
    subject_per = re.search(r"\bper\s+[\d,]+\s+[a-z ]+$", subject)
    unit = head + (f" {per[0]}" if per else f" {subject_per.group()}" if subject_per else "")
    end = per[1] if per else number.end
    # the second value of "rose from X in 2021 to Y" is evidenced from itself, so the year
    # read near it is its own
    start = number.start if verb.group("second") else clause_start + verb.start()
    return Reading(number.value, unit.strip(), comparator, subject, start, end, number.start)


def read_english_phrase(
    text: str, start: int, rules: dict[str, Any], *, limit: int, tail: bool = False
) -> tuple[list[str], int]:
    """Words of a noun phrase from `start`, with its parentheses and "of" complements.
    As the `tail` of a counted noun, only a parenthesis or an "in/of/at ..."
    complement is taken: "areas (pavilions) in township health centers"."""
    words: list[str] = []
    ends = [start]
    complement = not tail
    for _ in range(limit):
        token = _EN_TOKEN.match(text, ends[-1])
        if not token:
            break
        word, lowered = token.group(1), token.group(1).lower()
        if word.startswith("("):
            accepted = True
        elif not word[0].isalpha():
            accepted = False
        elif not complement:
            accepted = complement = lowered in ("in", "of", "at")
        else:
            accepted = lowered not in grammar("en").phrase_stops or (
                lowered == "of" and bool(words) and words[-1].lower() != "of"
            )
        if not accepted:
            break
        words.append(word)
        ends.append(token.end())
    while words and words[-1].lower() in ("in", "of", "at", "and"):
        words.pop()
        ends.pop()
    return words, ends[-1]


def find_per_population(
    text: str, start: int, rules: dict[str, Any], reach: int = 90
) -> tuple[str, int] | None:
    """ "per 1,000 population" later in the same clause: the denominator of a rate."""
    _, clause_end = enclosing_clause(text, start, "en")
    window = text[start : min(clause_end, start + reach)]
    match = grammar("en").per_population.search(window)
    if not match:
        return None
    return re.sub(r"\s+", " ", match.group()), start + match.end()


def english_subject(text: str, end: int) -> str:
    clause_start, _ = enclosing_clause(text, end, "en")
    return re.sub(r"\s+", " ", text[clause_start:end]).strip()


def english_range_partner(text: str, numbers: list[NumberSpan], index: int) -> NumberSpan | None:
    """The lower end of "10-20 beds" / "10 to 20 beds" when numbers[index] is its upper end."""
    if index == 0:
        return None
    lower = numbers[index - 1]
    joint = text[lower.end : numbers[index].start]
    if lower.script == "zh" or not _EN_RANGE_JOINT.fullmatch(joint):
        return None
    if _YEAR_ONLY.fullmatch(lower.text) and text[max(0, lower.start - 4) : lower.start] == " in ":
        return None  # "from 1.92 million in 2021 to 2.47 million": a year, not a range's end
    return lower if lower.value < numbers[index].value else None


def read_english_article_sibling(text: str, reading: Reading, units: set[str]) -> Reading | None:
    """ "a national centre and more than 2 provincial centres": the article counts one
    of the same unit as the number it is coordinated with."""
    head = reading.unit.split(" ")[0]
    singular = re.sub(r"ies$", "y", head) if head.endswith("ies") else head.rstrip("s")
    if singular == head or singular not in units:
        return None
    before = text[max(0, reading.start - 120) : reading.start]
    match = re.search(
        rf"\b(?:an?|one)\s+((?:[\w\-]+\s+){{0,7}}?{singular})\s+and\s+$", before, re.IGNORECASE
    )
    if not match:
        return None
    start = reading.start - len(before) + match.start()
    return Reading(
        Decimal(1),
        head,
        "=",
        match.group(1),
        start,
        reading.start - len(before) + match.end(1),
        start,
    )


def read_english_universals(text: str, rules: dict[str, Any], units: set[str]) -> Iterator[Reading]:
    """ "full coverage of X" and "All X set up Y": 100 % of X."""
    coverage = compile_alternatives(rules["universal_coverage"], word_start=True, ignore_case=True)
    for match in re.finditer(coverage + r"\s+", text):
        words, end = read_english_phrase(text, match.end(), rules, limit=10)
        if words:
            yield Reading(
                HUNDRED,
                "%",
                "=",
                "coverage of " + " ".join(words),
                match.start(),
                end,
                match.start(),
            )
    all_subject = _all_subject(compile_alternatives(rules["universal_subject_verbs"]))
    position = 0
    while found := all_subject.search(text, position):
        # a sentence's "All" only; else look again from the next character, as a pattern
        # opening with the test for a sentence start would (it could not skip to "All")
        if not _opens_sentence(text, found.start()):
            position = found.start() + 1
            continue
        position = found.end()
        subject = found.group(1).lower().split()
        if any(word in units for word in subject):
            yield Reading(
                HUNDRED,
                "%",
                "=",
                found.group()[4:].strip(),
                found.start(),
                found.end(),
                found.start(),
            )


@lru_cache(maxsize=4)
def _all_subject(verbs: str) -> re.Pattern[str]:
    return re.compile(rf"All\s+((?:[\w\-]+\s+){{1,8}}?){verbs}\s+[^.;\n]+")


def _opens_sentence(text: str, position: int) -> bool:
    """Whether only white space stands between `position` and the start of the text, a
    line break, or a sentence end followed by white space."""
    run_start = position
    while run_start > 0 and text[run_start - 1].isspace():
        run_start -= 1
    return (
        run_start == 0
        or "\n" in text[run_start:position]
        or (run_start < position and text[run_start - 1] in ".!?")
    )


# ------------------------------------------------------------------ Chinese


def read_chinese_quantities(text: str, rules: dict[str, Any]) -> Iterator[Reading]:
    unit_after = grammar("zh").unit_after
    range_joint = re.compile(rf"\s*[{_RANGE_DASH}]\s*")
    chain: list[Reading] = []
    lower_ends: dict[int, NumberSpan] = {}
    lower: NumberSpan | None = None
    for number in find_numbers(text):
        reading = read_chinese_number(text, number, rules, unit_after)
        joint = range_joint.match(text, lower.end) if lower is not None else None
        if reading is not None and lower is not None and joint and joint.end() == number.start:
            lower_ends[reading.anchor] = lower
        lower = number if reading is None and range_joint.match(text, number.end) else None
        if reading is None:
            continue
        if chain and text[chain[-1].end : reading.anchor].strip() == "":
            chain.append(reading)
            continue
        yield from settle_chinese_chain(text, chain, rules, lower_ends)
        chain = [reading]
    yield from settle_chinese_chain(text, chain, rules, lower_ends)
    yield from read_chinese_universals(text, rules)


def read_chinese_number(
    text: str, number: NumberSpan, rules: dict[str, Any], unit_after: re.Pattern[str]
) -> Reading | None:
    """One number with its unit ("21个", "75%", "每天50元"), or None for dates,
    ordinals, ages and the indefinite 一 ("一批")."""
    if number.script == "words" or number.text == "一":
        return None
    if number.text == "两" and not _counts_a_list(text, number.start):
        return None
    before = text[max(0, number.start - 3) : number.start]
    if any(before.endswith(word) for word in rules["excluded_before"]):
        return None
    if (
        number.script == "arabic"
        and _YEAR_ONLY.fullmatch(number.text)
        and _DATE_AFTER_YEAR.match(text, number.end)
    ):
        return None
    value, start, comparator = number.value, number.start, "="
    percent_word = next((w for w in rules["percent_words"] if before.endswith(w)), None)
    sign = _PERCENT_SIGN.match(text, number.end)
    tenths = _TENTHS.match(text, number.end) if number.script == "zh" else None
    if sign or percent_word:
        unit, end = "%", sign.end() if sign else number.end
        start -= len(percent_word or "")
    elif tenths and number.value <= 10:
        unit, end, value = "%", tenths.end(), value * 10  # 三成: three tenths
    else:
        unit_read = read_chinese_unit(text, number.end, rules, unit_after) or read_subject_unit(
            text, number, rules
        )
        if unit_read is None:
            return None
        unit, end, comparator, scale = unit_read
        value *= scale
    if re.match(rf"\s*[{_RANGE_DASH}]\s*\d", text[end : end + 3]) and unit != "%":
        return None
    per = next(
        (
            per
            for word, per in rules["per_units"].items()
            if text[max(0, start - len(word)) : start] == word
        ),
        None,
    )
    if per:
        start -= len(next(w for w, p in rules["per_units"].items() if p == per))
        unit = f"{unit}/{per}"
    return Reading(value, unit, comparator, "", start, end, number.start)


def read_chinese_unit(
    text: str, position: int, rules: dict[str, Any], unit_after: re.Pattern[str]
) -> tuple[str, int, str, Decimal] | None:
    """The unit after a number at `position`: (unit, its end, comparator, scale). An
    approximation word may stand before it ("120余个", "30多名": at least the number);
    a scale unit after it multiplies ("1000余万元": 10,000,000 元). Durations so
    written ("30余年") are spans of a career, not quantities. None without a unit."""
    ignored = rules["ignored_units"]
    approximate = rules.get("approximate_before_unit", {})
    word = text[position : position + 1]
    if word in approximate:
        match = unit_after.match(text, position + 1)
        timed = (*rules["units_needing_comparator"], *ignored)
        if match and match.group(1) not in timed:
            unit, scale = match.group(1), Decimal(1)
            if len(unit) > 1 and unit[0] in ZH_LARGE_UNITS:
                unit, scale = unit[1:], Decimal(ZH_LARGE_UNITS[unit[0]])
            return unit, match.end(), approximate[word], scale
    match = unit_after.match(text, position)
    if not match or match.group(1) in ignored:
        return None
    return match.group(1), match.end(), "=", Decimal(1)


def _counts_a_list(text: str, position: int) -> bool:
    """Whether 两 at `position` counts the things its clause has just listed
    ("脑病、针灸两个中心", "骨伤和肛肠两个专科"). Elsewhere 两 names a fixed
    pair (两岸, 两癌) or points back to one ("两家卫生院的…"), which is no new
    quantity."""
    clause = text[max(0, position - 30) : position]
    ends = list(_ZH_CLAUSE_END.finditer(clause))
    if ends:
        clause = clause[ends[-1].end() :]
    return bool(_LISTED_PAIR.search(clause))


_LISTED_PAIR = re.compile(r"[\u4e00-\u9fff][、和及与][\u4e00-\u9fff]+$")


# 三成以上, 将近四成: tenths, when 成 ends the phrase (not 成立, 成本, 一成不变)
_TENTHS = re.compile(r"成(?=以上|以下|左右|多|[，。、；：,;）)的]|$)")


def read_subject_unit(
    text: str, number: NumberSpan, rules: dict[str, Any]
) -> tuple[str, int, str, Decimal] | None:
    """A unit the subject names, for a number that states none ("总诊疗人次达到738.6万":
    人次), read as `read_chinese_unit` reads one; None where the subject names none."""
    if re.match(r"\s*[\d\u4e00-\u9fff%％]", text[number.end : number.end + 2]):
        return None  # a word of its own follows: not a bare number
    for word, unit in rules["units_in_subject"].items():
        if re.search(
            rf"{word}(?:{rules['subject_verbs']})$", text[max(0, number.start - 12) : number.start]
        ):
            return unit, number.end, "=", Decimal(1)
    return None


def settle_chinese_chain(
    text: str, chain: list[Reading], rules: dict[str, Any], lower_ends: dict[int, NumberSpan]
) -> Iterator[Reading]:
    """ "6类10项以上", "至少4类6项以上": numbers written back to back share the
    comparators around them and the clause that says what they measure. A range
    ("3至5个") gives its lower end as a minimum and its upper end as a maximum."""
    if not chain:
        return
    first, last = chain[0], chain[-1]
    if first.anchor in lower_ends:
        first = replace(first, start=lower_ends[first.anchor].start)
    clause_start, clause_end = enclosing_clause(text, first.anchor, "zh")
    comparator, start = read_chinese_comparator_before(text, clause_start, first.start, rules)
    stated_before = comparator != "="
    end = last.end
    for word, symbol in sorted(rules["comparators_after"].items(), key=lambda kv: -len(kv[0])):
        if text.startswith(word, end):
            comparator, end = symbol, end + len(word)
            break
    timed = set(rules["units_needing_comparator"])
    # "不少于6个月" is a duration, "6个月以下" and "0-36个月" the ages of a population
    timed_before = set(rules.get("units_needing_comparator_before", ()))
    prefix = strip_chinese_cues(text[clause_start:start].split("分别")[0], rules)
    suffix = re.split(r"[\d、和及与]", text[end:clause_end].strip().removeprefix("的"))[0]
    indicator = (prefix + suffix).strip()
    for reading in chain:
        lower = lower_ends.get(reading.anchor)
        if reading.unit in timed and comparator == "=" and lower is None:
            continue
        if reading.unit in timed_before and (not stated_before or lower is not None):
            continue
        settled = replace(
            reading,
            comparator=reading.comparator if comparator == "=" else comparator,
            indicator=indicator or reading.unit,
            start=min(start, reading.start),
            end=max(end, reading.end),
        )
        if lower is None:
            yield settled
            continue
        yield replace(settled, comparator="<=")
        yield replace(settled, value=lower.value, comparator=">=", anchor=lower.start)


def read_chinese_comparator_before(
    text: str, clause_start: int, start: int, rules: dict[str, Any]
) -> tuple[str, int]:
    """The nearest comparator word before the number, within a few characters of it
    ("最高支付限额840元") and inside its clause."""
    reach = max(clause_start, start - rules["comparator_reach"])
    window = text[reach:start]
    best = None
    for word, symbol in rules["comparators_before"].items():
        position = window.rfind(word)
        ends_later = best is None or (position + len(word), len(word)) > (
            best[1] + len(best[2]),
            len(best[2]),
        )
        if position >= 0 and not re.search(r"\d", window[position:]) and ends_later:
            best = (symbol, position, word)
    if best is None:
        return "=", start
    return best[0], reach + best[1]


def strip_chinese_cues(prefix: str, rules: dict[str, Any]) -> str:
    """The subject before a number, without the cue words and verbs around it."""
    prefix = grammar("zh").chinese_cues.sub("", prefix.strip())
    return re.sub(r"(?:分别达到|分别为|达到|共有|为|按|占|达)$", "", prefix)


def read_chinese_universals(text: str, rules: dict[str, Any]) -> Iterator[Reading]:
    """ "实现乡镇卫生院、社区卫生服务中心中医馆全覆盖": 100 % of what is covered."""
    for match in re.finditer(compile_alternatives(rules["universal_coverage"]), text):
        clause_start, _ = enclosing_clause(text, match.start(), "zh")
        covered = re.sub(
            r"^(?:实现|达到|基本实现|全面实现|已实现)",
            "",
            strip_chinese_cues(text[clause_start : match.start()], rules),
        )
        yield Reading(
            HUNDRED, "%", "=", covered + "覆盖率", clause_start, match.end(), match.start()
        )
    # 所有县级中医医院达到二级甲等水平: every member of a category reaching a standard
    verbs = compile_alternatives(rules["universal_verbs"])
    for match in re.finditer(
        rf"(?:所有|全部)的?(?P<subject>[^，,；;。：:！？\n]{{2,20}}?)(?:均|都|全部)?(?:要|将|能够|可以)?{verbs}",
        text,
    ):
        subject = match.group("subject")
        yield Reading(
            HUNDRED, "%", "=", subject + "比例", match.start(), match.end(), match.start()
        )
