"""kg.segment must cut Chinese as Python jieba (precise mode, HMM on, the same domain
words) does: word for word on real documents; on random text too, but where two cuts
are exactly as likely (县|县县 or 县县|县), which floating-point rounding settles
differently in jieba-rs and in Python."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.documents import load_document
from kg.segment import cut, domain_words, python_jieba

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    [*(ROOT / "seeds").iterdir(), *(ROOT / "tests" / "data" / "heldout").glob("*.txt")]
)


def jieba_words(text: str) -> list[str]:
    return list(python_jieba().cut(text))


def _bounds(words: list[str]) -> list[int]:
    return list(itertools.accumulate(map(len, words), initial=0))


def same_or_tied(ours: list[str], theirs: list[str]) -> bool:
    """The same words, or, between each pair of word borders the two cuts share,
    dictionary words whose log-probabilities (jieba's route score) sum the same."""
    if ours == theirs:
        return True
    if "".join(ours) != "".join(theirs):
        return False
    dictionary = python_jieba().dt
    log_total = math.log(dictionary.total)

    def score(words: list[str]) -> float | None:
        if not all(dictionary.FREQ.get(word) for word in words):
            return None  # a word from the HMM: no tie to speak of
        return sum(math.log(dictionary.FREQ[word]) - log_total for word in words)

    ours_bounds, theirs_bounds = _bounds(ours), _bounds(theirs)
    shared = sorted(set(ours_bounds) & set(theirs_bounds))
    for start, end in itertools.pairwise(shared):
        a = ours[ours_bounds.index(start) : ours_bounds.index(end)]
        b = theirs[theirs_bounds.index(start) : theirs_bounds.index(end)]
        if a != b:
            score_a, score_b = score(a), score(b)
            if score_a is None or score_b is None:
                # words the HMM made: a tie of its Viterbi paths (作规|规规中, 作规规|规中)
                score_a, score_b = _hmm_score(a), _hmm_score(b)
            if not math.isclose(score_a, score_b):
                return False
    return True


def _hmm_score(words: list[str]) -> float:
    """The log-probability jieba's HMM gives the B/M/E/S tags that cut `words`."""
    from jieba import finalseg

    tags = "".join("S" if len(w) == 1 else "B" + "M" * (len(w) - 2) + "E" for w in words)
    chars = "".join(words)
    total, previous = 0.0, None
    for char, tag in zip(chars, tags, strict=True):
        step = finalseg.start_P[tag] if previous is None else finalseg.trans_P[previous].get(tag)
        total += (step if step is not None else finalseg.MIN_FLOAT) + finalseg.emit_P[tag].get(
            char, finalseg.MIN_FLOAT
        )
        previous = tag
    return total


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_documents_are_cut_as_jieba_cuts_them(path: Path) -> None:
    text = load_document(path).text
    assert cut(text) == jieba_words(text)


@pytest.mark.parametrize(
    "text",
    [
        "截至2028-12底，完成2022-2030年规划",  # jieba-rs keeps "2028-12" whole
        "见附件23148114067955.jpg和图3.5%",  # and "…955.jpg"
        "电话0851-81699751，c++与.net",
        "第.㐀项中医药鿖服务",  # CJK extensions: outside jieba's word blocks
        "中医药\u3000服务\r\n中心\x1c 2025年",
        "",
    ],
)
def test_where_jieba_rs_draws_other_borders(text: str) -> None:
    assert cut(text) == jieba_words(text)


def test_domain_words_stay_whole() -> None:
    words = cut("市卫生健康局会同社区卫生服务中心开展工作")
    assert "卫生健康局" in words and "社区卫生服务中心" in words
    assert [word for word, _ in domain_words() if cut(word) != [word]] == []


_HAN = "中医药服务卫生健康局委员会中心省市县区年月日发展规划建设提升推进工作的了和与在"
_PIECES = st.one_of(
    st.sampled_from([word for word, _ in domain_words()]),
    st.text(alphabet=_HAN, min_size=1, max_size=12),
    st.text(alphabet="0123456789abcXYZ+#&._%-", min_size=1, max_size=8),
    st.text(alphabet=" \t\r\n\u3000\xa0\x1c\x85，。、；：（）《》“”", min_size=1, max_size=3),
    st.sampled_from(["\u3400", "\u9fd6", "\uf900", "\U00020000", "é", "Ⅱ", "１", "😀"]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_random_text_is_cut_as_jieba_cuts_it(text: str) -> None:
    assert same_or_tied(cut(text), jieba_words(text))


def test_ties_are_the_only_difference_allowed() -> None:
    ours, theirs = cut("县县县与升在"), jieba_words("县县县与升在")
    assert ours != theirs and same_or_tied(ours, theirs)  # jieba-rs: 县|县县, jieba: 县县|县
    assert not same_or_tied(["县县", "县", "与升在"], theirs)
    assert not same_or_tied(["县县县", "与", "升", "在"], theirs)
