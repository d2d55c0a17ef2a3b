"""Agencies: the grammar of administrative names, in English and Chinese."""

from __future__ import annotations

import pytest
from conftest import names_of, relations_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Municipal Health Commission and the Municipal Finance Bureau shall act together.",
            {"Municipal Health Commission", "Municipal Finance Bureau"},
        ),
        (
            "Wang Li, director of the Department of Planning of the National Health Commission, spoke.",
            {
                "Department of Planning of the National Health Commission",
                "National Health Commission",
            },
        ),
        (
            "The Hunan Provincial Administration of Traditional Chinese Medicine issued guidance.",
            {"Hunan Provincial Administration of Traditional Chinese Medicine"},
        ),
        (
            "The State Council approved it after the Provincial Party Committee Publicity Department met.",
            {
                "State Council",
                "Provincial Party Committee Publicity Department",
                "Provincial Party Committee",
            },
        ),
        (
            "The Municipal Administration of TCM coordinates. Its Division of Primary Health "
            "handles daily work.",
            {"Municipal Administration of TCM", "Division of Primary Health"},
        ),
    ],
)
def test_agency_english_names(process_text, text: str, expected: set[str]) -> None:
    assert expected <= names_of(process_text(text), "Agency")


@pytest.mark.parametrize(
    "text",
    [
        "Administrative Committees of all counties shall report. Municipal and County Governments act.",
        "The Outline of the Plan was discussed at the Press Conference on Health.",
        "Public hospitals and township health centers improved their departments.",
        "III. Tasks and Division of Responsibilities",
    ],
)
def test_agency_english_categories_and_titles_are_not_agencies(process_text, text: str) -> None:
    assert names_of(process_text(text), "Agency") == set()


def test_agency_english_variants_share_one_name(process_text) -> None:
    text = (
        "Notice of the People's Government of Harbin Municipality on the Plan.\n\n"
        "Harbin Municipal People's Government\n\n"
        "With the consent of the municipal government, the plan is issued."
    )
    result = process_text(text)
    agencies = [e for e in result.entities.values() if e.type == "Agency"]
    assert len(agencies) == 1
    assert agencies[0].name == "Harbin Municipal People's Government"
    assert {"People's Government of Harbin Municipality", "municipal government"} <= agencies[
        0
    ].aliases


def test_agency_department_is_part_of_its_parent(process_text) -> None:
    result = process_text(
        "Li Ming, deputy director of the Department of Science and Education of "
        "the State Administration of Traditional Chinese Medicine, said so."
    )
    assert (
        "Department of Science and Education of the State Administration of Traditional "
        "Chinese Medicine",
        "State Administration of Traditional Chinese Medicine",
    ) in relations_of(result, "partOf")


@pytest.mark.parametrize(
    ("text", "unit", "parent"),
    [
        (
            "Zhou Lin, head of the Science and Education Division of the Guangdong Provincial "
            "Health Commission, said so.",
            "Science and Education Division of the Guangdong Provincial Health Commission",
            "Guangdong Provincial Health Commission",
        ),
        (
            "Tang Jun, director of the Division of Drug Administration of the Jiangxi Provincial "
            "Health Commission, said so.",
            "Division of Drug Administration of the Jiangxi Provincial Health Commission",
            "Jiangxi Provincial Health Commission",
        ),
        (
            "He Ping, chief of the Pharmacy Section of the Liuzhou Municipal Health Bureau, "
            "said so.",
            "Pharmacy Section of the Liuzhou Municipal Health Bureau",
            "Liuzhou Municipal Health Bureau",
        ),
    ],
)
def test_agency_divisions_and_sections_are_units(
    process_text, text: str, unit: str, parent: str
) -> None:
    """Division and Section (处, 科) end a unit's name, which is part of its parent's."""
    result = process_text(text)
    assert {unit, parent} <= names_of(result, "Agency")
    assert (unit, parent) in relations_of(result, "partOf")


@pytest.mark.parametrize(
    ("text", "not_a_body"),
    [
        (
            "Tang Jun, director of the Division of Drug Administration of the Jiangxi Provincial "
            "Health Commission, said so.",
            "Drug Administration of the Jiangxi Provincial Health Commission",
        ),
        ("Tang Jun, head of the Drug Administration Division, said so.", "Drug Administration"),
    ],
)
def test_agency_what_a_unit_does_is_no_parent(process_text, text: str, not_a_body: str) -> None:
    """ "Division of Drug Administration", "Drug Administration Division": the words
    beside the organ word say what the unit does; they name no body above it."""
    assert not_a_body not in names_of(process_text(text), "Agency")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "国家中医药管理局和国家卫生健康委员会联合印发通知。",
            {"国家中医药管理局", "国家卫生健康委员会"},
        ),
        ("中共中央、国务院高度重视中医药工作。", {"中共中央", "国务院"}),
    ],
)
def test_agency_chinese_national_bodies(process_text, text: str, expected: set[str]) -> None:
    assert expected <= names_of(process_text(text), "Agency")


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        # a short form after a time word
        (
            "丽江市2024年工作要点\n\n2023年省财政厅下达资金，今年市财政局安排配套。",
            {"省财政厅", "丽江市财政局"},
            set(),
        ),
        # a Party committee and its department
        (
            "丽江市2024年工作要点\n\n在市委、市政府领导下推进。市委宣传部负责宣传。",
            {"丽江市委", "丽江市委宣传部"},
            set(),
        ),
        # the short form of a commission the document names in full
        (
            "丽江市2024年工作要点\n\n丽江市卫生健康委员会（以下简称市卫健委）牵头，市卫健委负责。",
            {"丽江市卫生健康委员会"},
            {"丽江市卫生健康委"},
        ),
        (
            "丽江市2024年工作要点\n\n丽江市卫生健康委员会牵头。丽江市卫生健康委主任说。",
            {"丽江市卫生健康委员会"},
            {"丽江市卫生健康委"},
        ),
        # people's organisations and the Youth League beside the departments
        (
            "丽江市2024年工作要点\n\n丽江市残疾人联合会、市妇联、市总工会、团市委和市科协配合。",
            {"丽江市残疾人联合会", "丽江市妇联", "丽江市总工会", "团市委", "丽江市科协"},
            set(),
        ),
        # 委托 (entrust) and a plenary session's number are no committee
        (
            "丽江市2024年工作要点\n\n市委托第三方评估。落实市委三届五次全会部署。",
            set(),
            {"丽江市委"},
        ),
    ],
)
def test_agency_chinese_short_forms_and_party_committees(
    process_text, text: str, expected: set[str], not_expected: set[str]
) -> None:
    names = names_of(process_text(text), "Agency")
    assert expected <= names and not names & not_expected


def test_agency_joint_conference_and_its_bare_office(process_text) -> None:
    text = (
        "丽江市2024年工作要点\n\n"
        "调整丽江市中医药工作联席会议，联席会议办公室设在市卫生健康委。市委宣传部负责宣传。"
    )
    part_of = relations_of(process_text(text), "partOf")
    assert {
        ("丽江市中医药工作联席会议办公室", "丽江市中医药工作联席会议"),
        ("丽江市中医药工作联席会议办公室", "丽江市卫生健康委"),
        ("丽江市委宣传部", "丽江市委"),
    } <= part_of


def test_agency_task_force_and_its_bare_office(process_text) -> None:
    text = "丽江市2024年工作要点\n\n成立丽江市中医药强市建设工作专班，专班办公室设在市卫生健康委。"
    result = process_text(text)
    assert {"丽江市中医药强市建设工作专班", "丽江市中医药强市建设工作专班办公室"} <= names_of(
        result, "Agency"
    )
    assert (
        "丽江市中医药强市建设工作专班办公室",
        "丽江市中医药强市建设工作专班",
    ) in relations_of(result, "partOf")


def test_agency_short_form_of_a_placed_name_is_that_body_with_its_relations(process_text) -> None:
    """ "Provincial Department of Civil Affairs" after "Shanxi Provincial Department of
    Civil Affairs": one body, and what the short form leads is led by it."""
    text = (
        "Implementation Plan for TCM and Elderly Care in Shanxi Province (2025-2027)\n\n"
        "Shanxi Provincial Department of Civil Affairs\n\n"
        "2. Build TCM elderly care bases. Build 30 bases by 2027. The Provincial Department "
        "of Civil Affairs shall take the lead, and the Shanxi Provincial Health Commission "
        "shall cooperate.\n"
    )
    result = process_text(text)
    agencies = {e.name for e in result.entities.values() if e.type == "Agency"}
    assert "Provincial Department of Civil Affairs" not in agencies
    assert relations_of(result, "leadAgency") == {
        ("Build TCM elderly care bases", "Shanxi Provincial Department of Civil Affairs")
    }


def test_agency_a_second_name_in_brackets_is_an_alias(process_text) -> None:
    result = process_text("州卫生健康委（州中医药管理局）会同州政府督查室开展评估。", name="zh.txt")
    assert "州中医药管理局" not in names_of(result, "Agency")
    assert "州卫生健康委" in names_of(result, "Agency")
