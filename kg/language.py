"""Detect language: each document is English or Chinese, decided by its script.

A script count is exact for the two languages we support, needs no model and
cannot be fooled by English words quoted in Chinese text (or the reverse)."""

from __future__ import annotations

import re

SUPPORTED_LANGUAGES = ("en", "zh")

# Counted by runs with regexes: a Python loop over every character costs as much as
# tokenising.
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002ffff]+")
_LATIN = re.compile("[A-Za-z]+")


def detect_language(text: str, sample_size: int = 20_000) -> str:
    """ "zh" when Han characters make up at least a fifth of the letters, else "en"."""
    sample = text[:sample_size]
    han = sum(map(len, _HAN.findall(sample)))
    latin = sum(map(len, _LATIN.findall(sample)))
    # One Han character carries about as much as a four-letter word.
    return "zh" if han * 4 >= (han * 4 + latin) * 0.2 and han else "en"
