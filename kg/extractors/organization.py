"""Other named organisations: universities, media, associations, companies, and the
departments of hospitals (哈密市维吾尔医医院医保科), which are units, not agencies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc

from kg.extractors import (
    ExtractionContext,
    compile_alternatives,
    extractor,
    load_patterns,
    make_mention,
    text_of,
)
from kg.model import Mention

# What lies between a place and the kind of body: nothing in 大理大学, 中医药 in
# 云南中医药大学.
_ZH_NAME_BODY = r"[\u4e00-\u9fff]{0,12}?"


@cache
def _grammar() -> dict[str, re.Pattern[str]]:
    p = load_patterns("facility")
    heads = compile_alternatives([*p["en_facility_types"], *p["en_org_types"]])
    next_name = rf"(?!(?:[A-Z][\w'’\-]*[ \t]+)*{heads}(?![\w'’]))"
    # "Tianjin Academy of TCM Affiliated Hospital": the hospital's words end the academy's
    not_facility = rf"(?!(?:Affiliated|{compile_alternatives(p['en_facility_types'])})\b)"
    return {
        # A capital first, the test for a word start after it: a pattern that opens with
        # a character class lets the engine skip ahead to where one occurs.
        "en": re.compile(
            r"([A-Z](?<![\w'’].)[\w'’\-]*[ \t]+(?:(?:of|and|for)[ \t]+(?:the[ \t]+)?)?"
            r"(?:[A-Z][\w'’\-]*[ \t]+(?:(?:of|and|for)[ \t]+(?:the[ \t]+)?)?)*)"
            rf"{compile_alternatives(p['en_org_types'])}"
            r"(?:[ \t]+(?:School|College|Institute|Department)[ \t]+of(?:[ \t]+[A-Z][\w'’\-]*)+"
            # "... of Science and Technology", not "... of Chinese Medicine and X University"
            rf"|[ \t]+of(?:[ \t]+(?:and[ \t]+{next_name})?(?:{not_facility}[A-Z][\w'’\-]*|TCM))+)?"
            r"(?![\w'’])"
        ),
        "en_pair": re.compile(
            rf"(.*?\b{compile_alternatives(p['en_org_types'])}\b[^,;]*?)[ \t]+and[ \t]+"
            rf"((?:[A-Z][\w'’\-]*[ \t]+)+{compile_alternatives(p['en_org_types'])}\b.*)"
        ),
        "zh_name": re.compile(_ZH_NAME_BODY + compile_alternatives(p["zh_org_types"])),
        "zh_person_unit": re.compile(compile_alternatives(p["zh_person_units"])),
        "zh_national_institution": re.compile(compile_alternatives(p["zh_national_institutions"])),
        # a place followed by these starts no name ("大理州依托大理大学", "X县中医院分别由Y大学")
        "zh_name_break": re.compile(compile_alternatives(p["zh_name_breaks"])),
        "zh_department": re.compile(
            rf"[\u4e00-\u9fff]{{1,5}}?{compile_alternatives(p['zh_department_suffixes'])}"
            rf"(?=[\u4e00-\u9fff]{{0,3}}{compile_alternatives(p['zh_department_followers'])}"
            rf"|[，。、\s]|{compile_alternatives(p['zh_department_next'])})"
        ),
    }


@extractor("organization", order=35)
def extract_organizations(doc: Doc, context: ExtractionContext) -> Iterator[Mention]:
    if context.lang == "en":
        yield from _extract_english(doc)
        return
    text = text_of(doc)
    grammar = _grammar()
    breaks = load_patterns("facility")["zh_department_breaks"]
    for body in context.findings.of_type("Hospital"):
        unit = grammar["zh_department"].match(text, body.end)
        if unit and not any(word in unit.group(0) for word in breaks):
            yield make_mention(doc, "Organization", body.start, unit.end(), source="organization")
    for person in context.findings.of_type("Person"):
        studio = grammar["zh_person_unit"].match(text, person.end)
        if studio:  # 林楚雄名医工作室: a unit named after a doctor
            yield make_mention(
                doc, "Organization", person.start, studio.end(), source="organization"
            )
    for institution in grammar["zh_national_institution"].finditer(text):
        yield make_mention(
            doc, "Organization", institution.start(), institution.end(), source="organization"
        )
    hospitals = context.findings.of_type("Hospital")
    places = sorted(context.findings.of_type("Place"), key=lambda m: m.start)
    for place in places:
        match = grammar["zh_name"].match(text, place.end)
        if (
            match
            and not grammar["zh_name_break"].search(match.group(0))
            # it may open a hospital's name (福建中医药大学附属人民医院), never hold one
            and not any(place.start <= h.start and h.end <= match.end() for h in hospitals)
            # the innermost place starts the name: 延安市支持延安大学 is 延安大学
            and not any(place.end <= other.start < match.end() for other in places)
        ):
            yield make_mention(doc, "Organization", place.start, match.end(), source="organization")


@cache
def _agency_head() -> re.Pattern[str]:
    return re.compile(rf"\b{compile_alternatives(load_patterns('agency')['en_heads'])}\b")


def _extract_english(doc: Doc) -> Iterator[Mention]:
    generic = set(load_patterns("facility")["en_generic_words"])
    facility = compile_alternatives(load_patterns("facility")["en_facility_types"])
    for match in _grammar()["en"].finditer(text_of(doc)):
        words = match.group(1).split()
        # "X Hospital and the First Affiliated Hospital of Y University": the name starts
        # after the last facility or body it runs over
        cuts = list(re.finditer(rf"\b{facility}\b(?:[ \t]+(?:of|and|for)\b)?", match.group(1)))
        if cuts:
            cut = cuts[-1]
            words = match.group(1)[cut.end() :].split()
        # "the Department of Human Resources and Social Security and Yunnan University":
        # after a body's name, the organisation's starts at the last "and"
        elif _agency_head().search(match.group(1)) and " and " in match.group(1):
            words = match.group(1).rsplit(" and ", 1)[1].split()
        while words and words[0] in {"The", "the", "A", "An", "In", "At", "By", "Since"}:
            words = words[1:]
        if not words or all(w in generic or w in {"of", "and", "for", "the"} for w in words):
            continue
        start = match.end(1) - len(" ".join(words)) - 1
        # "Hebei University of Chinese Medicine and Chengde Medical University" is two
        # names; "University of Science and Technology" one
        pair = _grammar()["en_pair"].fullmatch(text_of(doc), start, match.end())
        if pair:
            yield make_mention(doc, "Organization", start, pair.end(1), source="organization")
            start = pair.start(2)
        yield make_mention(doc, "Organization", start, match.end(), source="organization")
