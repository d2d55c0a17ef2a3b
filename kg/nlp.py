"""NLP: one spaCy pipeline per language, built once per process.

Both languages get the same `Doc`/`Span` API, so extractors are written once.
Chinese is segmented by jieba (through spaCy's own jieba segmenter) with the
project's domain lexicon loaded, so names such as 卫生健康局 or 社区卫生服务中心
stay whole. No statistical model is needed; if `KG_SPACY_MODEL_<LANG>` names an
installed one it is used instead of the blank pipeline."""

from __future__ import annotations

import logging
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from kg.lexicon import read_lexicon_lines

# Sentence ends for both scripts; the Chinese ones never appear in English text.
_SENTENCE_ENDS = [".", "!", "?", "。", "！", "？", "；", ";", "\n\n"]


@cache
def load_pipeline(lang: str) -> Language:
    """The shared pipeline for `lang` ("en" or "zh")."""
    model = os.environ.get(f"KG_SPACY_MODEL_{lang.upper()}")
    if model:
        nlp = spacy.load(model)
    elif lang == "zh":
        load_chinese_lexicon()
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    else:
        nlp = spacy.blank(lang)
    if (
        not nlp.has_pipe("sentencizer")
        and not nlp.has_pipe("parser")
        and not nlp.has_pipe("senter")
    ):
        nlp.add_pipe("sentencizer", config={"punct_chars": _SENTENCE_ENDS})
    nlp.max_length = 100_000_000
    return nlp


@cache
def load_chinese_lexicon() -> int:
    """Teach jieba the domain's words (every `lexicon/zh_terms*.txt`); returns how many."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # jieba caches its dictionary in the system temp folder under one shared name;
    # a user who cannot overwrite another user's cache would get a traceback.
    jieba.dt.tmp_dir = str(user_cache_dir())
    count = 0
    for entry in sorted(resources.files("kg.lexicon").iterdir(), key=lambda e: e.name):
        if not (entry.name.startswith("zh_terms") and entry.name.endswith(".txt")):
            continue
        for line in read_lexicon_lines(entry.name):
            word, _, freq = line.partition(" ")
            jieba.add_word(word, freq=int(freq) if freq.strip().isdigit() else None)
            count += 1
    return count


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
