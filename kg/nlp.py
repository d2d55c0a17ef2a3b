"""NLP: one spaCy pipeline per language, built once per process.

Both languages get the same `Doc`/`Span` API, so extractors are written once.
Chinese is segmented as jieba cuts it (`kg.segment`), with the project's domain
lexicon loaded, so names such as 卫生健康局 or 社区卫生服务中心 stay whole. No
statistical model is needed; if `KG_SPACY_MODEL_<LANG>` names an installed one it
is used instead of the blank pipeline.

Every `Doc` made here keeps the text it was made from in `doc.user_data[TEXT_KEY]`:
spaCy rebuilds `doc.text` from one Python object per token, which costs about as
much as tokenising."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from itertools import compress
from typing import TYPE_CHECKING, cast

import numpy
import spacy
from spacy.attrs import IS_PUNCT, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.segment import cut as jieba_words

if TYPE_CHECKING:
    from thinc.types import Ints2d  # spaCy's array types

TEXT_KEY = "kg.text"
# Sentence ends for both scripts; the Chinese ones never appear in English text.
_SENTENCE_ENDS = [".", "!", "?", "。", "！", "？", "；", ";", "\n\n"]


@cache
def load_pipeline(lang: str) -> Language:
    """The shared pipeline for `lang` ("en" or "zh")."""
    model = os.environ.get(f"KG_SPACY_MODEL_{lang.upper()}")
    if model:
        nlp = spacy.load(model)
    elif lang == "zh":
        nlp = spacy.blank("zh")
        nlp.tokenizer = JiebaTokenizer(nlp.vocab)
    else:
        nlp = spacy.blank(lang)
    if not isinstance(nlp.tokenizer, JiebaTokenizer):
        nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    if (
        not nlp.has_pipe("sentencizer")
        and not nlp.has_pipe("parser")
        and not nlp.has_pipe("senter")
    ):
        nlp.add_pipe("kg_sentencizer")
    nlp.max_length = 100_000_000
    return nlp


class TextKeepingTokenizer:
    """A spaCy tokenizer whose docs keep their text (see TEXT_KEY)."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc


class JiebaTokenizer:
    """jieba's words (precise mode, `kg.segment`) as a `Doc`, the same tokens spaCy's
    own jieba segmenter makes. spaCy's finds each word by slicing off the rest of the
    text, which grows with the square of the document's length; this takes the words,
    which put together are the text, as they come, and only looks at the runs of
    white space among them (a word of jieba's is all white space or has none)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        pieces = jieba_words(text)
        words: list[str] = []
        spaces: list[bool] = []
        taken = 0  # the pieces before this one are in `words`
        for first, last in _blank_runs(pieces):
            words += pieces[taken:first]
            spaces += [False] * (first - taken)
            blank = "".join(pieces[first:last])
            if first > 0 and blank[0] == " ":
                spaces[-1] = True  # one space after a word is its trailing space
                blank = blank[1:]
            if blank:
                words.append(blank)  # any other white space is a token of its own
                spaces.append(False)
            taken = last
        words += pieces[taken:]
        spaces += [False] * (len(pieces) - taken)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TEXT_KEY] = text
        return doc


def _blank_runs(pieces: list[str]) -> list[tuple[int, int]]:
    """[first, last) of each run of white-space pieces."""
    runs: list[tuple[int, int]] = []
    for index in compress(range(len(pieces)), map(str.isspace, pieces)):
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs


@Language.factory("kg_sentencizer")
def make_sentencizer(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """spaCy's rule-based sentencizer with `_SENTENCE_ENDS`, on the Doc's arrays: a
    sentence starts at the first token after a sentence end that is not punctuation.
    spaCy's own makes a Python object per token: about a tenth of the tokenising time,
    this a twentieth."""
    ends = numpy.array([get_string_id(end) for end in _SENTENCE_ENDS], dtype=numpy.uint64)

    def split_sentences(doc: Doc) -> Doc:
        if not len(doc):
            return doc
        tokens = doc.to_array([ORTH, IS_PUNCT])
        is_end = numpy.isin(tokens[:, 0], ends)
        is_word = ~is_end & (tokens[:, 1] == 0)  # neither an end nor punctuation
        # Only ends and words move the state: a word after an end starts a sentence.
        moves = numpy.flatnonzero(is_end | is_word)
        after_end = numpy.zeros(len(moves), dtype=bool)
        after_end[1:] = is_end[moves[:-1]]
        starts = numpy.full(len(doc), -1, dtype=numpy.int64)
        starts[moves[after_end & is_word[moves]]] = 1
        starts[0] = 1
        doc.from_array([SENT_START], cast("Ints2d", starts.astype(numpy.uint64).reshape(-1, 1)))
        return doc

    return split_sentences
