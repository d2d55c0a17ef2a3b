"""Numbers as documents write them: Arabic digits with thousands separators and
decimals, Chinese numerals (三十五, 两千), the scale characters 万 and 亿 after
either ("1.2万", "3亿"), English scale words ("1.058 billion") and English number
words ("Twenty", "twenty-five"). Everything becomes a `Decimal`, so 0.55 stays
0.55 and 1058000000 stays exact.

This module only reads and spells numbers; deciding whether a number is a
quantity worth recording is the quantity extractor's job."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
ZH_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}

EN_ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
EN_SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}

_EN_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion)\b)"
_ZH_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
_ZH_NUMERAL = f"[{_ZH_NUMERAL_CHARS}]+"

# Numbers are found by two scans, each opening with the characters its numbers start
# with, so that the regex engine skips ahead to them: a pattern that opens with a
# lookbehind or a lookahead is tried at every position of the text, several times
# slower. Their matches never overlap (one holds letters, the other digits and Chinese
# numerals), so together they find what one alternation of both would.

# Arabic digits, with an optional scale word or character, or Chinese numerals. A
# digit must not continue a word, a number or a decimal: tested after the first one.
_DIGITS_PATTERN = re.compile(
    rf"[\d{_ZH_NUMERAL_CHARS}](?:"
    r"(?<=\d)(?<![A-Za-z0-9_.,].)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)(?!\d)"
    rf"(?:(?i:{_EN_SCALE})|\s?(?:千万|百万|万|亿))?"
    rf"|(?<=[{_ZH_NUMERAL_CHARS}])[{_ZH_NUMERAL_CHARS}]*)"
)


def _english_words_pattern() -> str:
    """English number words in any case, not inside a word or a hyphenated compound
    ("Five-Year" is a name, not a count). One branch per form of each initial letter
    (every character IGNORECASE takes for it, "ſ" too), the rest in any case: a
    pattern opening with case-insensitive letters cannot be skipped through."""
    units = "|".join(list(EN_ONES)[1:10])
    # tens (with a unit: "twenty-five") first, then the other words longest first
    words = [(ten[0], re.escape(ten[1:]) + rf"(?:-(?:{units}))?") for ten in EN_TENS]
    words += [(w[0], re.escape(w[1:])) for w in sorted(EN_ONES, key=len, reverse=True)]
    # the letters IGNORECASE takes for an ASCII one all lie below U+2200 (ſ, Kelvin's K)
    every_character = "".join(map(chr, range(0x2200)))
    branches = []
    for initial in sorted({first for first, _ in words}):
        rest = "|".join(tail for first, tail in words if first == initial)
        for form in re.findall(initial, every_character, re.IGNORECASE):
            branches.append(rf"{re.escape(form)}(?<![\w-].)(?i:{rest})")
    return "(?:" + "|".join(branches) + rf")(?i:{_EN_SCALE})*(?![\w-])"


_WORDS_PATTERN = re.compile(_english_words_pattern())
_ARABIC_AND_SCALE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(.*)")
_ZH_NUMERAL_ONLY = re.compile(_ZH_NUMERAL)


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A number written at text[start:end]."""

    start: int
    end: int
    text: str
    value: Decimal
    script: str  # "arabic", "words" or "zh"


def find_numbers(text: str) -> list[NumberSpan]:
    """Every readable number in `text`, left to right, none overlapping."""
    found = []
    for pattern in (_DIGITS_PATTERN, _WORDS_PATTERN):
        for match in pattern.finditer(text):
            written = match.group()
            # the scan tells the script, so the parser of that script reads it directly
            if pattern is _WORDS_PATTERN:
                script, value = "words", parse_english_words(written)
            elif written[0] in _ZH_NUMERAL_CHARS:
                script, value = "zh", parse_chinese_numeral(written)
            else:
                script, value = "arabic", parse_number(written)
            if value is not None:
                found.append(NumberSpan(match.start(), match.end(), written, value, script))
    return sorted(found, key=lambda number: number.start)


def parse_number(text: str) -> Decimal | None:
    """The value of one written number, or None when `text` is not one."""
    text = text.strip()
    if not text:
        return None
    match = _ARABIC_AND_SCALE.fullmatch(text)
    if match:
        return parse_arabic(match.group(1), match.group(2))
    if _ZH_NUMERAL_ONLY.fullmatch(text):
        return parse_chinese_numeral(text)
    return parse_english_words(text)


def parse_arabic(digits: str, scale: str = "") -> Decimal | None:
    """ "22,500" -> 22500; with a scale: ("1.058", "billion"), ("1.2", "万")."""
    try:
        value = Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None
    scale = scale.strip().lower()
    if not scale:
        return value
    multiplier = Decimal(1)
    for part in re.findall(r"[a-z]+|[千百万亿]", scale):
        factor = EN_SCALES.get(part) or ZH_SMALL_UNITS.get(part) or ZH_LARGE_UNITS.get(part)
        if factor is None:
            return None
        multiplier *= factor
    return normalise_decimal(value * multiplier)


def parse_chinese_numeral(text: str) -> Decimal | None:
    """ "三十五" -> 35, "一百零八" -> 108, "两千" -> 2000, "3亿" style mixes are Arabic's job.

    A string without any digit character ("百", "千万") is a word, not a number."""
    if not any(char in ZH_DIGITS or char == "十" for char in text):
        return None
    total, section, digit = 0, 0, None
    for char in text:
        if char in ZH_DIGITS:
            if ZH_DIGITS[char] == 0:
                continue  # 零 only marks a skipped place: 一百零八
            if digit is not None:
                return None  # two digits in a row ("十四五") spell a name, not a number
            digit = ZH_DIGITS[char]
        elif char in ZH_SMALL_UNITS:
            section += (1 if digit is None else digit) * ZH_SMALL_UNITS[char]
            digit = None
        else:
            section += digit or 0
            total = (total + section) * ZH_LARGE_UNITS[char]
            section, digit = 0, None
    return Decimal(total + section + (digit or 0))


def parse_english_words(text: str) -> Decimal | None:
    """ "Twenty" -> 20, "twenty-five" -> 25, "three hundred" -> 300."""
    total, current = 0, 0
    words = re.split(r"[\s-]+", text.lower())
    for word in words:
        if word in EN_ONES:
            current += EN_ONES[word]
        elif word in EN_TENS:
            current += EN_TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in EN_SCALES:
            total += (current or 1) * EN_SCALES[word]
            current = 0
        else:
            return None
    return Decimal(total + current)


def normalise_decimal(value: Decimal) -> Decimal:
    """Drop the exponent scaling leaves behind: 1.058 * 10^9 -> 1058000000."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
