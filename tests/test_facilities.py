"""Hospitals, organisations, where bodies sit, and who assists whom."""

from __future__ import annotations

import pytest
from conftest import names_of, relations_of


@pytest.mark.parametrize(
    ("text", "hospitals"),
    [
        ("近日，记者走进喀什地区维吾尔医医院，看到患者排起长队。", {"喀什地区维吾尔医医院"}),
        ("乡村医生在白鹿镇大坪村卫生室坐诊。", {"白鹿镇大坪村卫生室"}),
        (
            "Doctors from Shenyang Orthopaedic Hospital visited the Dalian Central Hospital.",
            {"Shenyang Orthopaedic Hospital", "Dalian Central Hospital"},
        ),
        (
            "Doctors helped Qiongzhong Li and Miao Autonomous County Hospital of Traditional "
            "Chinese Medicine.",
            {"Qiongzhong Li and Miao Autonomous County Hospital of Traditional Chinese Medicine"},
        ),
    ],
)
def test_hospital_named_facilities(process_text, text: str, hospitals: set[str]) -> None:
    assert hospitals <= names_of(process_text(text), "Hospital")


@pytest.mark.parametrize(
    ("text", "hospitals"),
    [
        (
            "Doctors from Guilin Hospital of Traditional Chinese Medicine and Lingui District "
            "Hospital of Traditional Chinese Medicine met in March.",
            {
                "Guilin Hospital of Traditional Chinese Medicine",
                "Lingui District Hospital of Traditional Chinese Medicine",
            },
        ),
        (
            "Tianjin Hospital of Integrated Traditional Chinese and Western Medicine opened a "
            "stroke clinic.",
            {"Tianjin Hospital of Integrated Traditional Chinese and Western Medicine"},
        ),
    ],
)
def test_hospital_of_tail_stops_before_another_name(
    process_text, text: str, hospitals: set[str]
) -> None:
    """ "and" inside the "of ..." tail is part of the name unless a facility name
    follows it."""
    assert names_of(process_text(text), "Hospital") == hospitals


@pytest.mark.parametrize(
    "text",
    [
        "鼓励综合医院设置中医科室，推进中医医院与基层医疗卫生机构建立医联体。",
        "Public Chinese medicine hospitals and township health centers shall set up TCM halls.",
    ],
)
def test_hospital_categories_are_not_facilities(process_text, text: str) -> None:
    assert names_of(process_text(text), "Hospital") == set()


def test_hospital_role_name_is_pinned_to_the_documents_district(process_text) -> None:
    text = "成都市武侯区2024年中医药工作要点\n\n加强区中医医院建设，提升区中医医院急诊救治能力。"
    result = process_text(text)
    hospital = next(e for e in result.entities.values() if e.type == "Hospital")
    assert hospital.name == "武侯区中医医院" and "区中医医院" in hospital.aliases
    assert ("武侯区中医医院", "武侯区") in relations_of(result, "locatedIn")


def test_structure_department_of_hospital_is_part_of_it(process_text) -> None:
    text = "喀什地区维吾尔医医院针灸科主任阿不都说，今年门诊量明显增加。"
    result = process_text(text)
    assert ("喀什地区维吾尔医医院针灸科", "喀什地区维吾尔医医院") in relations_of(result, "partOf")


def test_structure_local_agencies_sit_in_the_documents_city(process_text) -> None:
    text = (
        "Shenyang Municipal People's Government\n\nShenyang Plan for TCM (2021-2025)\n\n"
        "  1. Improve clinics. Clinics improve. (Responsible departments: Municipal Finance "
        "Bureau, State Administration of Traditional Chinese Medicine)\n"
    )
    result = process_text(text)
    located = relations_of(result, "locatedIn")
    assert any(s == "Municipal Finance Bureau" for s, _ in located)
    assert not any(s == "State Administration of Traditional Chinese Medicine" for s, _ in located)


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "喀什地区维吾尔医医院与疏附县塔什米里克乡、伽师县卧里托格拉克镇签订了对口帮扶协议。",
            {("喀什地区维吾尔医医院", "塔什米里克乡"), ("喀什地区维吾尔医医院", "卧里托格拉克镇")},
        ),
        (
            "喀什地区维吾尔医医院还与上海、广东的医疗机构签订了“院包科”协议。",
            {("上海", "喀什地区维吾尔医医院"), ("广东", "喀什地区维吾尔医医院")},
        ),
    ],
)
def test_assistance_agreements_and_their_direction(
    process_text, text: str, pairs: set[tuple[str, str]]
) -> None:
    found = relations_of(process_text(text), "assists")
    assert {(_short(a, pairs), _short(b, pairs)) for a, b in found} == pairs


def _short(name: str, pairs: set[tuple[str, str]]) -> str:
    """Entity names may carry their place chain; compare on the annotated short name."""
    wanted = {n for pair in pairs for n in pair}
    return next((w for w in wanted if name.endswith(w)), name)


@pytest.mark.parametrize(
    ("text", "hospitals"),
    [
        # modifiers between the place and the facility type
        (
            "长沙市口腔医院、江西省直中医医院、赣州市中医骨伤医院和延边朝鲜族自治州民族医院参加会议。",
            {
                "长沙市口腔医院",
                "江西省直中医医院",
                "赣州市中医骨伤医院",
                "延边朝鲜族自治州民族医院",
            },
        ),
        # an academy's affiliated hospital
        ("江西省中医药研究院附属医院开设新病区。", {"江西省中医药研究院附属医院"}),
        # central township health centres, Mongolian-medicine and city central hospitals
        (
            "五叉沟镇中心卫生院、扎赉特旗蒙医中医医院和乌兰浩特市中心医院参加义诊。",
            {"五叉沟镇中心卫生院", "扎赉特旗蒙医中医医院", "乌兰浩特市中心医院"},
        ),
        # 由 ends a name: two hospitals, not one that runs across both
        (
            "瑞金市中医院由江西中医药大学附属医院对口支援。",
            {"瑞金市中医院", "江西中医药大学附属医院"},
        ),
    ],
)
def test_hospital_modifiers_and_name_breaks(process_text, text: str, hospitals: set[str]) -> None:
    assert names_of(process_text(text), "Hospital") == hospitals


@pytest.mark.parametrize(
    ("text", "hospitals", "organizations"),
    [
        # jieba keeps 北京中医药大学 and 四川大学 whole: the place inside is still found,
        # and the hospital named after the university without 附属
        (
            "北京中医药大学东直门医院与四川大学华西医院共建专科联盟。",
            {"北京中医药大学东直门医院", "四川大学华西医院"},
            {"北京中医药大学", "四川大学"},
        ),
        ("延安大学附属医院派出专家。", {"延安大学附属医院"}, {"延安大学"}),
        # a national institution's hospitals, named without a place
        (
            "中国中医科学院西苑医院、中国中医科学院广安门医院专家到县中医医院坐诊。",
            {"中国中医科学院西苑医院", "中国中医科学院广安门医院", "县中医医院"},
            {"中国中医科学院"},
        ),
        # Tibetan medicine hospitals
        ("林芝市藏医院与察隅县藏医院结对。", {"林芝市藏医院", "察隅县藏医院"}, set()),
        # universities whose names hold no place, and their hospitals
        (
            "中山大学孙逸仙纪念医院、复旦大学附属华山医院专家参加。",
            {"中山大学孙逸仙纪念医院", "复旦大学附属华山医院"},
            {"中山大学", "复旦大学"},
        ),
        # the segmenter keeps 北京大学人民医院 whole; a type may name the hospital by itself,
        # but 大学医院 alone names none
        (
            "北京大学人民医院、北京大学第一医院专家到大学医院。",
            {"北京大学人民医院", "北京大学第一医院"},
            {"北京大学"},
        ),
        # the segmenter's 和县 is the conjunction and a role name's level word
        ("市卫生健康委和县中医院负责。", {"县中医院"}, set()),
        # a phrase from a university to a hospital is not one name
        (
            "北京中医药大学专家赴县中医医院坐诊，四川大学帮扶县中医医院。",
            {"县中医医院"},
            {"北京中医药大学", "四川大学"},
        ),
    ],
)
def test_hospital_named_after_a_university(
    process_text, text: str, hospitals: set[str], organizations: set[str]
) -> None:
    result = process_text(text)
    assert names_of(result, "Hospital") == hospitals
    assert names_of(result, "Organization") == organizations


def test_hospital_english_names_affiliated_and_short_forms(process_text) -> None:
    """ "X Hospital Affiliated to Y University" is one name; "the First Affiliated
    Hospital" after the full name is that hospital."""
    result = process_text(
        "A team from the First Affiliated Hospital of Guangxi University of Chinese Medicine "
        "held clinics. The First Affiliated Hospital has stationed 26 doctors. Ruikang "
        "Hospital Affiliated to Guangxi University of Chinese Medicine helps Longzhou County "
        "Hospital of Traditional Chinese Medicine."
    )
    assert names_of(result, "Hospital") == {
        "First Affiliated Hospital of Guangxi University of Chinese Medicine",
        "Ruikang Hospital Affiliated to Guangxi University of Chinese Medicine",
        "Longzhou County Hospital of Traditional Chinese Medicine",
    }
    assert (
        "Ruikang Hospital Affiliated to Guangxi University of Chinese Medicine",
        "Longzhou County Hospital of Traditional Chinese Medicine",
    ) in relations_of(result, "assists")


def test_hospital_role_name_joins_the_facility_of_the_same_prefecture(process_text) -> None:
    """州中医医院 in a 楚雄彝族自治州 document is the 楚雄州中医医院 it names."""
    text = (
        "楚雄彝族自治州2024年中医药工作要点\n\n"
        "楚雄州中医医院长期对口帮扶禄丰市中医医院。州中医医院将新增专科3个。"
    )
    result = process_text(text)
    assert names_of(result, "Hospital") == {"楚雄州中医医院", "禄丰市中医医院"}
    hospital = next(e for e in result.entities.values() if e.name == "楚雄州中医医院")
    assert "州中医医院" in hospital.aliases


def test_facility_in_a_place_and_a_second_name(process_text) -> None:
    text = (
        "Liaoning Provincial Hospital of Traditional Chinese Medicine, also known as the "
        "Affiliated Hospital of Liaoning University of Traditional Chinese Medicine, signed "
        "agreements. Members include Kangping County Hospital of TCM and Faku County Hospital "
        "of TCM in Shenyang, and Xinbin County Hospital of TCM in Fushun. Guan Xueqin, "
        "president of the provincial hospital, spoke."
    )
    result = process_text(text)
    assert "Affiliated Hospital of Liaoning University of Traditional Chinese Medicine" not in (
        names_of(result, "Hospital")
    )
    located = relations_of(result, "locatedIn")
    assert {
        ("Kangping County Hospital of TCM", "Shenyang"),
        ("Faku County Hospital of TCM", "Shenyang"),
        ("Xinbin County Hospital of TCM", "Fushun"),
    } <= located
    assert ("Kangping County Hospital of TCM", "Fushun") not in located
    assert relations_of(result, "memberOf") == {
        ("Guan Xueqin", "Liaoning Provincial Hospital of Traditional Chinese Medicine")
    }


def test_facility_named_by_a_short_form_of_its_place_is_the_one_named_in_full(process_text) -> None:
    text = (
        "推动乳源瑶族自治县中医医院（以下简称乳源县中医医院）提标。由韶关市中医院对口帮扶乳源县中医医院。"
        "支持恩施土家族苗族自治州民族医院（以下简称州民族医院）创建中心。州民族医院对口帮扶鹤峰县中医医院。"
    )
    result = process_text(text, name="zh.txt")
    assert {"乳源瑶族自治县中医医院", "恩施土家族苗族自治州民族医院"} <= names_of(
        result, "Hospital"
    )
    assert "乳源县中医医院" not in names_of(result, "Hospital")
    assert {
        ("韶关市中医院", "乳源瑶族自治县中医医院"),
        ("恩施土家族苗族自治州民族医院", "鹤峰县中医医院"),
    } <= relations_of(result, "assists")


def test_facility_an_academys_affiliated_hospital_is_one_name(process_text) -> None:
    result = process_text(
        "The Tianjin Academy of Traditional Chinese Medicine Affiliated Hospital has helped "
        "the Lintan County Hospital of Traditional Chinese Medicine."
    )
    assert "Tianjin Academy of Traditional Chinese Medicine Affiliated Hospital" in names_of(
        result, "Hospital"
    )
    assert "Tianjin Academy of Traditional Chinese Medicine" in names_of(result, "Organization")
