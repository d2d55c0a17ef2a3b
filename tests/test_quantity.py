from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kg.extractors import ExtractionContext
from kg.extractors.quantity import extract_quantities
from kg.model import DocumentInfo, Findings, Mention, SourceDocument
from kg.nlp import load_pipeline

NEWS = "Xinhua reporter Li Ming: "
ZH_NEWS = "本报记者 王华 "
ZH_PLAN = "2024年中医药工作要点"


def read_quantities(text, lang, *, title=None, published=None, place=None):
    info = DocumentInfo(lang=lang, title=title, date=published, place=place)
    source = SourceDocument(Path("doc.txt"), text, "sha256:00", "utf-8")
    context = ExtractionContext(source=source, info=info, findings=Findings())
    return list(extract_quantities(load_pipeline(lang)(text), context))


def summarise(quantities):
    rows = ((q.type, q.value, q.unit, q.comparator, q.year) for q in quantities)
    return sorted(rows, key=by_value)


def by_value(row):
    return row[0], Decimal(str(row[1])), row[2], row[3]


@pytest.mark.parametrize(
    ("text", "title", "published", "expected"),
    [
        (
            NEWS
            + "As of the end of 2021, there were 4,500 licensed TCM practitioners in the city.",
            None,
            date(2022, 3, 1),
            [("Statistic", 4500, "practitioners", "=", 2021)],
        ),
        (
            NEWS + "The province now has 96 county-level TCM hospitals with 18,400 beds.",
            None,
            date(2022, 3, 1),
            [("Statistic", 96, "hospitals", "=", 2022), ("Statistic", 18400, "beds", "=", 2022)],
        ),
        (
            NEWS + "In 2019, TCM hospitals received 2.3 million outpatient visits.",
            None,
            date(2020, 1, 9),
            [("Statistic", 2300000, "visits", "=", 2019)],
        ),
        (
            NEWS + "Twelve rural clinics were upgraded and more than 300 people were trained.",
            None,
            None,
            [("Statistic", 12, "clinics", "=", None), ("Statistic", 300, "people", ">=", None)],
        ),
        (
            NEWS + "Village doctors must serve for not less than 5 years after graduation.",
            None,
            date(2021, 6, 1),
            [("Target", 5, "years", ">=", None)],
        ),
        (
            "By 2025, every county will have at least 2 TCM hospitals, with 0.7 beds in public "
            "TCM hospitals per 1,000 population.",
            "Qingdao Plan for TCM (2021-2025)",
            date(2021, 5, 1),
            [
                ("Target", 2, "hospitals", ">=", 2025),
                ("Target", Decimal("0.7"), "beds per 1,000 population", "=", 2025),
            ],
        ),
        (
            "The city will build a provincial TCM inheritance studio and 3 municipal TCM "
            "inheritance studios.",
            "Implementation Plan on TCM Inheritance (2022-2024)",
            date(2022, 1, 1),
            [("Target", 3, "studios", "=", 2024), ("Target", 1, "studios", "=", 2024)],
        ),
        (
            "The coverage rate of TCM services in village clinics should reach 85% by 2024.",
            "Work Plan",
            date(2022, 1, 1),
            [("Target", 85, "%", "=", 2024)],
        ),
        (
            NEWS + "The next step is to achieve full coverage of TCM halls in township hospitals.",
            None,
            date(2023, 1, 1),
            [("Target", 100, "%", "=", None)],
        ),
        (
            NEWS + "Last year 64% of community health stations offered acupuncture.",
            None,
            date(2023, 1, 1),
            [("Statistic", 64, "%", "=", 2022)],
        ),
        (
            "Each district shall set up 10-15 TCM outpatient rooms.",
            "Work Plan",
            date(2023, 1, 1),
            [("Target", 15, "rooms", "<=", None), ("Target", 10, "rooms", ">=", None)],
        ),
        # a count whose subject names what is counted, from one year's value to another's
        (
            NEWS + "Outpatient visits to county hospitals rose from 1.92 million in 2021 "
            "to 2.47 million in 2023. The hospital handled 3,100 upward referrals in 2023.",
            None,
            date(2024, 9, 1),
            [
                ("Statistic", 1920000, "visits", "=", 2021),
                ("Statistic", 2470000, "visits", "=", 2023),
                ("Statistic", 3100, "referrals", "=", 2023),
            ],
        ),
        # "would expand" and "will be raised" in a news report look ahead
        (
            NEWS + "Zhang said the consortium would expand to more than 30 member hospitals "
            "by the end of next year.",
            None,
            date(2024, 9, 1),
            [("Target", 30, "hospitals", ">=", 2025)],
        ),
    ],
)
def test_quantity_reads_english_targets_and_statistics(text, title, published, expected):
    found = summarise(read_quantities(text, "en", title=title, published=published))
    assert found == sorted(expected, key=by_value)


@pytest.mark.parametrize(
    ("text", "title", "published", "expected"),
    [
        (
            ZH_NEWS + "截至2022年底，全省共有中医医院128家，床位2.1万张，中医执业医师三千五百名。",
            None,
            date(2023, 1, 5),
            [
                ("Statistic", 128, "家", "=", 2022),
                ("Statistic", 21000, "张", "=", 2022),
                ("Statistic", 3500, "名", "=", 2022),
            ],
        ),
        (
            ZH_NEWS + "今年，全市累计开展中医药培训1200人次。",
            None,
            date(2023, 8, 1),
            [("Statistic", 1200, "人次", "=", 2023)],
        ),
        (
            "到2025年，全市三级中医医院达到3所以上。",
            "某市中医药发展规划（2021—2025年）",
            date(2021, 3, 1),
            [("Target", 3, "所", ">=", 2025)],
        ),
        (
            "确保家庭医生签约服务率和中医药健康管理率分别达到60%和70%。",
            ZH_PLAN,
            date(2024, 2, 1),
            [("Target", 60, "%", "=", 2024), ("Target", 70, "%", "=", 2024)],
        ),
        (
            "每个乡镇卫生院能够开展8类12项以上中医适宜技术。",
            ZH_PLAN,
            date(2024, 2, 1),
            [("Target", 8, "类", ">=", 2024), ("Target", 12, "项", ">=", 2024)],
        ),
        (
            "每年举办中医药文化宣传活动不少于2次，医保支付比例不超过70%。",
            ZH_PLAN,
            date(2024, 2, 1),
            [("Target", 2, "次", ">=", 2024), ("Target", 70, "%", "<=", 2024)],
        ),
        (
            ZH_NEWS + "村卫生室一般诊疗费定额为每天10元，最高支付限额300元。",
            None,
            date(2022, 9, 1),
            [("Statistic", 10, "元/天", "=", 2022), ("Statistic", 300, "元", "<=", 2022)],
        ),
        (
            ZH_NEWS + "目前全县实现社区卫生服务站中医药服务全覆盖。",
            None,
            date(2022, 9, 1),
            [("Statistic", 100, "%", "=", 2022)],
        ),
        (
            "新建3至5个中医药特色街区，百分之九十的社区卫生服务中心设置中医馆。",
            ZH_PLAN,
            date(2024, 2, 1),
            [
                ("Target", 5, "个", "<=", 2024),
                ("Target", 3, "个", ">=", 2024),
                ("Target", 90, "%", "=", 2024),
            ],
        ),
        (
            "全市中医药总收入达到1.2亿元。",
            ZH_PLAN,
            date(2024, 2, 1),
            [("Target", 120000000, "元", "=", 2024)],
        ),
        # the subject names the unit the number leaves out
        (
            ZH_NEWS + "去年全市总诊疗人次达到738.6万，同比增长5%。",
            None,
            date(2024, 2, 1),
            [("Statistic", 7386000, "人次", "=", 2023), ("Statistic", 5, "%", "=", 2023)],
        ),
        # a verb in the perfective (建立了) states a fact, even in a plan's genre
        (
            "她带领团队建立了12项诊疗规范，培养本地骨干医师7名。",
            ZH_PLAN,
            date(2024, 2, 1),
            [("Statistic", 12, "项", "=", 2024), ("Statistic", 7, "名", "=", 2024)],
        ),
        # tenths (三成) as a percentage, but not 成 opening a word (成立, 一成不变)
        (
            ZH_NEWS + "去年转外患者下降了三成以上，诊所成立了，价格一成不变。",
            None,
            date(2024, 2, 1),
            [("Statistic", 30, "%", ">=", 2023)],
        ),
        # a plan's "over three years" is a goal, though 累计 also tallies the past
        (
            "三年累计培训护理员1500人次，培养保健师300名。",
            ZH_PLAN,
            date(2024, 2, 1),
            [("Target", 1500, "人次", "=", 2024), ("Target", 300, "名", "=", 2024)],
        ),
        # "2021年至2024年" is a period counted, not a deadline: its tallies are facts
        (
            ZH_NEWS + "2021年至2024年，北京累计派驻专家136人次。",
            None,
            date(2024, 12, 2),
            [("Statistic", 136, "人次", "=", 2024)],
        ),
        # doses of herbal pieces (帖)
        (
            ZH_NEWS + "2024年共调剂中药饮片38.6万帖。",
            None,
            date(2025, 1, 16),
            [("Statistic", 386000, "帖", "=", 2024)],
        ),
        # 两 counts what its clause has just listed, and nothing else
        (
            ZH_NEWS + "去年建成脑病、针灸两个区域诊疗中心。两家卫生院增长了20%，推进两岸交流。",
            None,
            date(2024, 2, 1),
            [("Statistic", 2, "个", "=", 2023), ("Statistic", 20, "%", "=", 2023)],
        ),
    ],
)
def test_quantity_reads_chinese_targets_and_statistics(text, title, published, expected):
    found = summarise(read_quantities(text, "zh", title=title, published=published))
    assert found == sorted(expected, key=by_value)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (NEWS + "On the 3rd, delegates studied the spirit of the 20th National Congress.", "en"),
        (NEWS + "The plan follows GF (2019) No. 43 and the Outline (2016-2030).", "en"),
        (NEWS + "The commission deployed work in five aspects and three major projects.", "en"),
        (
            NEWS + "Since 2015 the Thirteenth Five-Year Plan guided the work. Tel: 0411-83612345.",
            "en",
        ),
        ("1. Improve the TCM service network.\n2. Strengthen personnel training.", "en"),
        ("贯彻党的二十届三中全会和省委十二届二次全会精神，落实国发〔2019〕43号文件。", "zh"),
        ("启动第四届名中医评选，实施“十四五”规划和“八大工程”，推进“五进”活动。", "zh"),
        ("做好65岁以上老年人和0-36个月儿童健康管理，实施三级联动，培养一批人才。", "zh"),
        ("（十二）加强监管。打通服务“最后一公里”。联系电话：0371-87579262。", "zh"),
        ("发布时间：2024年11月22日 09:31:06 豫ICP备18015758号-11", "zh"),
    ],
)
def test_quantity_ignores_dates_codes_ordinals_and_structure(text, lang):
    assert read_quantities(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "evidence"),
    [
        ("The county has 23 TCM clinics.", "en", "23 TCM clinics"),
        ("面向群众开展义诊活动不少于4次。", "zh", "不少于4次"),
        ("定额标准为每天60元。", "zh", "每天60元"),
    ],
)
def test_quantity_evidence_is_the_span_holding_the_number(text, lang, evidence):
    (quantity,) = read_quantities(text, lang)
    assert quantity.evidence == evidence == text[quantity.start : quantity.end]


def test_quantity_place_defaults_to_the_document_jurisdiction():
    (quantity,) = read_quantities(
        "全区建成中医阁15个。", "zh", title="2023年工作要点", place="某市某区"
    )
    assert quantity.place == "某市某区"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            ZH_NEWS + "目前已收集整理民间单方340余个，另有40多名专家、200多个社区参与。",
            [
                ("Statistic", 40, "名", ">=", 2024),
                ("Statistic", 200, "个", ">=", 2024),
                ("Statistic", 340, "个", ">=", 2024),
            ],
        ),
        (
            ZH_NEWS + "义诊点开设以来，每周接诊量从15余人次增加到80余人次。",
            [("Statistic", 15, "人次", ">=", 2024), ("Statistic", 80, "人次", ">=", 2024)],
        ),
        (
            ZH_NEWS + "目前项目已投入1000余万元。",
            [("Statistic", 10000000, "元", ">=", 2024)],
        ),
        (ZH_NEWS + "他行医30余年，擅长针灸。", []),
    ],
)
def test_quantity_chinese_approximation_before_the_unit(text, expected):
    found = summarise(read_quantities(text, "zh", published=date(2024, 5, 1)))
    assert found == sorted(expected, key=by_value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每名医师下乡服务时间不少于3个月。", [("Target", 3, "个月", ">=", 2024)]),
        ("进修时间最多9个月。", [("Target", 9, "个月", "<=", 2024)]),
        ("做好6个月以下婴儿和0-24个月儿童中医药健康管理。", []),
        ("培训为期4个月。", []),
    ],
)
def test_quantity_chinese_months_count_after_a_comparator(text, expected):
    found = summarise(read_quantities(text, "zh", title=ZH_PLAN, published=date(2024, 2, 1)))
    assert found == sorted(expected, key=by_value)


@pytest.mark.parametrize(
    ("body", "expected_hundreds"),
    [
        # the headline's 100 % and an unrelated later one are two quantities
        ("目前，全县乡镇卫生院均已建成中医馆。下一步，将实现二级以上综合医院中医科全覆盖。", 2),
        # the headline's figure stated again below is one
        ("目前，全县已实现乡镇卫生院中医馆全覆盖。", 1),
    ],
)
def test_quantity_headline_repeat_needs_a_similar_indicator(body, expected_hundreds):
    title = "全县实现乡镇卫生院中医馆全覆盖"
    text = f"{title}\n{ZH_NEWS}{body}"
    found = read_quantities(text, "zh", title=title, published=date(2024, 5, 1))
    assert [q.value for q in found].count(100) == expected_hundreds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "By 2026, TCM beds per 10,000 residents will reach 8.5, and registered TCM "
            "pharmacists per 1,000 residents will be no less than 0.3.",
            [
                ("Target", Decimal("0.3"), "pharmacists per 1,000 residents", ">=", 2026),
                ("Target", Decimal("8.5"), "beds per 10,000 residents", "=", 2026),
            ],
        ),
        (
            "Open TCM clinics in no fewer than 8 tertiary or above general hospitals, and "
            "teach five or more acupuncture techniques in each clinic.",
            [("Target", 5, "techniques", ">=", None), ("Target", 8, "hospitals", ">=", None)],
        ),
        (
            NEWS + "The college enrolled 1,480 undergraduates last year.",
            [("Statistic", 1480, "undergraduates", "=", 2023)],
        ),
    ],
)
def test_quantity_english_rates_and_comparators_before_the_noun(text, expected):
    found = summarise(read_quantities(text, "en", title="Work Plan", published=date(2024, 2, 1)))
    assert found == sorted(expected, key=by_value)


@pytest.mark.parametrize(
    "text",
    [
        NEWS
        + "The county backs the Nine Dragons Herbal Training Program in the Nine Dragons area.",
        NEWS + "Students of Jiangbei Five Rivers University visited the clinic.",
        "By Wang Lei | Daily News | Updated: 2023-11-05 09:15\n\nHenan province news",
    ],
)
def test_quantity_ignores_number_words_in_names_and_clock_times(text):
    assert read_quantities(text, "en") == []


def test_quantity_ignores_numbers_inside_names_found_earlier():
    text = "The city will carry out the 100 Villages Health Project."
    name = "100 Villages Health Project"
    start = text.index(name)
    programme = Mention("Programme", start, start + len(name), name)
    info = DocumentInfo(lang="en", title="Work Plan")
    source = SourceDocument(Path("doc.txt"), text, "sha256:00", "utf-8")
    context = ExtractionContext(source=source, info=info, findings=Findings(mentions=[programme]))
    assert list(extract_quantities(load_pipeline("en")(text), context)) == []
    assert read_quantities(text, "en", title="Work Plan") != []  # without the name, it counts


@pytest.mark.parametrize(
    ("name", "text", "unit"),
    [
        ("zh.txt", "某市2024年中医药工作情况\n\n2024年，全市新建业务用房3.5万平方米。", "平方米"),
        (
            "en.txt",
            "TCM in Gansu, 2024\n\nIn 2024 the city built 35,000 square metres of clinics.",
            "square metres",
        ),
    ],
)
def test_quantity_areas_are_counted(process_text, name: str, text: str, unit: str) -> None:
    quantities = process_text(text, name=name).findings.quantities
    assert [(q.value, q.unit) for q in quantities] == [(Decimal(35000), unit)]
