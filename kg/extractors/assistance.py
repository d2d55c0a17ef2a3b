"""Assistance: who aids or is paired with whom (对口支援, 援疆, 帮扶, 院包科,
counterpart assistance), between bodies, hospitals, places and organisations."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc

from kg.extractors import (
    LIST_JOINT,
    ExtractionContext,
    compile_alternatives,
    extractor,
    listed_before,
    load_patterns,
    text_of,
)
from kg.model import Mention, Relation

PARTIES = ("Agency", "Hospital", "Place", "Organization")
# "A in Xianyang", "A, located in Xianyang": where the party before stands
_LOCATIVE = re.compile(r"(?:\s*,)?\s+(?:(?:located|based)\s+)?(?:in|at)\s+(?:the\s+)?$")
_GAPPED_PARTNER = re.compile(r"\s+with\s+(?:the\s+)?")
# "A, the largest TCM hospital in Zhejiang, assists B": a description between, with a place
_APPOSITIVE_IN = re.compile(r",\s+(?:the|a|an)\s+[^,.;()]{1,60}?\s+(?:in|at)\s+(?:the\s+)?")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?|(?<=[.!?])\s")


@cache
def _grammar() -> dict[str, re.Pattern[str]]:
    p = load_patterns("assistance")
    staff = compile_alternatives(p["en_aid_staff"])
    zh_adverbs = rf"[ ，,、]*(?:{compile_alternatives(p['zh_adverbs'])}[ ，,、]*)*"
    return {
        "partner": re.compile(compile_alternatives(p["zh_partner_markers"])),
        "agreement": re.compile(compile_alternatives(p["zh_agreement_verbs"])),
        "aid": re.compile(compile_alternatives(p["zh_aid_words"])),
        "received": re.compile(compile_alternatives(p["zh_received_aid_words"])),
        "zh_direct": re.compile(compile_alternatives(p["zh_direct"])),
        "zh_pairing_after": re.compile(rf"的?(?:{compile_alternatives(p['zh_pairings'])})"),
        "en_pairing": re.compile(
            rf"\b(?:{compile_alternatives(p['en_pairings'])})"
            r"(?:\s+(?:arrangement|mechanism|programme|program|relationship))?\s+between\s+(?:the\s+)?$",
            re.IGNORECASE,
        ),
        "toward": re.compile(re.escape(p["zh_toward"])),
        "toward_verb": re.compile(compile_alternatives(p["zh_toward_verbs"])),
        # what may stand between a Chinese helper and its verb: adverbs (继续, 持续, 又) and
        # staff sent (派驻专家团队): A 继续对口帮扶 B, A 派驻骨干医师帮扶 B
        "zh_between": re.compile(
            rf"{zh_adverbs}(?:{compile_alternatives(p['zh_send_verbs'])}"
            rf"[\u4e00-\u9fff\d]{{0,12}}?{compile_alternatives(p['zh_aid_staff'])}{zh_adverbs})?"
        ),
        # the passive's marker after the helped and before the helpers: B、C 分别由 A、D 支援
        "zh_passive": re.compile(
            rf"{zh_adverbs}(?P<respectively>{compile_alternatives(p['zh_respectively'])})?"
            rf"{zh_adverbs}{compile_alternatives(p['zh_passive_markers'])}[ ，,]*$"
        ),
        "zh_respectively": re.compile(compile_alternatives(p["zh_respectively"])),
        "en_direct": re.compile(
            r"\b(?:" + "|".join(v.replace("{staff}", staff) for v in p["en_direct"]) + r")\b"
        ),
        # what may stand between an English helper and its verb: "has", "will also", the
        # bracket closing a short name ("A Hospital (A) will support")
        "en_between": re.compile(
            rf"\)?(?:\s*,)?\s+(?:{compile_alternatives(p['en_auxiliaries'])}\s+)*"
        ),
        # ", and will" before the verb of a second clause with the sentence's subject
        "en_and_between": re.compile(
            rf",?\s+and\s+(?:{compile_alternatives(p['en_auxiliaries'])}\s+)*$"
        ),
    }


@extractor("assistance", order=115)
def extract_assistance(doc: Doc, context: ExtractionContext) -> Iterator[Relation]:
    text = text_of(doc)
    parties = sorted(
        (m for m in context.findings.mentions if m.type in PARTIES), key=lambda m: (m.start, -m.end)
    )
    if len(parties) < 2:
        return
    starts = [m.start for m in parties]
    for start, end in _sentences(text, context.lang):
        # the parties starting in the sentence, by bisecting: a document has many sentences
        first, stop = bisect_left(starts, start), bisect_left(starts, end)
        inside = _outermost([m for m in parties[first:stop] if m.end <= end])
        if len(inside) < 2:
            continue
        if context.lang == "zh":
            yield from _agreements(text, inside, start, end)
            yield from _toward(text, inside)
        yield from _direct(text, inside, start, end, context.lang)
        yield from _pairings(text, inside, context.lang)


def _sentences(text: str, lang: str) -> Iterator[tuple[int, int]]:
    pattern = r"[^。！？\n]+" if lang == "zh" else r"[^\n]+?(?:[.!?](?=\s)|$)"
    for match in re.finditer(pattern, text, re.MULTILINE):
        yield match.start(), match.end()


def _agreements(text: str, parties: list[Mention], start: int, end: int) -> Iterator[Relation]:
    """X 与 A、B(的医疗机构) 签订 …帮扶/院包科… 协议."""
    grammar = _grammar()
    for holder in parties:
        partner = grammar["partner"].match(text, _skip_adverbs(text, holder.end))
        if not partner:
            continue
        agreement = grammar["agreement"].search(text, partner.end(), end)
        if not agreement or _CLAUSE_BREAK.search(text, partner.end(), agreement.start()):
            continue  # 在A与B…机制下，C与D结成…: the agreement is C's
        partners = list(
            itertools.takewhile(
                # A与B、C与D分别签订…: a party followed by its own 与 opens the next pair
                lambda m: not grammar["partner"].match(text, m.end),
                (
                    m
                    for m in parties
                    if partner.end() <= m.start < agreement.start()
                    and m is not holder
                    and not _qualifies_next(m, parties)
                ),
            )
        )
        terms = text[agreement.start() : end]
        received = grammar["received"].search(terms)
        aided = grammar["aid"].search(terms)
        for other in partners:
            if received:
                yield Relation("assists", other, holder, start, end)
            elif aided:
                yield Relation("assists", holder, other, start, end)


def _toward(text: str, parties: list[Mention]) -> Iterator[Relation]:
    """A 对 B(、C) 开展“院包科”帮扶: the helper, 对 and the helped, then the aid it gives."""
    grammar = _grammar()
    for helper in parties:
        toward = grammar["toward"].match(text, _skip_adverbs(text, helper.end))
        first = next((m for m in parties if toward and m.start == toward.end()), None)
        if first is None:
            continue
        helped = _coordinated(text, first, parties)  # 对A、B实行“院包院”帮扶
        verb = grammar["toward_verb"].match(text, helped[-1].end)
        if verb and grammar["aid"].search(text, verb.end(), verb.end() + 12):
            for one in helped:
                yield Relation("assists", helper, one, helper.start, verb.end())


def _opens_bracket_at(text: str, position: int, starts: set[int]) -> bool:
    """Whether a bracket opens at `position` around a name starting at one of `starts`."""
    opening = re.match(r"\s*\(", text[position : position + 3])
    return opening is not None and position + opening.end() in starts


def _pairings(text: str, parties: list[Mention], lang: str) -> Iterator[Relation]:
    """A pairing named by a noun rather than a verb, which puts the helper first:
    在A与B对口协同发展机制下, "under the pairing between A and B"."""
    grammar = _grammar()
    for first, second in itertools.pairwise(parties):
        if lang == "zh":
            named = grammar["partner"].fullmatch(text, first.end, second.start) and grammar[
                "zh_pairing_after"
            ].match(text, second.end)
        else:
            named = re.fullmatch(
                r"\s+and\s+(?:the\s+)?", text[first.end : second.start]
            ) and grammar["en_pairing"].search(text, max(0, first.start - 60), first.start)
        if named:
            yield Relation("assists", first, second, first.start, second.end)


def _direct(
    text: str, parties: list[Mention], start: int, end: int, lang: str
) -> Iterator[Relation]:
    """A 对口支援 B / "A provides counterpart assistance to B"; in Chinese also the passive,
    B 由 A 对口支援."""
    verbs = list(
        _grammar()["zh_direct" if lang == "zh" else "en_direct"].finditer(text, start, end)
    )
    helpers = [
        _chinese_helper(text, parties, verb.start())
        if lang == "zh"
        else _english_helper(text, parties, verb.start())
        or _english_subject(text, parties, start, verb.start())
        for verb in verbs
    ]
    for verb, helper in zip(verbs, helpers, strict=True):
        if helper is None:
            continue
        if lang == "zh":
            passive = _passive_pairs(text, parties, helper, start)
            if passive is not None:
                for aider, helped in passive:
                    yield Relation("assists", aider, helped, start, end)
                continue
        after = [
            m
            for m in parties
            if m.start >= verb.end() and re.fullmatch(r"\s*(?:the\s+)?", text[verb.end() : m.start])
        ]
        if after:
            # "… to B, and C will support D": C opens a clause of its own, not B's list
            listed = _coordinated(text, after[0], parties)
            # … and "C (C's short name) will support D" too
            glossed = {m.start for m in helpers if m and text[m.start - 1 : m.start] == "("}
            receivers = listed[:1]
            for one in listed[1:]:
                if one in helpers or _opens_bracket_at(text, one.end, glossed):
                    break
                receivers.append(one)
            # "A is paired with B and C with D": C and D are a pair the verb is left out of
            gapped = next(
                (
                    (one, partner)
                    for one in receivers[1:]
                    if (joint := _GAPPED_PARTNER.match(text, one.end))
                    and (partner := next((m for m in parties if m.start == joint.end()), None))
                ),
                None,
            )
            if gapped is not None:
                receivers = receivers[: receivers.index(gapped[0])]
                yield Relation("assists", gapped[0], gapped[1], start, end)
            for aider, helped in _pair_lists(
                text,
                listed_before(text, helper, parties),
                helper.end,
                verb.start(),
                receivers,
            ):
                yield Relation("assists", aider, helped, start, end)


def _chinese_helper(text: str, parties: list[Mention], verb_start: int) -> Mention | None:
    """The party right before the verb, adverbs and staff sent aside (A 也对口支援 B,
    A 继续对口帮扶 B, A 派驻专家团队帮扶 B)."""
    between = _grammar()["zh_between"]
    before = [m for m in parties if m.end <= verb_start]
    if not before or not between.fullmatch(text, before[-1].end, verb_start):
        return None
    return before[-1]


def _passive_pairs(
    text: str, parties: list[Mention], last_helper: Mention, start: int
) -> list[tuple[Mention, Mention]] | None:
    """(helper, helped) in "B、C (分别)由 A、D 对口支援", or None when the verb is not passive."""
    helpers = listed_before(text, last_helper, parties)
    marker = _grammar()["zh_passive"].search(text, start, helpers[0].start)
    helped = [m for m in parties if marker and m.end == marker.start()]
    if marker is None or not helped:
        return None  # active, the helper only introduced by 由: 由A整体托管B
    return _pair_lists(
        text,
        helpers,
        marker.start(),
        marker.end(),
        listed_before(text, helped[0], parties),
        each_with_each=True,
    )


def _pair_lists(
    text: str,
    helpers: list[Mention],
    span_start: int,
    span_end: int,
    helped: list[Mention],
    *,
    each_with_each: bool = False,
) -> list[tuple[Mention, Mention]]:
    """Pairs of two lists: in order where 分别 stands between them (A、B 分别帮扶 C、D), none
    when their lengths then differ; without it each helper with each helped in the passive,
    and in the active only the helper nearest the verb (a list before it may be partners)."""
    if len(helpers) > 1 and _grammar()["zh_respectively"].search(text, span_start, span_end):
        if len(helpers) != len(helped):
            return []
        return list(zip(helpers, helped, strict=True))
    aiders = helpers if each_with_each else helpers[-1:]
    return [(a, h) for a in aiders for h in helped]


def _english_helper(text: str, parties: list[Mention], verb_start: int) -> Mention | None:
    """The party before the verb and its auxiliaries ("A has helped B", "A will help B").
    A place after "in" says where the helper is ("A in Xianyang has helped B"): the helper
    is the party before it, and there is none when no party stands there ("hospitals in
    Xianyang have helped B" names no helper)."""
    between = _grammar()["en_between"]
    before = [
        m for m in parties if m.end <= verb_start and between.fullmatch(text, m.end, verb_start)
    ]
    if not before:
        return None
    helper = before[-1]
    if helper.type != "Place" or not _LOCATIVE.search(
        text, max(0, helper.start - 24), helper.start
    ):
        return helper
    return next(
        (
            m
            for m in reversed(parties)
            if m.end <= helper.start
            and m.type != "Place"
            and (
                _LOCATIVE.fullmatch(text, m.end, helper.start)
                or _APPOSITIVE_IN.fullmatch(text, m.end, helper.start)
            )
        ),
        None,
    )


def _english_subject(
    text: str, parties: list[Mention], sentence_start: int, verb_start: int
) -> Mention | None:
    """The party that opens the sentence, for a verb of a second clause that shares it:
    "A will head an alliance of 80 hospitals, and will send experts to B"."""
    if not _grammar()["en_and_between"].search(text, sentence_start, verb_start):
        return None
    subject = next((m for m in parties if m.start >= sentence_start), None)
    if subject is None or not re.fullmatch(r"\s*(?:The\s+)?", text[sentence_start : subject.start]):
        return None
    return subject if subject.end < verb_start else None


def _coordinated(text: str, first: Mention, parties: list[Mention]) -> list[Mention]:
    """The party and those listed after it (A、B和C, "A, B and C")."""
    listed = [first]
    while True:
        following = next(
            (
                m
                for m in parties
                if m.start > listed[-1].end and LIST_JOINT.fullmatch(text, listed[-1].end, m.start)
            ),
            None,
        )
        if following is None:
            return listed
        listed.append(following)


def _qualifies_next(mention: Mention, parties: list[Mention]) -> bool:
    """A place written right before another (伊州区|柳树沟乡) only says where that one is."""
    return mention.type == "Place" and any(o.start == mention.end for o in parties)


def _skip_adverbs(text: str, position: int) -> int:
    while position < len(text) and text[position] in "还也已并均将":
        position += 1
    return position


def _outermost(mentions: list[Mention]) -> list[Mention]:
    return [
        m
        for m in mentions
        if not any(o is not m and o.start <= m.start and m.end <= o.end for o in mentions)
    ]
