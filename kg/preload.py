"""Imported once by the fork server of a local worker pool (see `kg.engine`): what
processing a document needs (spaCy, the extractors, both languages' pipelines, the
Chinese dictionary and domain lexicon, and the patterns and gazetteers each
extractor loads on first use) is loaded here, before any worker is forked from the
server, so that N workers cost one start-up rather than N, and share that memory."""

from __future__ import annotations

from pathlib import Path

import kg.extractors  # noqa: F401  (and with them spaCy)
from kg.model import SourceDocument
from kg.nlp import load_pipeline
from kg.pipeline import process_document

# One sentence per language that every extractor reads, so each loads its data.
_WARM_UP = (
    "The Chengdu Municipal Health Commission of Sichuan Province and Dr. Li Wei of "
    "the First People's Hospital will build 3 hospitals by 2025 under the 14th "
    "Five-Year Plan.",
    "四川省成都市卫生健康委员会和市第一人民医院李伟到2025年建设3所中医医院，"
    "落实“十四五”中医药发展规划。",
)

for _lang in ("en", "zh"):
    load_pipeline(_lang)
for _text in _WARM_UP:
    process_document(SourceDocument(Path("warm-up.txt"), _text, "sha256:", "utf-8"))
