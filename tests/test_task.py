"""Tasks and their lead and responsible agencies, from responsibility lists."""

from __future__ import annotations

from conftest import names_of, relations_of

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
