"""issuedBy and implements between programmes and the bodies and plans they name."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import relations_of

from kg.extractors import ExtractionContext
from kg.extractors.policy_links import extract_policy_links
from kg.extractors.programme import extract_programmes
from kg.metadata import read_document_info
from kg.model import DocumentInfo, Findings, Mention, Relation, SourceDocument
from kg.nlp import load_pipeline


def links(
    text: str,
    lang: str,
    agencies: tuple[str, ...] = (),
    title: str | None = None,
    publisher: str | None = None,
) -> set[tuple[str, str, str]]:
    """(predicate, subject, object) found in `text`, given the Agency mentions an earlier
    extractor would have found."""
    mentions = [Mention("Agency", text.index(a), text.index(a) + len(a), a) for a in agencies]
    context = ExtractionContext(
        source=SourceDocument(Path("doc.txt"), text, "sha256:0", "utf-8"),
        info=DocumentInfo(lang, title=title, publisher=publisher),
        findings=Findings(mentions=mentions),
    )
    doc = load_pipeline(lang)(text)
    context.findings.mentions += list(extract_programmes(doc, context))
    return {
        (r.predicate, r.subject.canonical.strip("《》"), r.object.canonical.strip("《》"))
        for r in extract_policy_links(doc, context)
        if isinstance(r, Relation)
    }


@pytest.mark.parametrize(
    ("text", "agencies", "expected"),
    [
        (
            "Notice of the People's Government of Jilin Province on Printing and Distributing the Jilin "
            "Action Plan for Chinese Medicine Development (2017-2020)",
            ("People's Government of Jilin Province",),
            {
                (
                    "issuedBy",
                    "Jilin Action Plan for Chinese Medicine Development (2017-2020)",
                    "People's Government of Jilin Province",
                )
            },
        ),
        (
            'The Provincial Health Commission has recently issued the "Chinese Medicine Inheritance '
            'Action Plan (2022-2025)", "Opinions on Supporting Chinese Medicine Hospitals" and other '
            "documents.",
            ("Provincial Health Commission",),
            {
                (
                    "issuedBy",
                    "Chinese Medicine Inheritance Action Plan (2022-2025)",
                    "Provincial Health Commission",
                ),
                (
                    "issuedBy",
                    "Opinions on Supporting Chinese Medicine Hospitals",
                    "Provincial Health Commission",
                ),
            },
        ),
        (
            "Local governments should study the Circular of the State Council on Issuing the Outline "
            "of the Healthy China 2030 Plan.",
            (),
            {("issuedBy", "Outline of the Healthy China 2030 Plan", "State Council")},
        ),
        (
            "Hospitals must follow the Opinions of the State Council on Promoting the Development of "
            "Health Services in their planning.",
            (),
            {
                (
                    "issuedBy",
                    "Opinions of the State Council on Promoting the Development of Health Services",
                    "State Council",
                )
            },
        ),
        (
            "会议指出，要认真学习《中共中央 国务院关于促进中医药传承创新发展的意见》精神。",
            (),
            {
                ("issuedBy", "中共中央 国务院关于促进中医药传承创新发展的意见", "中共中央"),
                ("issuedBy", "中共中央 国务院关于促进中医药传承创新发展的意见", "国务院"),
            },
        ),
        (
            "省中医药管理局近日印发《中医药文化传播行动实施方案》，部署相关工作。",
            ("省中医药管理局",),
            {("issuedBy", "中医药文化传播行动实施方案", "省中医药管理局")},
        ),
    ],
)
def test_policy_links_issued_by_from_titles_and_issuing_verbs(text, agencies, expected):
    assert {
        link
        for link in links(text, "en" if text.isascii() else "zh", agencies)
        if link[0] == "issuedBy"
    } == expected


def test_policy_links_own_plan_implements_policy_documents_not_projects():
    text = (
        "Chengdu Action Plan for Chinese Medicine (2021-2023)\n\n"
        "Chengdu Municipal People's Government\n\n"
        "In order to implement the spirit of the Outline of the Healthy China 2030 Plan "
        "(GF [2016] No. 23) and the Sichuan Chinese Medicine Regulations, this action plan is "
        "formulated. We will implement the Chinese medicine talent project across the city."
    )
    found = links(
        text,
        "en",
        agencies=("Chengdu Municipal People's Government",),
        title="Chengdu Action Plan for Chinese Medicine (2021-2023)",
        publisher="Chengdu Municipal People's Government",
    )
    own = "Chengdu Action Plan for Chinese Medicine (2021-2023)"
    assert {link for link in found if link[0] == "implements"} == {
        ("implements", own, "Outline of the Healthy China 2030 Plan"),
        ("implements", own, "Sichuan Chinese Medicine Regulations"),
    }
    assert ("issuedBy", own, "Chengdu Municipal People's Government") in found


def test_policy_links_chinese_work_points_implement_what_they_carry_out():
    text = (
        "绵阳市2024年中医药工作要点\n\n"
        "（一）深入贯彻落实《四川省中医药条例》，制定实施“十五五”中医药发展规划。"
        "（二）实施中医药特色人才培养“千人”工程，推进中医药文化知识“五进”活动。"
    )
    found = links(text, "zh", title="绵阳市2024年中医药工作要点")
    own = "绵阳市2024年中医药工作要点"
    assert {link for link in found if link[0] == "implements"} == {
        ("implements", own, "四川省中医药条例"),
        ("implements", own, "中医药特色人才培养“千人”工程"),
    }


def test_policy_links_news_report_has_no_own_plan_to_implement():
    text = (
        "The commission will implement the Chinese Medicine Law and the Outline of the "
        "Healthy China 2030 Plan, a spokesman told reporters."
    )
    assert not {link for link in links(text, "en") if link[0] == "implements"}


@pytest.mark.parametrize(
    "text",
    [
        "Notice of the Guizhou Provincial Health Commission and the Guizhou Provincial "
        "Administration of Traditional Chinese Medicine on Launching the 2025 Campaign of "
        "Sending TCM Experts to Villages",
        "Decision of the Guizhou Provincial Health Commission and the Guizhou Provincial "
        "Administration of Traditional Chinese Medicine on Commending Advanced Units in "
        "Rural TCM Work",
    ],
)
def test_policy_links_joint_issuer_whose_name_ends_in_of_phrase(text):
    agencies = (
        "Guizhou Provincial Health Commission",
        "Guizhou Provincial Administration of Traditional Chinese Medicine",
    )
    issuers = {link[2] for link in links(text, "en", agencies) if link[0] == "issuedBy"}
    assert issuers == set(agencies)


def test_policy_links_issuer_named_with_and_is_one_body():
    text = (
        "Notice of the Ministry of Industry and Information Technology on Launching the "
        "Smart Health Care Pilot Programme"
    )
    found = links(text, "en", ("Ministry of Industry and Information Technology",))
    assert {link[2] for link in found if link[0] == "issuedBy"} == {
        "Ministry of Industry and Information Technology"
    }


@pytest.mark.parametrize(
    "opening",
    [
        "To carry out the",
        "In accordance with the",
        "Pursuant to the",
        "To act on the",
        "To put into practice the",
        "Following the",
        "To fully implement the",
    ],
)
def test_policy_links_own_plan_follows_what_it_carries_out(opening):
    own = "Xiamen Work Plan for Chinese Medicine Culture (2025-2026)"
    text = (
        f"{own}\n\n"
        f"{opening} Fujian Provincial Chinese Medicine Culture Action Plan (2024-2026) and the "
        "Outline of the Healthy Xiamen 2035 Plan, this work plan is drawn up. "
        "We will carry out the Xiamen Chinese Medicine Culture Ambassador Project."
    )
    found = links(text, "en", title=own)
    assert {link for link in found if link[0] == "implements"} == {
        ("implements", own, "Fujian Provincial Chinese Medicine Culture Action Plan (2024-2026)"),
        ("implements", own, "Outline of the Healthy Xiamen 2035 Plan"),
    }


def test_policy_links_chinese_issued_clause_with_de():
    own = "杭州市中医药强市建设工作计划（2025—2027年）"
    text = (
        f"{own}\n\n"
        "为深入落实浙江省人民政府办公厅印发的《浙江省中医药强省建设行动方案》和"
        "《杭州市中医药发展“十四五”规划》，结合本市实际，制定本计划。"
    )
    found = links(text, "zh", agencies=("浙江省人民政府办公厅",), title=own)
    assert {link for link in found if link[0] == "issuedBy"} == {
        ("issuedBy", "浙江省中医药强省建设行动方案", "浙江省人民政府办公厅")
    }
    assert {link for link in found if link[0] == "implements"} == {
        ("implements", own, "浙江省中医药强省建设行动方案"),
        ("implements", own, "杭州市中医药发展“十四五”规划"),
    }


def test_policy_links_chinese_work_notice_is_issued_by_the_bodies_in_its_title():
    own = "广东省卫生健康委员会、广东省中医药局关于开展2025年中医药健康文化推进行动的通知"
    text = f"{own}\n\n各地级以上市卫生健康局：现就有关事项通知如下。\n"
    found = links(text, "zh", title=own)
    assert {link for link in found if link[0] == "issuedBy"} == {
        ("issuedBy", own, "广东省卫生健康委员会"),
        ("issuedBy", own, "广东省中医药局"),
    }


def test_policy_links_chinese_notice_is_issued_by_the_bodies_that_sign_it():
    own = "关于做好2025年中医药文化进校园工作的通知"
    text = (
        f"{own}\n\n各设区市卫生健康委、教育局：请各地认真组织实施。\n\n"
        "江西省卫生健康委员会　江西省教育厅\n2025年4月8日\n"
    )
    info = read_document_info(text, "zh")
    assert info.publisher == "江西省卫生健康委员会"
    found = links(
        text,
        "zh",
        agencies=("江西省卫生健康委员会", "江西省教育厅"),
        title=info.title,
        publisher=info.publisher,
    )
    assert {link for link in found if link[0] == "issuedBy"} == {
        ("issuedBy", own, "江西省卫生健康委员会"),
        ("issuedBy", own, "江西省教育厅"),
    }


def test_policy_links_issuers_named_after_the_document_issued_by_them():
    own = "Work Plan for TCM and Rehabilitation in Ningxia (2025-2027)"
    text = (
        f"{own}\n\n"
        "To implement the Guiding Opinions on Strengthening TCM Rehabilitation Services "
        "issued by the National Health Commission, the Ministry of Finance and the "
        "National Administration of Traditional Chinese Medicine, this plan is drawn up."
    )
    issuers = (
        "National Health Commission",
        "Ministry of Finance",
        "National Administration of Traditional Chinese Medicine",
    )
    found = links(text, "en", issuers, title=own)
    document = "Guiding Opinions on Strengthening TCM Rehabilitation Services"
    assert {link for link in found if link[0] == "issuedBy"} == {
        ("issuedBy", document, issuer) for issuer in issuers
    }


def test_policy_links_english_bodies_above_the_title_issue_it_jointly(process_text):
    """Two bodies each on a line of their own above the number and title; the second
    one's short form later ("Provincial Administration of TCM") is the same body."""
    plan = "Implementation Plan of Hebei Province for TCM and Elderly Care (2024-2027)"
    text = (
        "Hebei Provincial Administration of Traditional Chinese Medicine\n"
        "Hebei Provincial Department of Civil Affairs\n"
        "Ji Zhong Yi Yao Fa [2024] No. 15\n\n"
        f"Notice on Printing and Distributing the {plan}\n\n"
        f"The {plan} is now printed and distributed to you.\n\n"
        "1. Train carers. Responsible units: Provincial Administration of TCM (leading), "
        "Provincial Department of Civil Affairs.\n"
    )
    result = process_text(text)
    assert relations_of(result, "issuedBy") == {
        (plan, "Hebei Provincial Administration of Traditional Chinese Medicine"),
        (plan, "Hebei Provincial Department of Civil Affairs"),
    }
    assert relations_of(result, "leadAgency") == {
        ("Train carers", "Hebei Provincial Administration of Traditional Chinese Medicine")
    }


def test_policy_links_bodies_listed_before_the_issuing_verb_issue_jointly(process_text) -> None:
    text = "落实中共广东省委、广东省人民政府印发的《广东省促进中医药传承创新发展若干措施》。"
    issued = relations_of(process_text(text, name="zh.txt"), "issuedBy")
    assert issued == {
        ("广东省促进中医药传承创新发展若干措施", "广东省委"),
        ("广东省促进中医药传承创新发展若干措施", "广东省人民政府"),
    }


def test_policy_links_bodies_named_together_before_a_notice_title_issue_it(process_text) -> None:
    text = (
        "赣州市卫生健康委员会 赣州市中医药管理局 赣州市财政局关于印发《赣州市中医药强市建设行动计划"
        "（2024—2027年）》的通知\n\n各县（市、区）卫生健康委：\n\n现将行动计划印发给你们。\n"
    )
    issued = relations_of(process_text(text, name="zh.txt"), "issuedBy")
    plan = "赣州市中医药强市建设行动计划（2024—2027年）"
    assert {
        (plan, "赣州市卫生健康委员会"),
        (plan, "赣州市中医药管理局"),
        (plan, "赣州市财政局"),
    } <= issued


def test_policy_links_an_english_work_notice_naming_three_bodies_is_their_programme(
    process_text,
) -> None:
    title = (
        "Notice of the Hubei Provincial Health Commission, the Hubei Provincial Administration "
        "of Traditional Chinese Medicine and the Hubei Provincial Department of Finance on "
        "Launching the Selection of Hubei Famous TCM Doctors"
    )
    text = (
        f"{title}\n\nTo all cities:\n\nThe selection is hereby launched.\n\n"
        "Hubei Provincial Health Commission\n"
        "Hubei Provincial Administration of Traditional Chinese Medicine\n"
        "Hubei Provincial Department of Finance\n"
        "July 19, 2024\n"
    )
    issued = relations_of(process_text(text), "issuedBy")
    assert {
        (title, "Hubei Provincial Health Commission"),
        (title, "Hubei Provincial Administration of Traditional Chinese Medicine"),
        (title, "Hubei Provincial Department of Finance"),
    } <= issued
