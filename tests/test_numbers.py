from decimal import Decimal

import pytest

from kg.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22,500", "22500"),
        ("0.55", "0.55"),
        ("1.058 billion", "1058000000"),
        ("3 million", "3000000"),
        ("1.2万", "12000"),
        ("3亿", "300000000"),
        ("三十五", "35"),
        ("一百零八", "108"),
        ("两千", "2000"),
        ("三千五百万", "35000000"),
        ("十", "10"),
        ("Twenty", "20"),
        ("Eight", "8"),
        ("twenty-five", "25"),
        ("three hundred", "300"),
    ],
)
def test_numbers_parse_written_forms(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["十四五", "百", "千万", "二〇二三", "many", ""])
def test_numbers_reject_names_and_words(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The county has 48 clinics and 1,350 beds.", ["48", "1350"]),
        ("Forty-two centres opened; the Five-Year Plan began.", ["42"]),
        ("全县共有卫生院17所，床位1.5万张。", ["17", "15000"]),
        ("培训乡村医生三十名", ["30"]),
    ],
)
def test_numbers_find_in_running_text(text, expected):
    assert [str(n.value) for n in find_numbers(text)] == expected
