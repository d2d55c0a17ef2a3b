"""The document record: who published a news item, read from its source line or
dateline, and kept apart from the places the text names."""

from __future__ import annotations

import pytest
from conftest import names_of

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
