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
_EN_WORD = (
    r"(?:(?:" + "|".join(EN_TENS) + r")(?:-(?:" + "|".join(list(EN_ONES)[1:10]) + r"))?"
    r"|" + "|".join(sorted(EN_ONES, key=len, reverse=True)) + r")"
)
_ZH_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
_ZH_NUMERAL = f"[{_ZH_NUMERAL_CHARS}]+"
# The characters a number can start with. Checked first, it spares the engine trying
# every alternative below at each of the many positions where no number starts.
_NUMBER_START = (
    r"(?=[\d" + "".join(sorted({w[0] for w in (*EN_ONES, *EN_TENS)})) + _ZH_NUMERAL_CHARS + "])"
)

NUMBER_PATTERN = re.compile(
    _NUMBER_START + r"(?:"
    # Arabic digits, with an optional scale word or character
    r"(?<![A-Za-z0-9_.,])(?P<arabic>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])"
    r"(?P<scale>" + _EN_SCALE + r"|\s?(?:千万|百万|万|亿))?"
    # English number words; a hyphenated compound such as "Five-Year" is a name, not a count
    r"|(?<![\w-])(?P<words>" + _EN_WORD + _EN_SCALE + r"*)(?![\w-])"
    # Chinese numerals
    r"|(?P<zh>" + _ZH_NUMERAL + r"))",
    re.IGNORECASE,
)


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
    for match in NUMBER_PATTERN.finditer(text):
        # every alternative of NUMBER_PATTERN ends in a named group, so one always matched
        assert match.lastgroup is not None
        script = match.lastgroup if match.lastgroup != "scale" else "arabic"
        value = parse_number(match.group())
        if value is not None:
            found.append(NumberSpan(match.start(), match.end(), match.group(), value, script))
    return found


def parse_number(text: str) -> Decimal | None:
    """The value of one written number, or None when `text` is not one."""
    text = text.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s*(.*)", text)
    if match:
        return parse_arabic(match.group(1), match.group(2))
    if re.fullmatch(_ZH_NUMERAL, text):
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
