"""Programme names: titles, notices that print a plan, named projects, and their short forms."""

from __future__ import annotations

import pytest

from kg.metadata import read_document_info
from kg.resolve import normalise_name
from tests.conftest import names_of, relations_of


def programme_names(result) -> set[str]:
    return {normalise_name(name) for name in names_of(result, "Programme")}


def programme_aliases(result) -> set[str]:
    return {
        normalise_name(alias)
        for e in result.entities.values()
        if e.type == "Programme"
        for alias in e.aliases
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'The Provincial Health Commission has recently issued the "Implementation Plan for '
            'Strengthening Grassroots Chinese Medicine Services (2021-2025)" to all counties.',
            {
                "implementation plan for strengthening grassroots chinese medicine services (2021-2025)"
            },
        ),
        (
            "Hospitals at all levels must strictly observe the Chinese Medicine Law in daily practice.",
            {"chinese medicine law"},
        ),
        (
            "We will carry out the traditional Chinese medicine talent training project and train "
            "village doctors.",
            {"traditional chinese medicine talent training project"},
        ),
        (
            "The county will implement the project of upgrading township Chinese medicine halls in "
            "three years.",
            {"project of upgrading township chinese medicine halls"},
        ),
        (
            "Clinics took part in a health education campaign named Chinese Medicine Enters Every Home.",
            {"chinese medicine enters every home"},
        ),
        (
            'Volunteers will launch the "Chinese Medicine in Ten Thousand Homes" campaign this autumn.',
            {"chinese medicine in ten thousand homes campaign"},
        ),
        (
            "We will improve service capacity and implement innovative projects for herbal medicine.",
            set(),
        ),
        ("The hospital will carry out a pilot project for day surgery.", set()),
        # a comma inside a title's list of nouns, but not between two titles
        (
            "Implement the Opinions of the State Council on Promoting the Inheritance, "
            "Innovation and Development of TCM, the Chinese Medicine Law, Regulations and "
            "the Healthy Yunnan Plan.",
            {
                "opinions of the state council on promoting the inheritance, innovation and "
                "development of tcm",
                "chinese medicine law",
                "healthy yunnan plan",
            },
        ),
    ],
)
def test_programme_english_titles_and_named_projects(process_text, text, expected):
    assert programme_names(process_text(text)) == expected


def test_programme_notice_names_the_plan_it_prints_without_document_number(process_text):
    result = process_text(
        "To implement the Notice of the People's Government of Jilin Province on Printing and "
        "Distributing the Jilin Action Plan for Chinese Medicine Development (2017-2020) "
        "(Ji Zheng Fa [2017] No. 12), the city has set up a working group."
    )
    assert programme_names(result) == {
        "jilin action plan for chinese medicine development (2017-2020)"
    }
    assert any(
        alias.startswith("notice of the peoples government of jilin province on printing")
        and "no. 12" not in alias
        for alias in programme_aliases(result)
    )


def test_programme_hereinafter_short_form_points_at_full_title(process_text):
    result = process_text(
        'The municipal government issued the "Opinions on Accelerating the Development of Chinese '
        'Medicine Health Services" (hereinafter referred to as the "Opinions"). The "Opinions" set '
        "out ten key tasks for 2025."
    )
    assert programme_names(result) == {
        "opinions on accelerating the development of chinese medicine health services"
    }
    assert "opinions" in programme_aliases(result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各地要深入贯彻落实《广东省中医药条例》，推进中医药事业发展。", {"广东省中医药条例"}),
        (
            "持续实施中医药传承创新“百千万”人才工程，培养一批骨干人才。",
            {"中医药传承创新“百千万”人才工程"},
        ),
        (
            "今年将启动第二届成都市名中医评选活动，评选结果向社会公布。",
            {"第二届成都市名中医评选活动"},
        ),
        ("抓好在建的中医药传承项目，开展中医药健康咨询活动不少于5次。", set()),
        ("全面启动实施“十四五”规划重点项目建设。", set()),
    ],
)
def test_programme_chinese_titles_and_names(process_text, text, expected):
    assert programme_names(process_text(text)) == {normalise_name(n) for n in expected}


def test_programme_chinese_notice_prints_plan_with_notice_as_alias(process_text):
    result = process_text(
        "成都市卫生健康委员会关于印发《成都市2024年中医药工作要点》的通知\n\n"
        "各区（市）县卫生健康局：现将《成都市2024年中医药工作要点》印发给你们，请认真贯彻执行。"
    )
    assert programme_names(result) == {"成都市2024年中医药工作要点"}
    assert any(alias.endswith("的通知") for alias in programme_aliases(result))


WORK_NOTICE = (
    "Circular of the Hunan Provincial Health Commission and the Hunan Provincial Administration "
    "of Traditional Chinese Medicine on Organising the 2025 Pairing of City TCM Hospitals with "
    "Township Health Centres in the Wuling Mountains Area and the Western Hunan Region"
)


def test_programme_work_notice_is_the_documents_own_programme(process_text):
    padding = "Each pair reports its progress every quarter. " * 70  # a long body
    result = process_text(
        f"{WORK_NOTICE}\n\nXiang Wei Zhong Yi Fa [2025] No. 4\n\n"
        "To act on the Hunan Province Action Plan for Rural Chinese Medicine (2024-2026), the "
        "pairing work for 2025 is hereby announced as follows.\n\n"
        f"{padding}\n\nHunan Provincial Health Commission\n"
        "Hunan Provincial Administration of Traditional Chinese Medicine\nApril 2, 2025\n"
    )
    assert result.info.title == WORK_NOTICE
    assert str(result.info.date) == "2025-04-02"
    assert relations_of(result, "issuedBy") == {
        (WORK_NOTICE, "Hunan Provincial Health Commission"),
        (WORK_NOTICE, "Hunan Provincial Administration of Traditional Chinese Medicine"),
    }
    assert relations_of(result, "implements") == {
        (WORK_NOTICE, "Hunan Province Action Plan for Rural Chinese Medicine (2024-2026)")
    }


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (
            "Notice of the Hunan Provincial Health Commission on Issuing the Hunan Rural Chinese "
            "Medicine Action Plan (2024-2026)\n\nHunan Rural Chinese Medicine Action Plan "
            "(2024-2026)\n",
            "Hunan Rural Chinese Medicine Action Plan (2024-2026)",
        ),
        (f"{WORK_NOTICE}\n\nThe pairs are listed below.\n", WORK_NOTICE),
    ],
)
def test_programme_only_a_notice_that_prints_nothing_is_its_own_title(head, title):
    assert read_document_info(head, "en").title == title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "（二）“万名护士学中医”行动。组织二级以上医院护士参加中医护理培训。",
            {"“万名护士学中医”行动"},
        ),
        (
            "（3）“百名专家进乡村”活动。每名专家每年下乡不少于10天。",
            {"“百名专家进乡村”活动"},
        ),
        (
            "启动“上党名中医”评选，开展首届“巫溪县名中医”评选，2026年评选区级名中医10名，"
            "实施“精品中医馆”建设项目。",
            {"“上党名中医”评选", "首届“巫溪县名中医”评选", "“精品中医馆”建设项目"},
        ),
        (
            "（五）中医药健康管理签约服务推广项目。每个乡镇卫生院组建签约服务团队。",
            {"中医药健康管理签约服务推广项目"},
        ),
        (
            "泸州市2025年中医药工作要点\n\n二、组织实施重点项目\n各地要落实配套资金。",
            {"泸州市2025年中医药工作要点"},
        ),
        ("全年开展乡村医生中医药能力提升培训3期，培训500人次。", set()),
        ("深入实施县级中医医院综合能力提升工程，补齐专科短板。", {"县级中医医院综合能力提升工程"}),
        # a project a plan carries out by its name; measures as a title's head
        (
            "实施中医治未病健康工程，实施该工程。落实《广东省促进中医药传承创新发展若干措施》。",
            {"中医治未病健康工程", "《广东省促进中医药传承创新发展若干措施》"},
        ),
        # a heading of a verb and a name: the section carries out that programme
        (
            "二、重点任务\n（一）实施中医药服务体系提质工程\n1．推动区中医院提档升级。",
            {"中医药服务体系提质工程"},
        ),
    ],
)
def test_programme_chinese_numbered_items_and_capacity_names(process_text, text, expected):
    assert programme_names(process_text(text)) == {normalise_name(n) for n in expected}
