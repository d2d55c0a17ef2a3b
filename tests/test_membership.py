"""memberOf: the post a person holds in a body, in both word orders."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extractors import ExtractionContext
from kg.extractors.membership import extract_memberships
from kg.model import DocumentInfo, Findings, Mention, SourceDocument
from kg.nlp import load_pipeline


def mention_of(text: str, type_: str, surface: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return Mention(type_, start, start + len(surface), surface)


def memberships_in(text: str, lang: str, mentions: list[tuple[str, str]]) -> set[tuple]:
    findings = Findings(mentions=[mention_of(text, type_, surface) for type_, surface in mentions])
    source = SourceDocument(Path("doc.txt"), text, "sha256:0", "utf-8")
    context = ExtractionContext(source, DocumentInfo(lang=lang), findings)
    relations = extract_memberships(load_pipeline(lang)(text), context)
    return {(r.subject.text, r.object.text, r.role) for r in relations}


def roles_held(result) -> set[tuple[str, str, str | None]]:
    """(person as written, body's name, role) of every memberOf the document states."""
    return {
        (r.subject.text, r.object.canonical, r.role)
        for r in result.findings.relations
        if r.predicate == "memberOf"
    }


@pytest.mark.parametrize(
    ("text", "lang", "mentions", "expected"),
    [
        (
            "Li Haiyan, deputy director of the Department of Planning of the Gansu Provincial "
            "Health Commission, said the plan works.",
            "en",
            [
                ("Person", "Li Haiyan"),
                ("Agency", "Department of Planning of the Gansu Provincial Health Commission"),
                ("Agency", "Gansu Provincial Health Commission"),
            ],
            {
                (
                    "Li Haiyan",
                    "Department of Planning of the Gansu Provincial Health Commission",
                    "deputy director",
                ),
                (
                    "Li Haiyan",
                    "Gansu Provincial Health Commission",
                    "deputy director of the Department of Planning",
                ),
            },
        ),
        (
            "According to Abdurehim Tursun, party secretary and director of the Kashgar Health "
            "Commission, clinics opened.",
            "en",
            [("Person", "Abdurehim Tursun"), ("Agency", "Kashgar Health Commission")],
            {("Abdurehim Tursun", "Kashgar Health Commission", "party secretary and director")},
        ),
        (
            "The Kashgar Health Commission spokesman Zhou Xiaomei said more halls will open.",
            "en",
            [("Person", "Zhou Xiaomei"), ("Agency", "Kashgar Health Commission")],
            {("Zhou Xiaomei", "Kashgar Health Commission", "spokesman")},
        ),
        (
            "喀什地区第一人民医院康复科主任张建国介绍,科室新增床位。",
            "zh",
            [
                ("Person", "张建国"),
                ("Hospital", "喀什地区第一人民医院"),
                ("Organization", "喀什地区第一人民医院康复科"),
            ],
            {
                ("张建国", "喀什地区第一人民医院康复科", "主任"),
                ("张建国", "喀什地区第一人民医院", "康复科主任"),
            },
        ),
        (
            "城郊街道社区卫生服务中心党支部书记刘桂英说,服务量上升。",
            "zh",
            [("Person", "刘桂英"), ("Hospital", "城郊街道社区卫生服务中心")],
            {("刘桂英", "城郊街道社区卫生服务中心", "党支部书记")},
        ),
    ],
)
def test_membership_post_and_body(text: str, lang: str, mentions: list, expected: set) -> None:
    assert memberships_in(text, lang, mentions) == expected


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        (
            "Tan Weiguo, a member of the Party leadership group of the Hunan Provincial Health "
            "Commission and director of the Hunan Provincial Administration of Traditional "
            "Chinese Medicine, said more halls opened.",
            [
                ("Person", "Tan Weiguo"),
                ("Agency", "Hunan Provincial Health Commission"),
                ("Agency", "Hunan Provincial Administration of Traditional Chinese Medicine"),
            ],
            {
                (
                    "Tan Weiguo",
                    "Hunan Provincial Health Commission",
                    "member of the Party leadership group",
                ),
                (
                    "Tan Weiguo",
                    "Hunan Provincial Administration of Traditional Chinese Medicine",
                    "director",
                ),
            },
        ),
        (
            "Luo Min, secretary of the Party committee of Liuzhou Workers' Hospital and deputy "
            "head of the Science and Education Section of the Liuzhou Municipal Health Bureau, "
            "spoke.",
            [
                ("Person", "Luo Min"),
                ("Hospital", "Liuzhou Workers' Hospital"),
                ("Agency", "Science and Education Section of the Liuzhou Municipal Health Bureau"),
                ("Agency", "Liuzhou Municipal Health Bureau"),
            ],
            {
                ("Luo Min", "Liuzhou Workers' Hospital", "secretary of the Party committee"),
                (
                    "Luo Min",
                    "Science and Education Section of the Liuzhou Municipal Health Bureau",
                    "deputy head",
                ),
                (
                    "Luo Min",
                    "Liuzhou Municipal Health Bureau",
                    "deputy head of the Science and Education Section",
                ),
            },
        ),
        (
            "Contact: Lu Jianguo, Science and Education Division, Hunan Provincial Health "
            "Commission, tel. 0731-84822000.",
            [
                ("Person", "Lu Jianguo"),
                ("Agency", "Science and Education Division"),
                ("Agency", "Hunan Provincial Health Commission"),
            ],
            {
                ("Lu Jianguo", "Science and Education Division", "contact person"),
                ("Lu Jianguo", "Hunan Provincial Health Commission", "contact person"),
            },
        ),
    ],
)
def test_membership_english_party_posts_coordination_and_contacts(
    text: str, mentions: list, expected: set
) -> None:
    """Multi-word Party posts, every post of an "and" coordination (with the bodies chained
    onto each), and a notice's contact line."""
    assert memberships_in(text, "en", mentions) == expected


@pytest.mark.parametrize(
    ("text", "lang", "mentions"),
    [
        (
            "市民刘桂英在城郊街道社区卫生服务中心接受推拿。",
            "zh",
            [("Person", "刘桂英"), ("Hospital", "城郊街道社区卫生服务中心")],
        ),
        (
            "城郊街道社区卫生服务中心,患者刘桂英说很满意。",
            "zh",
            [("Person", "刘桂英"), ("Hospital", "城郊街道社区卫生服务中心")],
        ),
        (
            "Zhou Xiaomei said the Kashgar Health Commission will open more halls.",
            "en",
            [("Person", "Zhou Xiaomei"), ("Agency", "Kashgar Health Commission")],
        ),
    ],
)
def test_membership_needs_a_stated_post(text: str, lang: str, mentions: list) -> None:
    assert memberships_in(text, lang, mentions) == set()


@pytest.mark.parametrize(
    ("text", "mentions", "expected"),
    [
        (
            "丽江市卫生健康委员会党组书记、主任和志强介绍，今年新建中医馆12个。",
            [("Person", "和志强"), ("Agency", "丽江市卫生健康委员会")],
            {("和志强", "丽江市卫生健康委员会", "党组书记、主任")},
        ),
        (
            "玉溪市中医医院党委副书记、院长李明华说，门诊量上升。",
            [("Person", "李明华"), ("Hospital", "玉溪市中医医院")],
            {("李明华", "玉溪市中医医院", "党委副书记、院长")},
        ),
        # a later part that is not a post alone names another body: no post is read
        (
            "丽江市卫生健康委员会党组成员、市中医药管理局局长和志强说，工作推进顺利。",
            [("Person", "和志强"), ("Agency", "丽江市卫生健康委员会")],
            set(),
        ),
    ],
)
def test_membership_chinese_posts_joined_by_enumeration_comma(
    text: str, mentions: list, expected: set
) -> None:
    assert memberships_in(text, "zh", mentions) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a post opening a clause, no body before it: the last hospital named
        (
            "巫溪县宁厂镇卫生院新装修了中医馆。院长黄德明说，卫生院能够开展艾灸。",
            {("黄德明", "巫溪县宁厂镇卫生院", "院长")},
        ),
        # a hospital referred to by a word, with or without the qualifier in its name
        (
            "Beijing Hospital of Traditional Chinese Medicine has sent teams to Yushu "
            "Prefecture Tibetan Medicine Hospital. Gesang Dorje, president of the Yushu "
            "hospital, said it works. Visits at Napo County Hospital of Traditional Chinese "
            "Medicine rose, said Nong Jianhua, the hospital's president.",
            {
                ("Gesang Dorje", "Yushu Prefecture Tibetan Medicine Hospital", "president"),
                (
                    "Nong Jianhua",
                    "Napo County Hospital of Traditional Chinese Medicine",
                    "president",
                ),
            },
        ),
    ],
)
def test_membership_post_of_a_body_referred_to(process_text, text: str, expected: set) -> None:
    result = process_text(text, name="zh.txt" if "院" in text else "en.txt")
    found = roles_held(result)
    assert found == expected


def test_membership_name_then_a_verb_of_holding_a_post(process_text) -> None:
    text = (
        "援疆专家陈立新正在坐诊。"
        "陈立新是浙江省中医院（浙江中医药大学附属第一医院）针灸科主任医师，2023年来到新疆，"
        "现任阿克苏地区中医医院副院长。宁波市中医院医生林晓峰则被聘为库车市中医医院院长。"
    )
    found = roles_held(process_text(text, name="zh.txt"))
    assert found == {
        ("陈立新", "浙江省中医院", "针灸科主任医师"),
        ("陈立新", "阿克苏地区中医医院", "副院长"),
        ("林晓峰", "库车市中医医院", "院长"),
    }


def test_membership_this_hospitals_post_and_no_university_inside_a_hospital(process_text) -> None:
    text = (
        "首都医科大学附属北京中医医院党委书记张立军出席。内蒙古民族大学附属医院也参与协作。"
        "该院副院长胡日查介绍，医院建成了中心。"
    )
    found = roles_held(process_text(text, name="zh.txt"))
    assert found == {
        ("张立军", "首都医科大学附属北京中医医院", "党委书记"),
        ("胡日查", "内蒙古民族大学附属医院", "副院长"),
    }


def test_membership_a_contact_line_lists_a_units_people_with_posts(process_text) -> None:
    text = (
        "Contacts:\n"
        "TCM Talent Division, Provincial Health Commission: Zhou Min (Principal Staff Member), "
        "Xu Hang (Deputy Director); Tel: 027-87576432\n"
    )
    found = roles_held(process_text(text))
    assert found == {
        ("Zhou Min", "TCM Talent Division", "Principal Staff Member"),
        ("Xu Hang", "TCM Talent Division", "Deputy Director"),
    }
