"""Chinese words as jieba's precise mode cuts them, at a fraction of its cost.

jieba's algorithm (dictionary DAG, best route, HMM for unknown words) is run by
jieba-rs, through rjieba, on jieba's own dictionary and HMM tables, with the
project's domain words (every `lexicon/zh_terms*.txt`) added as jieba would add
them. jieba-rs draws two kinds of border differently from jieba 0.42, and this
module puts them back where jieba puts them:

- its Chinese blocks also take the CJK extensions (U+3400-U+4DBF, U+9FD6-U+9FFF,
  U+F900-U+FAFF, the supplementary planes), which jieba keeps out of words: a text
  holding any of them is cut block by block along jieba's own block borders;
- it keeps runs such as "2028-12" or "123.jpg" whole, where jieba splits them at
  the ends of its pattern `[a-zA-Z0-9]+(?:\\.\\d+)?%?`: such runs (unless they are a
  dictionary word) are joined and split again with that pattern.

What is left are ties: where two cuts are exactly as likely (县|县县 and 县县|县 in
县县县与), floating-point rounding picks one in jieba-rs and the other in Python.
`tests/test_segment.py` holds this to Python jieba itself (`python_jieba`): word for
word on the seed and held-out documents, and on random text but for such ties."""

from __future__ import annotations

import logging
import os
import re
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType

import rjieba

from kg.lexicon import read_lexicon_lines

# jieba 0.42's patterns: its blocks of word characters (`re_han_default`), the
# white space it keeps as tokens between them (`re_skip_default`), and the pieces
# its HMM step leaves whole in a run of letters and digits (`finalseg.re_skip`).
_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-]+)")
_BLANK = re.compile("(\r\n|\\s)")
_PIECE = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_ASCII_WORD = re.compile("[a-zA-Z0-9+#&._%\\-]+")
# Characters jieba-rs takes into its Chinese blocks and jieba does not.
_OTHER_IDEOGRAPHS = re.compile("[\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def domain_words() -> list[tuple[str, int | None]]:
    """(word, frequency or None) of every line of every `lexicon/zh_terms*.txt`."""
    names = sorted(
        entry.name
        for entry in resources.files("kg.lexicon").iterdir()
        if entry.name.startswith("zh_terms") and entry.name.endswith(".txt")
    )
    words: list[tuple[str, int | None]] = []
    for name in names:
        for line in read_lexicon_lines(name):
            word, _, freq = line.partition(" ")
            words.append((word, int(freq) if freq.strip().isdigit() else None))
    return words


@cache
def _jieba() -> ModuleType:
    """rjieba's default instance, which rjieba loads on import, with the domain words
    added, once per process (a new instance would load the dictionary again: 0.1 s of
    every process's start-up)."""
    for word, freq in domain_words():
        rjieba.add_word(word, freq, None)
    return rjieba


def cut(text: str) -> list[str]:
    """jieba's precise-mode words of `text`, with the HMM (see the module's note)."""
    if _OTHER_IDEOGRAPHS.search(text):
        return _cut_blocks(text)
    return _split_ascii_runs(_jieba().cut(text))


def _cut_blocks(text: str) -> list[str]:
    """jieba's own loop over its blocks: word blocks go to jieba-rs, and between them
    each white-space character or line break, and every other character, is a token
    of its own."""
    words: list[str] = []
    for index, block in enumerate(_BLOCK.split(text)):
        if not block:
            continue
        if index % 2:  # split() puts the blocks it matched at odd places
            words += _split_ascii_runs(_jieba().cut(block))
            continue
        for part in _BLANK.split(block):
            if _BLANK.fullmatch(part):
                words.append(part)
            else:
                words += part
    return words


def _split_ascii_runs(words: list[str]) -> list[str]:
    """Rejoin each run of letters, digits and `+#&._%-` that jieba-rs left as
    non-dictionary tokens, and split it where jieba's HMM step would."""
    out: list[str] = []
    run: list[str] = []
    for word in words:
        if (
            word.isascii()
            and _ASCII_WORD.fullmatch(word)
            and not (len(word) > 1 and _jieba().has_word(word))
        ):
            run.append(word)
            continue
        if run:
            out += filter(None, _PIECE.split("".join(run)))
            run = []
        out.append(word)
    if run:
        out += filter(None, _PIECE.split("".join(run)))
    return out


@cache
def python_jieba() -> ModuleType:
    """Python jieba with the same domain words: the reference `cut` must equal, used by
    its tests and by the benchmark's baseline."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # jieba caches its dictionary in the system temp folder under one shared name;
    # a user who cannot overwrite another user's cache would get a traceback.
    jieba.dt.tmp_dir = str(user_cache_dir())
    for word, freq in domain_words():
        jieba.add_word(word, freq=freq)
    return jieba


def user_cache_dir() -> Path:
    """A cache folder this user can write: $XDG_CACHE_HOME/policy-kg, ~/.cache/policy-kg,
    or a private temporary folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "policy-kg"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="policy-kg-cache-"))
