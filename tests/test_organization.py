"""Other named organisations: a Chinese name is a place, a body and a kind of
organisation, and never runs across the words that join two names."""

from __future__ import annotations

from conftest import relations_of


def organizations(result) -> list[str]:
    return sorted(e.name for e in result.entities.values() if e.type == "Organization")


def test_organization_chinese_name_may_be_a_place_and_a_kind_alone(process_text) -> None:
    # and the innermost place starts it: not 红河州支持红河学院
    result = process_text("红河州支持红河学院与榆林学院开设中医学专业。", name="zh.txt")
    assert organizations(result) == ["榆林学院", "红河学院"]


def test_organization_chinese_name_stops_at_words_that_relate_two_names(process_text) -> None:
    result = process_text(
        "文山州依托文山学院建设培训基地。丘北县中医医院分别由云南中医药大学、"
        "昆明医科大学对口帮扶。",
        name="zh.txt",
    )
    names = organizations(result)
    assert names == ["云南中医药大学", "文山学院", "昆明医科大学"]
    assert not any("依托" in n or "分别" in n or "医院" in n for n in names)


def test_organization_chinese_name_may_open_a_hospitals_name(process_text) -> None:
    result = process_text("浙江中医药大学附属第一医院派出专家。", name="zh.txt")
    assert organizations(result) == ["浙江中医药大学"]


def test_organization_department_of_a_hospital_is_no_verb_phrase(process_text) -> None:
    result = process_text(
        "衡阳市中医医院派驻针灸专科团队帮扶祁东县中医医院。衡阳市中医医院针灸科主任参加。"
        "衡阳市中医医院建成脑病科、康复科两个重点科室。以衡阳市中医医院为中心开展会诊。"
        "衡阳市中医医院在心内科推行中西医结合。",
        name="zh.txt",
    )
    assert organizations(result) == ["衡阳市中医医院针灸科"]


def test_organization_gets_no_place_a_hospital_does(process_text) -> None:
    """locatedIn is the place an agency or a hospital serves (the guideline's rule)."""
    result = process_text("云南中医药大学与昆明市中医医院签订合作协议。", name="zh.txt")
    assert organizations(result) == ["云南中医药大学"]
    located = relations_of(result, "locatedIn")
    assert ("昆明市中医医院", "昆明市") in located
    assert not any(subject == "云南中医药大学" for subject, _ in located)


def test_organization_english_names_joined_by_and_are_two(process_text) -> None:
    result = process_text(
        "Students train at Hebei University of Chinese Medicine and Chengde Medical "
        "University, at Hefei University of Science and Technology, and at the Chinese "
        "Academy of Sciences and Peking University."
    )
    assert organizations(result) == [
        "Chengde Medical University",
        "Chinese Academy of Sciences",
        "Hebei University of Chinese Medicine",
        "Hefei University of Science and Technology",
        "Peking University",
    ]


def test_organization_studio_named_after_a_doctor(process_text) -> None:
    result = process_text(
        "由主任医师林楚雄领衔的“林楚雄名医工作室”落户毕节市中医医院。林楚雄介绍，工作室接诊增多。",
        name="zh.txt",
    )
    assert organizations(result) == ["林楚雄名医工作室"]
    assert {e.name for e in result.entities.values() if e.type == "Person"} == {"林楚雄"}
    assert not any(
        e.type == "Place" and e.name.startswith("楚雄") for e in result.entities.values()
    )


def test_organization_centre_of_a_hospital_is_part_of_it(process_text) -> None:
    result = process_text("依托衡阳市中医医院远程医疗中心，开展远程会诊。", name="zh.txt")
    assert organizations(result) == ["衡阳市中医医院远程医疗中心"]
    assert ("衡阳市中医医院远程医疗中心", "衡阳市中医医院") in relations_of(result, "partOf")
