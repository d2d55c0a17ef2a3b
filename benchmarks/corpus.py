"""Synthetic corpus for the benchmarks: the five seed documents as templates, with
their places, people, agency domains, numbers and years swapped for random ones
(fixed seed), so every generated document has new names and figures and no cache
(spaCy's tokenizer cache, jieba's, the resolver's) can make the second copy free.

How templates are made: the seeds are run through the pipeline once, and the
places and people it finds there (outermost mentions) become placeholders. A
placeholder for a place is filled with a random division of the same level
(province, prefecture, county) in the same form (Chinese full or short name,
English full or short name), the same one for every mention of that division in
one document, so a document stays coherent ("资阳市" and "资阳" become one new
city). People get a random surname from kg/extractors/patterns/person.json and a
random given name. Chinese agency domains (卫生健康, 财政 ...) are swapped among
the domains of kg/extractors/patterns/agency.json; English "Municipal X Bureau"
style names get the domain of another such name from the seeds. Years move by one
random offset per document (ranges stay ranges), other numbers of two or more
digits are redrawn with as many digits (but 10-31, which may be days, months or
hours, are kept). About one paragraph in seven is dropped,
so sizes vary too.

English and Chinese documents go to separate sub-folders (`en/`, `zh/`)."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PATTERNS = ROOT / "kg" / "extractors" / "patterns"

_EN_GIVEN = [
    "Wei",
    "Fang",
    "Min",
    "Jing",
    "Li",
    "Qiang",
    "Lei",
    "Jun",
    "Yang",
    "Yong",
    "Yan",
    "Jie",
    "Tao",
    "Ming",
    "Chao",
    "Xiu",
    "Hua",
    "Ping",
    "Gang",
    "Guiying",
    "Xiaoming",
    "Jianhua",
    "Haiyan",
    "Shuanke",
    "Wenhua",
    "Yujing",
    "Qing",
    "Hongmei",
    "Zhiqiang",
    "Lihua",
]
_ZH_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀华平刚桂英晓建海燕文红梅志清玉兰德林斌云霞慧娇玲"
# English agency domains ("Municipal <domain> Bureau"), beyond those the seeds hold.
_EN_DOMAINS = [
    "Health",
    "Finance",
    "Education",
    "Civil Affairs",
    "Commerce",
    "Statistics",
    "Science and Technology",
    "Human Resources and Social Security",
    "Natural Resources",
    "Ecology and Environment",
    "Market Supervision",
    "Agriculture and Rural Affairs",
    "Culture and Tourism",
    "Housing and Urban-Rural Development",
    "Emergency Management",
    "Veterans Affairs",
    "Sports",
    "Justice",
    "Public Security",
    "Audit",
]
_EN_AGENCY = re.compile(
    r"^(?P<level>Municipal|City|Provincial|County|District) (?P<domain>.+?) "
    r"(?P<head>Bureau|Commission|Administration|Department|Office)$"
)
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?")
_YEAR = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")


@dataclass(frozen=True, slots=True)
class Slot:
    start: int
    end: int
    kind: str  # "place" | "person" | "agency"
    text: str


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    lang: str
    text: str
    slots: tuple[Slot, ...]


@cache
def _person_patterns() -> dict:
    return json.loads((PATTERNS / "person.json").read_text("utf-8"))


@cache
def _zh_domains() -> list[str]:
    data = json.loads((PATTERNS / "agency.json").read_text("utf-8"))
    # The long forms only: an abbreviation (卫健) stays an abbreviation.
    return sorted({d for d in data["zh_domains"] if len(d) >= 2}, key=len, reverse=True)


@cache
def _divisions_by_level() -> dict[str, list]:
    from kg.gazetteer import all_divisions

    levels: dict[str, list] = {}
    for d in all_divisions():
        levels.setdefault(d.level, []).append(d)
    return levels


def _place_form(text: str):
    """(division, form) for a place mention: form is the Division attribute it spells."""
    from kg.gazetteer import find_division

    division = find_division(text)
    if division is None:
        return None
    for form in ("name_zh", "short_zh", "name_en", "short_en"):
        if getattr(division, form) == text:
            return division, form
    return None


@cache
def templates() -> tuple[Template, ...]:
    """The seeds, each with its place / person / agency slots (outermost mentions)."""
    from kg.documents import load_document
    from kg.pipeline import process_document

    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        source = load_document(path)
        result = process_document(source)
        text = result.source.text
        candidates = []
        for m in result.findings.mentions:
            if text[m.start : m.end] != m.text:
                continue
            if m.type == "Place" and _place_form(m.text):
                candidates.append(Slot(m.start, m.end, "place", m.text))
            elif m.type == "Person" and m.text not in _well_known(result.info.lang):
                candidates.append(Slot(m.start, m.end, "person", m.text))
            elif m.type == "Agency":
                candidates.append(Slot(m.start, m.end, "agency", m.text))
        # Places and people win over the agency that contains them (the agency's
        # name changes through its place); agencies are kept only where nothing
        # else is inside them; overlapping slots of one kind keep the longest.
        candidates.sort(key=lambda s: (s.kind == "agency", -(s.end - s.start), s.start))
        chosen: list[Slot] = []
        for slot in candidates:
            if any(slot.start < c.end and c.start < slot.end for c in chosen):
                continue
            chosen.append(slot)
        chosen.sort(key=lambda s: s.start)
        found.append(Template(path.name, result.info.lang, text, tuple(chosen)))
    return tuple(found)


@cache
def _well_known(lang: str) -> frozenset[str]:
    return frozenset(_person_patterns()["well_known_persons"].get(lang, []))


@cache
def _en_domains() -> list[str]:
    domains = set(_EN_DOMAINS)
    for template in templates():
        for slot in template.slots:
            if slot.kind == "agency" and (match := _EN_AGENCY.match(slot.text)):
                domains.add(match["domain"])
    return sorted(domains)


class _Filler:
    """The substitutions of one generated document (consistent within it)."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.lang = lang
        self.places: dict[str, object] = {}
        self.people: dict[str, str] = {}
        self.year_shift = rng.randint(-8, 8)

    def place(self, text: str) -> str:
        division, form = _place_form(text)
        new = self.places.get(division.code)
        if new is None:
            pool = [d for d in _divisions_by_level()[division.level] if getattr(d, form)]
            new = self.places[division.code] = self.rng.choice(pool)
        return getattr(new, form) or text

    def person(self, text: str) -> str:
        if text not in self.people:
            patterns = _person_patterns()
            if self.lang == "zh":
                if "·" in text:  # a transliterated Uyghur name: keep the form
                    chars = patterns["zh_transliteration_chars"]
                    name = "·".join(
                        "".join(self.rng.choice(chars) for _ in range(self.rng.randint(2, 4)))
                        for _ in text.split("·")
                    )
                else:
                    surname = self.rng.choice(patterns["zh_surnames"])
                    given = "".join(self.rng.choice(_ZH_GIVEN) for _ in range(len(text) - 1))
                    name = surname + (given or self.rng.choice(_ZH_GIVEN))
            else:
                name = f"{self.rng.choice(patterns['en_surnames'])} {self.rng.choice(_EN_GIVEN)}"
            self.people[text] = name
        return self.people[text]

    def agency(self, text: str) -> str:
        if self.lang == "zh":
            for domain in _zh_domains():
                if domain in text:
                    return text.replace(domain, self.rng.choice(_zh_domains()), 1)
            return text
        match = _EN_AGENCY.match(text)
        if match is None or self.rng.random() < 0.5:
            return text
        return f"{match['level']} {self.rng.choice(_en_domains())} {match['head']}"

    def numbers(self, text: str) -> str:
        def redraw(match: re.Match[str]) -> str:
            token = match.group()
            if _YEAR.match(token):
                return str(int(token) + self.year_shift)
            whole, _, fraction = token.partition(".")
            digits = whole.replace(",", "")
            if len(digits) < 2:
                return token  # list numbering, months, days: keep
            if len(digits) == 2 and int(digits) <= 31:
                return token  # may be a day, a month, an hour: keep
            else:
                value = str(self.rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))
            if "," in whole:
                value = f"{int(value):,}"
            if fraction:
                value += "." + "".join(str(self.rng.randint(0, 9)) for _ in fraction)
            return value

        return _NUMBER.sub(redraw, text)


def fill(template: Template, rng: random.Random, drop: float = 0.15) -> str:
    """One new document from `template`."""
    filler = _Filler(rng, template.lang)
    pieces, position = [], 0
    for slot in template.slots:
        pieces.append(filler.numbers(template.text[position : slot.start]))
        pieces.append(getattr(filler, slot.kind)(slot.text))
        position = slot.end
    pieces.append(filler.numbers(template.text[position:]))
    text = "".join(pieces)
    paragraphs = text.split("\n\n")
    # Keep the head (title, issuer, date) and drop some of the body's paragraphs.
    kept = paragraphs[:4] + [p for p in paragraphs[4:] if rng.random() >= drop]
    return "\n\n".join(kept)


def generate(folder: Path, mb_per_language: float, seed: int = 20240601) -> dict[str, int]:
    """Write about `mb_per_language` MB (UTF-8) of English and as much of Chinese
    documents under folder/en and folder/zh; returns bytes written per language."""
    rng = random.Random(seed)
    by_lang: dict[str, list[Template]] = {}
    for template in templates():
        by_lang.setdefault(template.lang, []).append(template)
    written = {}
    for lang, group in sorted(by_lang.items()):
        target = int(mb_per_language * 1_000_000)
        out = folder / lang
        out.mkdir(parents=True, exist_ok=True)
        total, n = 0, 0
        while total < target:
            # Each genre about equally often by bytes: pick a template with a
            # probability inversely proportional to its length.
            weights = [1 / len(t.text) for t in group]
            template = rng.choices(group, weights=weights)[0]
            data = fill(template, rng).encode("utf-8")
            (out / f"{lang}_{n:05d}_{template.name[:3]}.txt").write_bytes(data)
            total += len(data)
            n += 1
        written[lang] = total
    return written


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--mb", type=float, default=0.2, help="MB per language")
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()
    print(generate(args.folder, args.mb, args.seed))
