"""Detect language: each document is English or Chinese, decided by its script.

A script count is exact for the two languages we support, needs no model and
cannot be fooled by English words quoted in Chinese text (or the reverse)."""

from __future__ import annotations

SUPPORTED_LANGUAGES = ("en", "zh")


def is_han(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FFFF


def detect_language(text: str, sample_size: int = 20_000) -> str:
    """ "zh" when Han characters make up at least a fifth of the letters, else "en"."""
    sample = text[:sample_size]
    han = latin = 0
    for ch in sample:
        if is_han(ch):
            han += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    # One Han character carries about as much as a four-letter word.
    return "zh" if han * 4 >= (han * 4 + latin) * 0.2 and han else "en"
