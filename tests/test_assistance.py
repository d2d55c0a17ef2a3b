"""assists: English aid verbs with auxiliaries, a helper's locative, and teams sent."""

from __future__ import annotations

import pytest
from conftest import relations_of


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "Hunan Provincial Hospital of Traditional Chinese Medicine has dispatched 12 medical "
            "teams to Longshan County Hospital of Traditional Chinese Medicine and Baojing "
            "County Hospital of Traditional Chinese Medicine since 2020.",
            {
                (
                    "Hunan Provincial Hospital of Traditional Chinese Medicine",
                    "Longshan County Hospital of Traditional Chinese Medicine",
                ),
                (
                    "Hunan Provincial Hospital of Traditional Chinese Medicine",
                    "Baojing County Hospital of Traditional Chinese Medicine",
                ),
            },
        ),
        (
            "The Second Affiliated Hospital of Guangxi University of Chinese Medicine in Nanning "
            "will help Mashan County People's Hospital open a rehabilitation ward.",
            {
                (
                    "Second Affiliated Hospital of Guangxi University of Chinese Medicine",
                    "Mashan County People's Hospital",
                )
            },
        ),
        (
            "Liuzhou Hospital of Traditional Chinese Medicine has also stationed five doctors in "
            "Rongshui County Hospital of Traditional Chinese Medicine.",
            {
                (
                    "Liuzhou Hospital of Traditional Chinese Medicine",
                    "Rongshui County Hospital of Traditional Chinese Medicine",
                )
            },
        ),
        (
            "Yulin Hospital of Traditional Chinese Medicine shall assist Bobai County Hospital of "
            "Traditional Chinese Medicine in training nurses.",
            {
                (
                    "Yulin Hospital of Traditional Chinese Medicine",
                    "Bobai County Hospital of Traditional Chinese Medicine",
                )
            },
        ),
        # base forms, a time between staff and "to", a relative clause, and a second
        # helper that opens its own clause rather than continuing the first one's list
        (
            "Yulin Hospital of Traditional Chinese Medicine will give counterpart support to "
            "Bobai County Hospital of Traditional Chinese Medicine, and Liuzhou Hospital of "
            "Traditional Chinese Medicine will support Rongshui County Hospital of Traditional "
            "Chinese Medicine. Guilin Hospital of Traditional Chinese Medicine has sent 14 "
            "expert teams since 2021 to Ziyuan County Hospital of Traditional Chinese Medicine. "
            "Wuzhou Hospital of Traditional Chinese Medicine, which is paired with Mengshan "
            "County Hospital of Traditional Chinese Medicine, runs a remote link.",
            {
                (
                    f"{helper} Hospital of Traditional Chinese Medicine",
                    f"{helped} County Hospital of Traditional Chinese Medicine",
                )
                for helper, helped in (
                    ("Yulin", "Bobai"),
                    ("Liuzhou", "Rongshui"),
                    ("Guilin", "Ziyuan"),
                    ("Wuzhou", "Mengshan"),
                )
            },
        ),
        # "is to provide paired support for"
        (
            "Yulin Hospital of Traditional Chinese Medicine is to provide paired support for "
            "Bobai County Hospital of Traditional Chinese Medicine.",
            {
                (
                    "Yulin Hospital of Traditional Chinese Medicine",
                    "Bobai County Hospital of Traditional Chinese Medicine",
                )
            },
        ),
        # a second clause that shares the sentence's subject
        (
            "The Yulin Hospital of Traditional Chinese Medicine will head an alliance of 30 "
            "hospitals, and will send experts to Bobai County Hospital of Traditional Chinese "
            "Medicine.",
            {
                (
                    "Yulin Hospital of Traditional Chinese Medicine",
                    "Bobai County Hospital of Traditional Chinese Medicine",
                )
            },
        ),
        # a description between the helper and its verb; a pair whose verb is left out
        (
            "The Zhejiang Provincial Hospital of Chinese Medicine, the largest TCM hospital in "
            "Zhejiang, assists the Liangshan Hospital of Integrated Traditional Chinese and Western "
            "Medicine. Ningbo Hospital of Traditional Chinese Medicine has been paired with Butuo "
            "County Hospital of TCM and Wenzhou Hospital of Traditional Chinese Medicine with the "
            "Meigu County Hospital of Traditional Chinese Medicine.",
            {
                (
                    "Zhejiang Provincial Hospital of Chinese Medicine",
                    "Liangshan Hospital of Integrated Traditional Chinese and Western Medicine",
                ),
                ("Ningbo Hospital of Traditional Chinese Medicine", "Butuo County Hospital of TCM"),
                (
                    "Wenzhou Hospital of Traditional Chinese Medicine",
                    "Meigu County Hospital of Traditional Chinese Medicine",
                ),
            },
        ),
        # a short name in brackets before the verb; the next helper's full name ends the list
        (
            "Longhua Hospital of Shanghai (Longhua Hospital) will support Xuhui District and "
            "Minhang District, Shuguang Hospital of Shanghai (Shuguang Hospital) will support "
            "Pudong New Area.",
            {
                ("Longhua Hospital of Shanghai", "Xuhui District"),
                ("Longhua Hospital of Shanghai", "Minhang District"),
                ("Shuguang Hospital of Shanghai", "Pudong New Area"),
            },
        ),
        # a pairing named by a noun, helper first
        (
            "Under the pairing between Beijing and Yushu Tibetan Autonomous Prefecture, "
            "Beijing Hospital of Traditional Chinese Medicine has sent 14 expert teams to Yushu.",
            {
                ("Beijing", "Yushu Tibetan Autonomous Prefecture"),
                ("Beijing Hospital of Traditional Chinese Medicine", "Yushu"),
            },
        ),
    ],
)
def test_assistance_english_verbs_with_auxiliaries(
    process_text, text: str, pairs: set[tuple[str, str]]
) -> None:
    assert relations_of(process_text(text), "assists") == pairs


@pytest.mark.parametrize(
    "text",
    [
        # a place after "in" says where unnamed hospitals are: it helps no one
        "Hospitals in Nanning have helped Mashan County People's Hospital train nurses.",
        # passive: the helped party comes first, the verb is not followed by a party
        "Bobai County Hospital of Traditional Chinese Medicine was assisted by Yulin Hospital "
        "of Traditional Chinese Medicine.",
        # staff sent to a meeting place, not to a facility or area named as a party
        "Yulin Hospital of Traditional Chinese Medicine has sent 3 doctors to the conference.",
    ],
)
def test_assistance_english_needs_helper_before_and_party_after(process_text, text: str) -> None:
    found = relations_of(process_text(text), "assists")
    assert not any(helper in {"Nanning"} for helper, _ in found)
    assert not any(helped.startswith("Yulin") for _, helped in found)
    assert not any("conference" in helped for _, helped in found)


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        # an adverb between the helper and the verb
        (
            "赣州市中医院长期对口帮扶于都县中医院。",
            {("赣州市中医院", "于都县中医院")},
        ),
        # two adverbs in a row
        (
            "抚州市中医院则持续帮扶南城县中医院。",
            {("抚州市中医院", "南城县中医院")},
        ),
        # staff sent, then the verb, and a list of the helped
        (
            "吉安市中医院又选派骨干医师帮扶永新县中医院和遂川县中医院。",
            {("吉安市中医院", "永新县中医院"), ("吉安市中医院", "遂川县中医院")},
        ),
        # the passive with 分别: the two lists pair in order
        (
            "宁都县中医院、兴国县中医院分别由赣州市中医院、江西中医药大学附属医院对口支援。",
            {("赣州市中医院", "宁都县中医院"), ("江西中医药大学附属医院", "兴国县中医院")},
        ),
        # the passive without 分别: each helper aids each helped
        (
            "宁都县中医院、兴国县中医院由赣州市中医院对口支援。",
            {("赣州市中医院", "宁都县中医院"), ("赣州市中医院", "兴国县中医院")},
        ),
        # 对 B 开展…帮扶; 由 introducing the helper of an active verb; 结成协作医院
        (
            "赣州市中医院对宁都县中医院开展“院包科”帮扶，由赣州市中医院针灸科整体托管"
            "宁都县中医院康复科。吉安市中医院与兴国县中医院结成协作医院。",
            {
                ("赣州市中医院", "宁都县中医院"),
                ("赣州市中医院针灸科", "宁都县中医院康复科"),
                ("吉安市中医院", "兴国县中医院"),
            },
        ),
        # 对 a list of the helped, 实行 the aid
        (
            "赣州市中医院对宁都县中医院、兴国县中医院实行“院包院”帮扶。",
            {("赣州市中医院", "宁都县中医院"), ("赣州市中医院", "兴国县中医院")},
        ),
        # 分别 with lists of different lengths pairs nothing
        (
            "宁都县中医院、兴国县中医院、于都县中医院分别由赣州市中医院、吉安市中医院对口支援。",
            set(),
        ),
        # pairs listed before one agreement, each helper with its own partner
        (
            "北京市中医医院与通辽市蒙医医院、北京市东城区中医医院与库伦旗蒙医医院分别续签了对口帮扶协议。",
            {("北京市中医医院", "通辽市蒙医医院"), ("北京市东城区中医医院", "库伦旗蒙医医院")},
        ),
        # a pairing named by a noun puts the helper first; the next clause's agreement
        # is its own parties'
        (
            "在渝北区与巫溪县对口协同发展机制下，重庆市渝北区中医院与巫溪县中医院结成协作医院。",
            {("渝北区", "巫溪县"), ("重庆市渝北区中医院", "巫溪县中医院")},
        ),
    ],
)
def test_assistance_chinese_adverbs_staff_and_passive(
    process_text, text: str, pairs: set[tuple[str, str]]
) -> None:
    assert relations_of(process_text(text), "assists") == pairs
