"""Tasks and their lead and responsible agencies, from responsibility lists."""

from __future__ import annotations

import pytest
from conftest import names_of, relations_of

from kg.extractors._duty_lists import first_listed_leads

ENGLISH_PLAN = """Harbin Plan for Rural Health (2021-2025)

  1. Key tasks
  1. Strengthen county hospitals. Each county shall run one hospital. (Responsible departments: Municipal Health Commission, Municipal Finance Bureau and Municipal Education Bureau, the first listed is the lead department, the same below)
  2. Train rural doctors. Rural doctors receive yearly training. (Responsible departments: Municipal Education Bureau, Municipal Health Commission)
  1. Services for the elderly.

Expand home visits for the elderly. Doctors visit elderly residents at home. (Responsible department: Municipal Civil Affairs Bureau)
  1. Development of health tourism.

The integration of health and tourism resources should be promoted across the city. (Responsible departments: Municipal Tourism Bureau)
  3. Explore new models. The city explores models. Nobody is named here.
"""


def test_task_names_are_item_headings(process_text) -> None:
    tasks = names_of(process_text(ENGLISH_PLAN), "Task")
    assert tasks == {
        "Strengthen county hospitals",
        "Train rural doctors",
        "Expand home visits for the elderly",
        "Development of health tourism",
    }


def test_task_heading_line_becomes_alias_of_imperative_first_sentence(process_text) -> None:
    result = process_text(ENGLISH_PLAN)
    task = next(
        e for e in result.entities.values() if e.name == "Expand home visits for the elderly"
    )
    assert task.aliases == {"Services for the elderly"}


def test_task_first_listed_agency_leads_when_document_says_so(process_text) -> None:
    result = process_text(ENGLISH_PLAN)
    assert relations_of(result, "leadAgency") == {
        ("Strengthen county hospitals", "Municipal Health Commission"),
        ("Train rural doctors", "Municipal Education Bureau"),
        ("Expand home visits for the elderly", "Municipal Civil Affairs Bureau"),
        ("Development of health tourism", "Municipal Tourism Bureau"),
    }
    assert relations_of(result, "responsibleAgency") == {
        ("Strengthen county hospitals", "Municipal Finance Bureau"),
        ("Strengthen county hospitals", "Municipal Education Bureau"),
        ("Train rural doctors", "Municipal Health Commission"),
    }


def test_task_without_lead_convention_lists_all_as_responsible(process_text) -> None:
    text = (
        "  1. Improve drug supply. Supply is improved. "
        "(Responsible departments: Municipal Health Commission, Municipal Finance Bureau)\n"
    )
    result = process_text(text)
    assert relations_of(result, "leadAgency") == set()
    assert len(relations_of(result, "responsibleAgency")) == 2


def test_task_chinese_labelled_lead(process_text) -> None:
    text = (
        "（一）加强中医药人才培养。建立人才培养机制。（国家中医药管理局牵头，教育部、财政部配合）\n"
        "（二）完善服务网络。推进中医馆建设。\n"
    )
    result = process_text(text)
    assert names_of(result, "Task") == {"加强中医药人才培养"}
    assert relations_of(result, "leadAgency") == {("加强中医药人才培养", "国家中医药管理局")}
    assert relations_of(result, "responsibleAgency") == {
        ("加强中医药人才培养", "教育部"),
        ("加强中医药人才培养", "财政部"),
    }


PROSE_PLAN = """Lanzhou Plan for Elderly Care and Chinese Medicine (2025-2027)

  1. Expand home-based TCM care for older people. Districts train family doctors in massage and moxibustion. Led by the Municipal Civil Affairs Bureau, with the Municipal Audit Bureau, the Municipal Statistics Bureau and the district governments assisting.
  2. Promote TCM sports rehabilitation. Parks open tai chi corners. The Municipal Sports Bureau shall take the lead, with the Municipal Culture and Tourism Bureau cooperating.
  3. Hold training sessions for carers. Led by experienced doctors.
  4. Build TCM wards in nursing homes. Division of responsibility: the Municipal Health Commission is the lead unit; the Municipal Finance Bureau and the Municipal Housing Bureau are participating units.
"""


def test_task_prose_lists_name_lead_and_partners(process_text) -> None:
    result = process_text(PROSE_PLAN)
    assert names_of(result, "Task") == {
        "Expand home-based TCM care for older people",
        "Promote TCM sports rehabilitation",
        "Build TCM wards in nursing homes",
    }
    assert relations_of(result, "leadAgency") == {
        ("Expand home-based TCM care for older people", "Municipal Civil Affairs Bureau"),
        ("Promote TCM sports rehabilitation", "Municipal Sports Bureau"),
        ("Build TCM wards in nursing homes", "Municipal Health Commission"),
    }
    assert relations_of(result, "responsibleAgency") == {
        ("Expand home-based TCM care for older people", "Municipal Audit Bureau"),
        ("Expand home-based TCM care for older people", "Municipal Statistics Bureau"),
        ("Promote TCM sports rehabilitation", "Municipal Culture and Tourism Bureau"),
        ("Build TCM wards in nursing homes", "Municipal Finance Bureau"),
        ("Build TCM wards in nursing homes", "Municipal Housing Bureau"),
    }


LABEL_LINES_EN = """Jiangxi Provincial Health Commission: 2025 Work Arrangements

Task 1. Strengthen TCM hospitals.
Hospitals will form a specialty alliance.
Department in charge: Provincial Health Commission
Supporting departments: Provincial Department of Finance; Provincial Department of Education
Time frame: by the end of December 2025

Task 2. Give stronger insurance support to TCM services.
Payments for TCM day wards will rise. The Provincial Medical Security Bureau will take charge, assisted by the Provincial Department of Finance, and the work shall be completed by September 2025.
"""

LABEL_LINES_ZH = """三明市2025年中医药工作方案

（一）做强县级中医医院

支持县级中医医院建设康复中心。

主办单位：市卫健委
协办单位：市财政局、市委编办
完成时限：2027年12月底前

（二）提升基层中医馆服务内涵

实施建设项目。此项工作由市卫健委牵头落实，市工信局负责具体实施，2026年6月底前完成验收。
"""


MORE_FORMS_EN = """Harbin Three-Year Action Plan for TCM (2025-2027)

(1) Build up TCM hospitals. Back the city hospital. (The Municipal Health Commission takes the lead; the Municipal Finance Bureau and the Municipal Audit Bureau act within their remits)

(2) Grow the herbs industry. The Municipal Forestry Bureau and the Municipal Commerce Bureau will share the lead on this task, with support from the Municipal Statistics Bureau.

(3) Train TCM talent. Enrol 60 students a year. (Municipal Education Bureau and Municipal Health Commission, each according to its duties)

(4) Strengthen insurance support. Extend payment by disease type.
Lead unit: Municipal Medical Security Bureau. Cooperating units: Municipal Health Commission; Municipal Audit Bureau.
"""

MORE_FORMS_ZH = """长治市中医药行动计划（2025—2028年）

1．深化城乡中医对口帮扶。组织专家下乡。（责任单位：市卫生健康委、市财政局）

2．发展中药材产业。建设种植基地。由市农业农村局牵头，市林业局、市市场监管局按职责分工落实。

3．加快中医药服务数字化。建设服务平台。由市卫生健康委会同市行政审批服务管理局、市大数据应用局推进实施。

4．完善中医药医保政策。扩大病种数量。市医疗保障局牵头，市财政局配合，2026年6月底前出台细则。
"""


def test_task_more_ways_to_name_the_bodies(process_text) -> None:
    result = process_text(MORE_FORMS_EN)
    assert relations_of(result, "leadAgency") == {
        ("Build up TCM hospitals", "Municipal Health Commission"),
        ("Grow the herbs industry", "Municipal Forestry Bureau"),
        ("Grow the herbs industry", "Municipal Commerce Bureau"),
        ("Strengthen insurance support", "Municipal Medical Security Bureau"),
    }
    assert relations_of(result, "responsibleAgency") == {
        ("Build up TCM hospitals", "Municipal Finance Bureau"),
        ("Build up TCM hospitals", "Municipal Audit Bureau"),
        ("Grow the herbs industry", "Municipal Statistics Bureau"),
        ("Train TCM talent", "Municipal Education Bureau"),
        ("Train TCM talent", "Municipal Health Commission"),
        ("Strengthen insurance support", "Municipal Health Commission"),
        ("Strengthen insurance support", "Municipal Audit Bureau"),
    }
    result = process_text(MORE_FORMS_ZH, name="zh.txt")
    assert relations_of(result, "leadAgency") == {
        ("发展中药材产业", "长治市农业农村局"),
        ("加快中医药服务数字化", "长治市卫生健康委"),
        ("完善中医药医保政策", "长治市医疗保障局"),
    }
    assert relations_of(result, "responsibleAgency") == {
        ("深化城乡中医对口帮扶", "长治市卫生健康委"),
        ("深化城乡中医对口帮扶", "长治市财政局"),
        ("发展中药材产业", "长治市林业局"),
        ("发展中药材产业", "长治市市场监督管理局"),
        ("加快中医药服务数字化", "长治市行政审批服务管理局"),
        ("加快中医药服务数字化", "长治市大数据应用局"),
        ("完善中医药医保政策", "长治市财政局"),
    }


SHARED_DUTIES_EN = """Shanghai Work Plan for Community TCM (2024-2026)

(For each task below, the unit listed first under "Responsible units" is the lead unit.)

1. Upgrade TCM halls. Centres shall finish by 2024. Responsible units: Municipal Health Commission, Municipal Finance Bureau.

2. Expand the TCM workforce. Train backbone physicians. The Municipal Human Resources and Social Security Bureau is responsible, with the Municipal Health Commission and the Municipal Education Commission cooperating.

3. Bring experts into communities. Set up studios. Led by the Municipal Administration of TCM; the Municipal Health Commission and the Municipal Sports Bureau to participate.

4. Improve payment policies. Include techniques in insurance. The Municipal Healthcare Security Administration and the Municipal Health Commission shall be responsible according to their respective duties.
"""


def test_task_shared_duties_and_a_declared_first_lead(process_text) -> None:
    result = process_text(SHARED_DUTIES_EN)
    assert relations_of(result, "leadAgency") == {
        ("Upgrade TCM halls", "Municipal Health Commission"),
        ("Expand the TCM workforce", "Municipal Human Resources and Social Security Bureau"),
        ("Bring experts into communities", "Municipal Administration of TCM"),
    }
    assert relations_of(result, "responsibleAgency") == {
        ("Upgrade TCM halls", "Municipal Finance Bureau"),
        ("Expand the TCM workforce", "Municipal Health Commission"),
        ("Expand the TCM workforce", "Municipal Education Commission"),
        ("Bring experts into communities", "Municipal Health Commission"),
        ("Bring experts into communities", "Municipal Sports Bureau"),
        # a shared duty has no lead, whatever the document says of lists
        ("Improve payment policies", "Municipal Healthcare Security Administration"),
        ("Improve payment policies", "Municipal Health Commission"),
    }


STILL_MORE_FORMS_EN = """Ningxia Implementation Opinions on TCM (2025-2027)

1. Lift county hospitals. Pair each county hospital with a city one.
Responsibility: Regional Health Commission (lead); Regional Department of Finance

2. Revive Hui medicine. Collect 300 prescriptions. The Regional Ethnic Affairs Commission leads this work, with the Regional Department of Science and Technology taking part.

3. Make insurance work for TCM. Pay by disease type. The Regional Medical Security Bureau takes charge of this task and the Regional Health Commission cooperates.

4. Build the workforce. Train 500 village doctors.
(Jointly responsible: Regional Department of Education; Regional Health Commission)

5. Grow local herbs. Plant 1.1 million mu. Both the Regional Forestry Bureau and the Regional Commerce Bureau will lead; the Regional Audit Bureau will assist.
"""

STILL_MORE_FORMS_ZH = """蓟州区中医药实施方案（2025—2027年）

（一）织密医共体中医帮扶网络

推进检查结果互认。

区卫生健康委牵头，各镇人民政府配合落实。

（二）加大中医药医保支持力度。扩大病种范围。此项任务由区医保局牵头，会同区卫生健康委组织实施。

（三）引育并举充实基层人才。定向培养医学生。（区委组织部、区人社局各司其职）

（四）发展山区道地药材产业。建设种植基地。由区农业农村委、区商务局共同牵头，区文化和旅游局参与，推动中药材种植与乡村旅游融合发展。

（五）推进中医药信息化
建设区级平台。
区政务服务办牵头，区财政局配合落实。
"""


def test_task_yet_more_ways_to_name_the_bodies(process_text) -> None:
    result = process_text(STILL_MORE_FORMS_EN)
    assert relations_of(result, "leadAgency") == {
        ("Lift county hospitals", "Regional Health Commission"),
        ("Revive Hui medicine", "Regional Ethnic Affairs Commission"),
        ("Make insurance work for TCM", "Regional Medical Security Bureau"),
        ("Grow local herbs", "Regional Forestry Bureau"),
        ("Grow local herbs", "Regional Commerce Bureau"),
    }
    assert relations_of(result, "responsibleAgency") == {
        ("Lift county hospitals", "Regional Department of Finance"),
        ("Revive Hui medicine", "Regional Department of Science and Technology"),
        ("Make insurance work for TCM", "Regional Health Commission"),
        ("Build the workforce", "Regional Department of Education"),
        ("Build the workforce", "Regional Health Commission"),
        ("Grow local herbs", "Regional Audit Bureau"),
    }
    result = process_text(STILL_MORE_FORMS_ZH, name="zh.txt")
    assert relations_of(result, "leadAgency") == {
        ("织密医共体中医帮扶网络", "蓟州区卫生健康委"),
        ("加大中医药医保支持力度", "蓟州区医疗保障局"),
        ("发展山区道地药材产业", "蓟州区农业农村委"),
        ("发展山区道地药材产业", "蓟州区商务局"),
        ("推进中医药信息化", "蓟州区政务服务办"),
    }
    assert relations_of(result, "responsibleAgency") == {
        ("加大中医药医保支持力度", "蓟州区卫生健康委"),
        ("引育并举充实基层人才", "蓟州区委组织部"),
        ("引育并举充实基层人才", "蓟州区人力资源和社会保障局"),
        ("发展山区道地药材产业", "蓟州区文化和旅游局"),
        ("推进中医药信息化", "蓟州区财政局"),
    }


def test_task_label_lines_under_the_items_text(process_text) -> None:
    """Labels on lines of their own below the item's text name its bodies; "in charge"
    and 主办 mark the lead, as "take charge" does in prose."""
    result = process_text(LABEL_LINES_EN)
    assert names_of(result, "Task") == {
        "Strengthen TCM hospitals",
        "Give stronger insurance support to TCM services",
    }
    assert relations_of(result, "leadAgency") == {
        ("Strengthen TCM hospitals", "Jiangxi Provincial Health Commission"),
        ("Give stronger insurance support to TCM services", "Provincial Medical Security Bureau"),
    }
    assert relations_of(result, "responsibleAgency") == {
        ("Strengthen TCM hospitals", "Provincial Department of Finance"),
        ("Strengthen TCM hospitals", "Provincial Department of Education"),
        ("Give stronger insurance support to TCM services", "Provincial Department of Finance"),
    }
    result = process_text(LABEL_LINES_ZH, name="zh.txt")
    assert names_of(result, "Task") == {"做强县级中医医院", "提升基层中医馆服务内涵"}
    assert relations_of(result, "leadAgency") == {
        ("做强县级中医医院", "三明市卫生健康委"),
        ("提升基层中医馆服务内涵", "三明市卫生健康委"),
    }
    assert relations_of(result, "responsibleAgency") == {
        ("做强县级中医医院", "三明市财政局"),
        ("做强县级中医医院", "三明市委编办"),
        ("提升基层中医馆服务内涵", "三明市工业和信息化局"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Led by the county government, the campaign reached 30 villages last year.\n",
        "The Municipal Sports Bureau takes the lead in organising the marathon.\n",
        "  4. Hold a TCM culture week. Led by retired doctors from the community.\n",
    ],
)
def test_task_prose_without_a_lead_body_or_sentence_end_is_no_list(process_text, text) -> None:
    result = process_text(text)
    assert names_of(result, "Task") == set()
    assert relations_of(result, "leadAgency") == set()


@pytest.mark.parametrize(
    "convention",
    [
        "Where more than one unit is given for a task, the first unit listed is the lead.",
        "When several bodies share a task, the department listed first takes the lead.",
        "The first one listed takes the lead where two or more agencies are named.",
    ],
)
def test_task_first_listed_convention_in_other_words(process_text, convention) -> None:
    text = (
        f"{convention}\n\n"
        "  1. Set up a TCM information platform. Hospitals share records online. "
        "(Responsible units: Municipal Data Bureau, Municipal Science and Technology Bureau)\n"
    )
    assert first_listed_leads(text)
    result = process_text(text)
    assert relations_of(result, "leadAgency") == {
        ("Set up a TCM information platform", "Municipal Data Bureau")
    }
    assert relations_of(result, "responsibleAgency") == {
        ("Set up a TCM information platform", "Municipal Science and Technology Bureau")
    }


@pytest.mark.parametrize(
    "text",
    [
        "The hospital was listed first in the national ranking.",
        "The first department listed in the annex is responsible for funding.",
    ],
)
def test_task_first_listed_convention_needs_the_lead(text) -> None:
    assert not first_listed_leads(text)


def test_task_prose_list_led_by_no_body_adds_no_partners_to_the_item_before(process_text) -> None:
    text = (
        "  1. Set up a TCM information platform. Hospitals share records online. "
        "Led by the Municipal Data Bureau.\n"
        "Led by senior doctors, with the Municipal Audit Bureau participating.\n"
    )
    result = process_text(text)
    assert relations_of(result, "leadAgency") == {
        ("Set up a TCM information platform", "Municipal Data Bureau")
    }
    assert relations_of(result, "responsibleAgency") == set()


LABEL_LINE_PLAN = """（一）推广中医适宜技术。每个社区卫生服务中心能够提供10类以上中医适宜技术。
责任单位：县卫生健康局、县财政局，各乡镇人民政府

（二）发展中医药健康养老服务。支持养老机构设置中医诊室。
牵头单位：县民政局；配合单位：县卫生健康局、县医疗保障局
"""


def test_task_chinese_label_on_a_line_of_its_own(process_text) -> None:
    result = process_text(LABEL_LINE_PLAN)
    assert names_of(result, "Task") == {"推广中医适宜技术", "发展中医药健康养老服务"}
    assert relations_of(result, "leadAgency") == {("发展中医药健康养老服务", "县民政局")}
    assert {
        ("推广中医适宜技术", "县卫生健康局"),
        ("推广中医适宜技术", "县财政局"),
        ("发展中医药健康养老服务", "县卫生健康局"),
        ("发展中医药健康养老服务", "县医疗保障局"),
    } <= relations_of(result, "responsibleAgency")


@pytest.mark.parametrize(
    "partners",
    [
        "县教育局、县体育局按职责分工负责",
        "县教育局、县体育局配合",
        "县教育局及县体育局参与",
        "县教育局、县体育局参与落实",
        "县教育局、县体育局、各乡（镇）人民政府配合",
    ],
)
def test_task_chinese_prose_frame_names_lead_and_partners(process_text, partners) -> None:
    text = (
        "（三）推动中医药文化进校园。每所中小学每学期开设中医药课程不少于2课时。"
        f"由县卫生健康局牵头，{partners}。\n"
    )
    result = process_text(text)
    assert names_of(result, "Task") == {"推动中医药文化进校园"}
    assert relations_of(result, "leadAgency") == {("推动中医药文化进校园", "县卫生健康局")}
    assert relations_of(result, "responsibleAgency") == {
        ("推动中医药文化进校园", "县教育局"),
        ("推动中医药文化进校园", "县体育局"),
    }


def test_task_chinese_prose_frame_led_by_no_body_is_no_list(process_text) -> None:
    text = "（四）开展义诊活动。由村医牵头，志愿者参与。\n"
    assert names_of(process_text(text), "Task") == set()


def test_task_lead_marked_after_its_body_in_a_comma_list(process_text) -> None:
    text = (
        "Implementation Plan for TCM Talent in Gansu Province\n\n"
        "2. Train rural TCM doctors. Train 800 village doctors in TCM by 2027. (Responsible "
        "units: Gansu Provincial Health Commission (leading), Gansu Provincial Department "
        "of Education, Gansu Provincial Department of Finance)\n"
    )
    result = process_text(text)
    assert relations_of(result, "leadAgency") == {
        ("Train rural TCM doctors", "Gansu Provincial Health Commission")
    }
    assert relations_of(result, "responsibleAgency") == {
        ("Train rural TCM doctors", "Gansu Provincial Department of Education"),
        ("Train rural TCM doctors", "Gansu Provincial Department of Finance"),
    }


def test_task_prose_partners_cooperate_according_to_their_duties(process_text) -> None:
    text = (
        "Implementation Plan for TCM Talent in Gansu Province\n\n"
        "3. Expand TCM training bases. Build 12 training bases by 2027. The Gansu "
        "Provincial Department of Education shall take the lead, and the Gansu Provincial "
        "Health Commission shall cooperate according to their respective duties.\n"
    )
    result = process_text(text)
    assert relations_of(result, "leadAgency") == {
        ("Expand TCM training bases", "Gansu Provincial Department of Education")
    }
    assert relations_of(result, "responsibleAgency") == {
        ("Expand TCM training bases", "Gansu Provincial Health Commission")
    }


def test_task_lead_part_ends_at_the_comma_after_qiantou(process_text) -> None:
    text = (
        "黔江区2024年中医药工作要点\n\n"
        "3．深化县域医共体中医药服务。组建中医专科联盟。\n"
        "（由区卫生健康委牵头、区医保局参与）\n\n"
        "4．推进“互联网+中医药”服务。建设数据中心。\n"
        "（由区大数据发展局牵头，区教委、区经济信息委、区人力社保局参与）\n"
    )
    result = process_text(text, name="zh.txt")
    assert relations_of(result, "leadAgency") == {
        ("深化县域医共体中医药服务", "黔江区卫生健康委"),
        ("推进“互联网+中医药”服务", "黔江区大数据发展局"),
    }
    assert relations_of(result, "responsibleAgency") == {
        ("深化县域医共体中医药服务", "黔江区医疗保障局"),
        ("推进“互联网+中医药”服务", "黔江区教委"),
        ("推进“互联网+中医药”服务", "黔江区经济信息委"),
        ("推进“互联网+中医药”服务", "黔江区人力社保局"),
    }


def test_task_led_by_with_partners_and_no_participle(process_text) -> None:
    text = (
        "Yunnan Plan for TCM (2024-2027)\n\n"
        "2. Accelerate ethnic medicine hospitals. Support three hospitals. Led by the "
        "Provincial Administration of TCM, with the Provincial Ethnic and Religious Affairs "
        "Commission and the people's governments of the prefectures concerned.\n\n"
        "5. Cultivate TCM talent. Train 3,000 practitioners. The Provincial Department of "
        "Education shall take the lead, and the Provincial Department of Human Resources and "
        "Social Security and Yunnan University of Chinese Medicine shall cooperate.\n"
    )
    result = process_text(text)
    assert relations_of(result, "leadAgency") == {
        ("Accelerate ethnic medicine hospitals", "Provincial Administration of TCM"),
        ("Cultivate TCM talent", "Provincial Department of Education"),
    }
    assert relations_of(result, "responsibleAgency") == {
        (
            "Accelerate ethnic medicine hospitals",
            "Provincial Ethnic and Religious Affairs Commission",
        ),
        ("Cultivate TCM talent", "Provincial Department of Human Resources and Social Security"),
    }
    assert "Yunnan University of Chinese Medicine" in names_of(result, "Organization")


def test_task_fuze_with_partners_and_a_bracket_of_bodies_alone(process_text) -> None:
    text = (
        "恩施州民族医药三年行动方案（2024—2026年）\n\n"
        "4．开展民族医药资源普查。编纂医药志。由州卫生健康委负责，州民族宗教委、州文化和旅游局配合。\n\n"
        "9．完善人才评价激励机制。单列评审标准。（州委组织部、州人社局，各县市人民政府）\n\n"
        "10．建设重点专科。给予补助（每个专科50万元）。\n"
    )
    result = process_text(text, name="zh.txt")
    assert relations_of(result, "leadAgency") == {("开展民族医药资源普查", "州卫生健康委")}
    assert relations_of(result, "responsibleAgency") == {
        ("开展民族医药资源普查", "州民族宗教委"),
        ("开展民族医药资源普查", "州文化和旅游局"),
        ("完善人才评价激励机制", "州委组织部"),
        ("完善人才评价激励机制", "州人社局"),
    }
    assert "建设重点专科" not in names_of(result, "Task")


def test_task_fujian_forms_of_lead_and_shared_duties(process_text) -> None:
    text = (
        "Fujian Opinions on TCM and Elderly Care\n\n"
        "2. Extending TCM services. Sign agreements. (Responsible units: Provincial Department "
        "of Civil Affairs, Provincial Health Commission, with the first-listed unit taking the "
        "lead)\n\n"
        "3. Developing home TCM care. Visit the elderly. (The Provincial Health Commission "
        "shall take the lead, in conjunction with the Provincial Department of Finance)\n\n"
        "4. Building demonstration bases. Build towns. (Provincial Forestry Bureau and "
        "Provincial Department of Civil Affairs, according to their respective "
        "responsibilities)\n\n"
        "8. Promoting TCM products. Develop products. (Provincial Medical Products "
        "Administration and Provincial Department of Commerce are responsible; the Provincial "
        "Administration for Market Regulation will cooperate)\n\n"
        "5. Improving payment. Pilot payment. (Responsible unit: Provincial Healthcare Security "
        "Administration)\n"
    )
    result = process_text(text)
    assert relations_of(result, "leadAgency") == {
        ("Extending TCM services", "Provincial Department of Civil Affairs"),
        ("Developing home TCM care", "Provincial Health Commission"),
    }
    assert relations_of(result, "responsibleAgency") == {
        ("Extending TCM services", "Provincial Health Commission"),
        ("Developing home TCM care", "Provincial Department of Finance"),
        ("Building demonstration bases", "Provincial Forestry Bureau"),
        ("Building demonstration bases", "Provincial Department of Civil Affairs"),
        ("Promoting TCM products", "Provincial Medical Products Administration"),
        ("Promoting TCM products", "Provincial Department of Commerce"),
        ("Promoting TCM products", "Provincial Administration for Market Regulation"),
        ("Improving payment", "Provincial Healthcare Security Administration"),
    }


def test_task_lead_in_doing_something_and_duties_in_commas(process_text) -> None:
    text = (
        "Hubei Notice on TCM Talent\n\n"
        "1. Strengthen organization. The Provincial Health Commission shall take the lead in "
        "organizing the selection, with the Provincial Department of Education participating "
        "in the whole process.\n\n"
        "4. Guarantee funding. The Provincial Department of Finance and the Provincial Health "
        "Commission shall, according to their respective responsibilities, ensure funds.\n"
    )
    result = process_text(text)
    assert relations_of(result, "leadAgency") == {
        ("Strengthen organization", "Provincial Health Commission")
    }
    assert relations_of(result, "responsibleAgency") == {
        ("Strengthen organization", "Provincial Department of Education"),
        ("Guarantee funding", "Provincial Department of Finance"),
        ("Guarantee funding", "Provincial Health Commission"),
    }


def test_task_a_first_is_lead_note_inside_a_list_marks_no_part_and_takes_the_lead_with(
    process_text,
) -> None:
    zh = (
        "衢州市基层中医药服务能力提升实施方案\n\n"
        "（二）提升县级中医医院综合能力。支持创建三级中医医院。（责任单位：市卫生健康委、市医保局，"
        "各县〔市、区〕政府按职责分工负责，列第一位的为牵头单位，下同）\n"
    )
    result = process_text(zh, name="zh.txt")
    assert relations_of(result, "leadAgency") == {("提升县级中医医院综合能力", "衢州市卫生健康委")}
    en = (
        "Shenzhen Plan for TCM\n\n"
        "5. Improve TCM insurance. Raise the ratio. (Municipal Medical Security Bureau takes the "
        "lead, with the Municipal Health Commission)\n"
    )
    result = process_text(en)
    assert relations_of(result, "leadAgency") == {
        ("Improve TCM insurance", "Municipal Medical Security Bureau")
    }
    assert relations_of(result, "responsibleAgency") == {
        ("Improve TCM insurance", "Municipal Health Commission")
    }
