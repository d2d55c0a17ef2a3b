"""Detect language: each document is English or Chinese, decided by its script.

A script count is exact for the two languages we support, needs no model and
cannot be fooled by English words quoted in Chinese text (or the reverse)."""

from __future__ import annotations

import re
import string

SUPPORTED_LANGUAGES = ("en", "zh")

# Counted without a Python loop over every character, which costs as much as tokenising:
# Han characters by runs with a regex, Latin letters as the bytes that deleting them from
# the UTF-8 text removes (an ASCII letter is one byte, and no byte of another character).
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002ffff]+")
_LATIN = string.ascii_letters.encode("ascii")


def detect_language(text: str, sample_size: int = 20_000) -> str:
    """ "zh" when Han characters make up at least a fifth of the letters, else "en"."""
    sample = text[:sample_size]
    han = sum(map(len, _HAN.findall(sample)))
    encoded = sample.encode("utf-8", "surrogatepass")
    latin = len(encoded) - len(encoded.translate(None, _LATIN))
    # One Han character carries about as much as a four-letter word.
    return "zh" if han * 4 >= (han * 4 + latin) * 0.2 and han else "en"
