"""Persons: names established by a cue (byline, post, speech verb, apposition)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import names_of

from kg.extractors import ExtractionContext
from kg.extractors.person import extract_persons
from kg.model import DocumentInfo, Findings, SourceDocument
from kg.nlp import load_pipeline


def persons_in(text: str, lang: str) -> set[tuple[str, str | None]]:
    source = SourceDocument(Path("doc.txt"), text, "sha256:0", "utf-8")
    context = ExtractionContext(source, DocumentInfo(lang=lang), Findings())
    return {(m.text, m.name) for m in extract_persons(load_pipeline(lang)(text), context)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Xinhua, Lanzhou, May 3 (Reporter Liu Jianhua) The province opened 40 TCM halls.",
            {("Liu Jianhua", None)},
        ),
        (
            "Li Haiyan, director of the Gansu Provincial Health Commission, said the plan works.",
            {("Li Haiyan", None)},
        ),
        (
            "According to Abdurehim Tursun, deputy head of the Kashgar Health Commission, 12 "
            "clinics opened.",
            {("Abdurehim Tursun", None)},
        ),
        (
            "The halls are popular, Zhou Xiaomei said. Zhou Xiaomei added that more will open.",
            {("Zhou Xiaomei", None)},
        ),
        ("Under the guidance of Xi Jinping Thought, the province acts.", {("Xi Jinping", None)}),
        (
            "Contact: Lu Jianguo, Science and Education Division, tel. 0731-84822000.",
            {("Lu Jianguo", None)},
        ),
        ("Contact person: Tan Xiaoli (tel. 0771-2802000)", {("Tan Xiaoli", None)}),
        # the speech verb before the name, which must read as a Chinese name
        (
            "Visits rose by a third, said Nong Jianhua, the hospital's president. Officials "
            "said China would act.",
            {("Nong Jianhua", None)},
        ),
        # two writers in a byline; a full name the story goes on to call by the surname
        (
            "by Xinhua writers Luo Xin and Hu Tao\n\nChen Haifeng has finished his rounds. "
            "Chen, 46, is a physician. Wang Hospital grew; Zhou Lan works there.",
            {("Luo Xin", None), ("Hu Tao", None), ("Chen Haifeng", None)},
        ),
        ("For Qubi Shimo, a 38-year-old doctor, it changed.", {("Qubi Shimo", None)}),
    ],
)
def test_person_english_names_with_cues(text: str, expected: set) -> None:
    assert persons_in(text, "en") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ma Huang and Dang Gui are grown in Gansu Province.",
        "The Commission said that Health Services improved, and the Plan emphasized prevention.",
        "Gansu Medical College, the first institution of its kind, trains doctors.",
        "Contact: Office of the Leading Group, tel. 0731-84822000.",
    ],
)
def test_person_english_words_without_cue_are_not_persons(text: str) -> None:
    assert persons_in(text, "en") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("喀什地区第一人民医院副院长张建国介绍,医院新建了中医馆。", {("张建国", None)}),
        ("“针灸效果很好。”村民刘桂英说。", {("刘桂英", None)}),
        ("市民陈秀兰家住城郊街道,她经常来理疗。", {("陈秀兰", None)}),
        (
            "患者阿不都热合曼·买买提因腰痛就诊。阿不都热合曼表示很满意。",
            {("阿不都热合曼·买买提", None), ("阿不都热合曼", "阿不都热合曼·买买提")},
        ),
        ("全面贯彻习近平新时代中国特色社会主义思想。", {("习近平", None)}),
        # a verb after the name, 的 after a post, 则 after the name
        (
            "县人民政府副县长谭明辉出席会议。担任业务副院长的林嘉怡介绍，中医师冉小琴则定期巡诊。",
            {("谭明辉", None), ("林嘉怡", None), ("冉小琴", None)},
        ),
        # Tibetan names have no surname: two or three name words with a cue, one alone
        # only between a post and a cue word; but not 格桑花, a flower
        (
            "（记者 达瓦卓玛）索朗多吉介绍，副院长旺姆说，村民扎西平措是老病号。格桑花开了。",
            {("达瓦卓玛", None), ("索朗多吉", None), ("旺姆", None), ("扎西平措", None)},
        ),
        # Mongolian names too
        (
            "科左后旗蒙医医院院长乌力吉巴雅尔说，副市长阿拉坦仓出席。",
            {("乌力吉巴雅尔", None), ("阿拉坦仓", None)},
        ),
        # Uyghur names written with a middle dot
        ("通讯员 吐尔洪·艾买提报道。", {("吐尔洪·艾买提", None)}),
    ],
)
def test_person_chinese_names_with_cues(text: str, expected: set) -> None:
    assert persons_in(text, "zh") == expected


@pytest.mark.parametrize(
    "text",
    [
        "近日,记者来到喀什地区第一人民医院采访。",
        "王主任说,专家表示,有关负责人介绍,数据显示服务量上升。",
        "中医药强区建设取得成效,高质量发展成为共识。",
        "及时回应群众关切,满足居民需求。群众信中医、用中医。选派医师常驻卫生院。",
    ],
)
def test_person_chinese_words_without_names_are_not_persons(text: str) -> None:
    assert persons_in(text, "zh") == set()


def test_person_a_place_inside_a_name_is_no_place(process_text) -> None:
    """楚雄 is a prefecture, but not inside 林楚雄."""
    result = process_text("主任医师林楚雄介绍，工作室接诊患者2.3万人次。", name="zh.txt")
    assert names_of(result, "Person") == {"林楚雄"}
    assert names_of(result, "Place") == set()
