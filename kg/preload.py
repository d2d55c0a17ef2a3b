"""Imported once by the fork server of a local worker pool (see `kg.engine`): what
processing a document needs (spaCy, the extractors, both languages' pipelines with
jieba's dictionary and the domain lexicon) is loaded here, before any worker is
forked from the server, so that N workers cost one start-up rather than N, and share
that memory."""

from __future__ import annotations

import kg.extractors  # noqa: F401  (and with them spaCy)
from kg.nlp import load_pipeline

for _lang in ("en", "zh"):
    load_pipeline(_lang)
