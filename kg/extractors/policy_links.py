"""Policy links: who issued a programme (issuedBy) and which programmes a plan
follows (implements).

Issuers are read from three grammars: a notice or title that names its author
("Notice of the People's Government of X on Issuing the Y", 《中共中央关于…的决定》,
X关于印发《Y》的通知); a body followed by an issuing verb and a list of titles
("X has recently issued the A, B", X印发《A》); and the document's own signature,
which issued the document's own programme. `implements` holds only inside a
plan document: the plan implements the policy documents its text says it
implements or follows ("In order to implement the spirit of A and B ...", "To carry
out A", "in accordance with A", 深入贯彻落实《A》). English 'implement' or 'carry out'
of a project ("implement the ... project") is the plan's own activity, not a policy
it follows, so there the object must name a policy document; Chinese 贯彻/落实/实施
take any programme."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from spacy.tokens import Doc

from kg.extractors import (
    ExtractionContext,
    compile_alternatives,
    extractor,
    listed_before,
    make_mention,
    text_of,
)
from kg.extractors.programme import (
    Title,
    document_number_spans,
    find_own_title,
    find_titles,
    patterns,
)
from kg.metadata import dated_bodies, heading_bodies, signature_bodies
from kg.model import Mention, Relation
from kg.resolve import normalise_name

Link = Mention | Relation


@cache
def _grammar() -> dict[str, re.Pattern[str]]:
    p = patterns()
    return {
        "en_issued": re.compile(
            r"\s*,?\s*(?:has|have|had)?\s*(?:recently|jointly|officially|successively)?\s*"
            rf"{compile_alternatives(p['en_issued_verbs'])}\b"
        ),
        # "the A issued by X and the Y": the issuers come after the document
        "en_issued_by": re.compile(
            r"\s*,?\s*(?:(?:recently|jointly|officially)\s+)?"
            rf"{compile_alternatives(p['en_issued_verbs'])}\s+by\s+(?:the\s+)?"
        ),
        "en_issuer_joint": re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?"),
        "zh_issued": re.compile(
            rf"(?:近日|日前|正式|联合|先后)?{compile_alternatives(p['zh_issued_verbs'])}(?:了)?(?:的)?"
        ),
        "en_implementing": re.compile(
            compile_alternatives(p["en_implementing_verbs"], word_start=True, ignore_case=True)
            + r"\s+(?:the\s+)?(?:spirits?\s+of\s+)?(?:the\s+)?"
        ),
        "zh_implementing": re.compile(compile_alternatives(p["zh_implementing_verbs"])),
        "en_document": re.compile(rf"\b{compile_alternatives(p['en_document_heads'])}\b"),
        "en_issuer": re.compile(
            rf".*\b{compile_alternatives(p['en_issuer_heads'])}(?:\s+of\s+.+)?"
        ),
        "separator": re.compile(
            r"(?:\s+|[\"“”‘’《》,，、]|以及|和|及|与|\band\b|\bas well as\b|\bthe\b"
            r"|[（(](?:[^()（）]|[（(][^()（）]*[）)])*[）)])"
        ),
    }


@extractor("policy_links", order=110)
def extract_policy_links(doc: Doc, context: ExtractionContext) -> Iterator[Link]:
    text = text_of(doc)
    agencies = context.findings.of_type("Agency")
    programmes = _outermost(context.findings.of_type("Programme"))
    titles = find_titles(text, context.lang, agencies, context.findings.of_type("Place"))
    yield from _issuers_in_titles(doc, titles, programmes, agencies)
    yield from _issuers_by_verb(text, context.lang, programmes, agencies)
    own_title = find_own_title(text, context.info, agencies)
    own = _mention_at(own_title, programmes) if own_title else None
    if own_title is None or own is None:
        return
    issuers: list[Mention] = []
    if own_title.issuer is not None:
        # a work notice names its issuers in its own title (X Y关于做好…的通知)
        for link in _issuers_in_titles(doc, [own_title], programmes, agencies):
            if isinstance(link, Relation):
                issuers.append(link.object)
            yield link
    names = [context.info.publisher]
    if context.lang == "zh":
        names += signature_bodies(text)  # every body that signs the document issued it
    else:
        # the bodies above its title, or those signing above a date, issued it jointly
        names += heading_bodies(text) + dated_bodies(text)
    issued = {normalise_name(a.text) for a in issuers}
    for name in names:
        issuer = _publisher_agency(name, agencies)
        if issuer is not None and normalise_name(issuer.text) not in issued:
            issued.add(normalise_name(issuer.text))
            yield Relation("issuedBy", own, issuer, own.start, own.end)
    yield from _implemented(text, context.lang, own, programmes, agencies)


def _outermost(mentions: list[Mention]) -> list[Mention]:
    return sorted(
        (
            m
            for m in mentions
            if not any(
                o.start <= m.start
                and m.end <= o.end
                and o != m
                and (o.start, o.end) != (m.start, m.end)
                for o in mentions
            )
        ),
        key=lambda m: (m.start, m.end),
    )


def _mention_at(title: Title, programmes: list[Mention]) -> Mention | None:
    covering = [m for m in programmes if m.start <= title.start and title.end <= m.end]
    return min(covering, key=lambda m: m.end - m.start) if covering else None


# ---------------------------------------------------------------- issuedBy


def _issuers_in_titles(
    doc: Doc, titles: list[Title], programmes: list[Mention], agencies: list[Mention]
) -> Iterator[Link]:
    """The author a notice or decision names in its own title."""
    for title in titles:
        if title.issuer is None:
            continue
        programme = _mention_at(title, programmes)
        if programme is None:
            continue
        parts = list(_joint_issuers(text_of(doc), title.issuer))
        # a found body whose name holds 'and' (Ministry of X and Y) spans two parts
        spanning = _outermost(
            [
                a
                for a in agencies
                if title.issuer[0] <= a.start
                and a.end <= title.issuer[1]
                and not any(s <= a.start and a.end <= e for s, e in parts)
            ]
        )
        for issuer in parts:
            if any(a.start < issuer[1] and issuer[0] < a.end for a in spanning):
                continue
            agency = _agency_for(doc, issuer, agencies)
            if agency is None:
                continue
            if agency not in agencies:
                yield agency
            yield Relation("issuedBy", programme, agency, title.start, title.end)
        for agency in spanning:
            yield Relation("issuedBy", programme, agency, title.start, title.end)


def _joint_issuers(text: str, span: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """Each body of a joint issuer (中共中央 国务院, "X and the Y")."""
    start, end = span
    for part in re.finditer(r"(?:(?!\s+and\s+)[^、和])+", text[start:end]):
        name = part.group(0)
        if re.fullmatch(r"[\u4e00-\u9fff ]+", name):
            for word in re.finditer(r"\S+", name):
                yield start + part.start() + word.start(), start + part.start() + word.end()
        elif name.strip():
            yield start + part.start(), start + part.end()


def _agency_for(doc: Doc, span: tuple[int, int], agencies: list[Mention]) -> Mention | None:
    """The Agency mention naming the issuer at `span`, or a new one where the issuer's
    name ends as a government or party body's does."""
    start, end = span
    inside = [a for a in agencies if start <= a.start and a.end <= end]
    if inside:
        return max(inside, key=lambda a: a.end - a.start)
    name = text_of(doc)[start:end]
    if _grammar()["en_issuer"].fullmatch(name) or name.endswith(
        tuple(patterns()["zh_issuer_suffixes"])
    ):
        return make_mention(doc, "Agency", start, end, source="policy_links")
    return None


def _issuers_by_verb(
    text: str, lang: str, programmes: list[Mention], agencies: list[Mention]
) -> Iterator[Relation]:
    """'X has recently issued the A, B and other documents', X印发《A》、《B》,
    X印发的《A》."""
    verb = _grammar()["zh_issued" if lang == "zh" else "en_issued"]
    starts = {m.start: m for m in programmes}
    skipped = list_joints(text, programmes)
    ordered = sorted(agencies, key=lambda a: (a.start, -a.end))
    for agency in agencies:
        titled = starts.get(agency.end)
        if lang == "zh" and titled is not None and text.startswith("《关于", agency.end):
            # 湖州市卫生健康委员会《关于做好…的通知》: the body's own notice
            yield Relation("issuedBy", titled, agency, agency.start, titled.end)
            continue
        issued = verb.match(text, agency.end)
        if not issued:
            continue
        listed = programme_list(text, issued.end(), programmes, skipped)
        if issued.group().endswith("的"):
            # X印发的《A》和《B》: the clause names A's issuer; B, listed after, may be anyone's
            listed = listed[:1]
        # 中共X省委、X省人民政府印发的《A》: the bodies listed before the verb issue it jointly
        for issuer in listed_before(text, agency, ordered):
            for programme in listed:
                yield Relation("issuedBy", programme, issuer, issuer.start, programme.end)
    if lang == "en":
        yield from _issued_by(text, programmes, agencies)


def _issued_by(text: str, programmes: list[Mention], agencies: list[Mention]) -> Iterator[Relation]:
    """ "the Guiding Opinions on X issued by the A and the B": A and B issued it."""
    grammar = _grammar()
    starts = {a.start: a for a in agencies}
    for programme in programmes:
        by = grammar["en_issued_by"].match(text, programme.end)
        agency = starts.get(by.end()) if by else None
        while agency is not None:
            yield Relation("issuedBy", programme, agency, programme.start, agency.end)
            joint = grammar["en_issuer_joint"].match(text, agency.end)
            agency = starts.get(joint.end()) if joint else None


def _publisher_agency(publisher: str | None, agencies: list[Mention]) -> Mention | None:
    """The Agency mention that is the document's signing body."""
    if not publisher:
        return None
    wanted = normalise_name(publisher)
    return next(
        (a for a in agencies if wanted in (normalise_name(a.text), normalise_name(a.canonical))),
        None,
    )


# ---------------------------------------------------------------- implements


def _implemented(
    text: str, lang: str, own: Mention, programmes: list[Mention], agencies: list[Mention]
) -> Iterator[Relation]:
    """The programmes the document's own plan text says it implements."""
    grammar = _grammar()
    refused = tuple(patterns()["zh_not_implementing_before"])
    verbs = grammar["zh_implementing" if lang == "zh" else "en_implementing"]
    skipped = list_joints(text, programmes, agencies)
    for verb in verbs.finditer(text, own.end):
        if lang == "zh" and text.endswith(refused, 0, verb.start()):
            continue
        for programme in programme_list(text, verb.end(), programmes, skipped):
            if normalise_name(programme.canonical) == normalise_name(own.canonical):
                continue
            if lang == "en" and not grammar["en_document"].search(programme.text):
                continue
            yield Relation("implements", own, programme, verb.start(), programme.end)


def list_joints(
    text: str, programmes: list[Mention], agencies: Sequence[Mention] = ()
) -> dict[int, int]:
    """Start -> end of what a list of titles may hold between them besides separators:
    document numbers, and (given `agencies`) the names of the bodies that issued them,
    with the issuing verb where one follows (和湖州市卫生健康委员会《关于…的通知》,
    贯彻国务院办公厅印发的《A》). Found once per document, for every list."""
    joints = dict(document_number_spans(text))
    starts = {m.start for m in programmes}
    issued = _grammar()["zh_issued"]
    for agency in agencies:
        if agency.end in starts:
            joints.setdefault(agency.start, agency.end)
            continue
        verb = issued.match(text, agency.end)
        if verb and verb.end() in starts:
            joints.setdefault(agency.start, verb.end())
    return joints


def programme_list(
    text: str, position: int, programmes: list[Mention], joints: dict[int, int]
) -> list[Mention]:
    """The programmes listed from `position` on: titles joined only by commas, 'and',
    quotation marks, bracketed remarks and `joints` (see list_joints)."""
    numbers = joints
    starts = {m.start: m for m in programmes}
    separator = _grammar()["separator"]
    listed: list[Mention] = []
    while True:
        if position in starts:
            listed.append(starts[position])
            position = starts[position].end
        elif position in numbers:
            position = numbers[position]
        else:
            match = separator.match(text, position)
            if not match or match.end() == position:
                return listed
            position = match.end()
