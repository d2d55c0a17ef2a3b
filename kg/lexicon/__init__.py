"""Curated domain lexicons: data files a domain expert can read and extend."""

from __future__ import annotations

from functools import cache
from importlib import resources


def read_lexicon_lines(name: str) -> list[str]:
    """Non-blank, non-comment lines of a lexicon file shipped in `kg/lexicon/`."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    return [
        ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]


@cache
def abbreviations() -> dict[str, str]:
    """Abbreviation -> what it stands for, in English names and titles (TCM)."""
    return dict(line.split("\t") for line in read_lexicon_lines("abbreviations.tsv"))
