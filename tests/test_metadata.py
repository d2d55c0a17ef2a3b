"""The document record: who published a news item, read from its source line or
dateline, and kept apart from the places the text names."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import names_of, relations_of

from kg.metadata import read_document_info


@pytest.mark.parametrize(
    "head",
    [
        "Doctors bring skills to border counties\n\nSource: Xinhua | 2025-05-20 19:06 | Editor: Li\n",
        "Doctors bring skills to border counties\n\nNANNING, May 20 (Xinhua) -- Doctors came.\n",
    ],
)
def test_metadata_english_source_line_and_dateline_name_the_publisher(head: str) -> None:
    assert read_document_info(head, "en").publisher == "Xinhua"


def test_metadata_the_publisher_is_no_place_though_a_district_shares_its_name(
    process_text,
) -> None:
    result = process_text(
        "Doctors bring skills to border counties\n\nSource: Xinhua | 2025-05-20\n\n"
        "NANNING, May 20 (Xinhua) -- Doctors from Nanning visited Napo County.\n"
    )
    assert names_of(result, "Place") == {"Nanning", "Napo County"}


@pytest.mark.parametrize(
    ("tail", "expected"),
    [("22 April 2025", date(2025, 4, 22)), ("April 22, 2025", date(2025, 4, 22))],
)
def test_metadata_english_signature_dates_either_way_round(tail: str, expected: date) -> None:
    text = (
        "Notice on Training Village Doctors\n\nTrain 500 village doctors by 2026.\n\n"
        f"Health Commission of Ningxia Hui Autonomous Region\n{tail}\n"
    )
    assert read_document_info(text, "en").date == expected


@pytest.mark.parametrize(
    ("publisher", "place"),
    [
        ("Health Commission of Ningxia Hui Autonomous Region", "Ningxia"),
        ("Health Commission of Inner Mongolia Autonomous Region", "Inner Mongolia"),
        ("People's Government of Hubei Province", "Hubei"),
    ],
)
def test_metadata_english_place_from_the_body_of_a_jurisdiction(publisher: str, place: str) -> None:
    text = f"{publisher}\n\nNotice on Training Village Doctors\n\nTrain 500 doctors.\n"
    assert read_document_info(text, "en").place == place


def test_metadata_bodies_signing_above_a_date_issue_jointly(process_text) -> None:
    text = (
        "Notice on Issuing the Yunnan Plan for TCM (2024-2027)\n\n"
        "The Yunnan Plan for TCM (2024-2027) is hereby issued to you.\n\n"
        "Yunnan Provincial Health Commission\n"
        "Yunnan Provincial Department of Finance\n\n"
        "April 22, 2024\n\n"
        "Yunnan Plan for TCM (2024-2027)\n\n"
        "1. Strengthen TCM hospitals. (Responsible units: Provincial Health Commission)\n"
    )
    issued = relations_of(process_text(text), "issuedBy")
    assert {
        ("Yunnan Plan for TCM (2024-2027)", "Yunnan Provincial Health Commission"),
        ("Yunnan Plan for TCM (2024-2027)", "Yunnan Provincial Department of Finance"),
    } <= issued
