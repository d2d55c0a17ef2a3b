"""kg.segment must cut Chinese exactly as Python jieba (precise mode, HMM on, the
same domain words) does: word for word, on real documents and on random text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.documents import load_document
from kg.segment import domain_words, python_jieba, segmenter

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    [*(ROOT / "seeds").iterdir(), *(ROOT / "tests" / "data" / "heldout").glob("*.txt")]
)


def jieba_words(text: str) -> list[str]:
    return list(python_jieba().cut(text))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_documents_are_cut_as_jieba_cuts_them(path: Path) -> None:
    text = load_document(path).text
    assert segmenter().cut(text) == jieba_words(text)


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
    assert segmenter().cut(text) == jieba_words(text)


def test_domain_words_stay_whole() -> None:
    words = segmenter().cut("市卫生健康局会同社区卫生服务中心开展工作")
    assert "卫生健康局" in words and "社区卫生服务中心" in words
    assert [word for word, _ in domain_words() if segmenter().cut(word) != [word]] == []


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
    assert segmenter().cut(text) == jieba_words(text)
