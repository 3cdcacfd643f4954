from decimal import Decimal as D

import pytest

from nianbao.aggregation.narrative import change, number, sentence, share
from nianbao.indicators.catalog import load_catalog

SPECS = load_catalog("2023", "higher").indicators


@pytest.mark.parametrize(
    ("code", "now", "before", "expected"),
    [
        ("graduates", D(1100), D(1000), "比上年增长 10.00%"),
        ("graduates", D(900), D(1000), "比上年下降 10.00%"),
        ("graduates", D(1000), D(1000), "与上年持平"),
        ("student_satisfaction", D("90.50"), D("90.00"), "比上年提高 0.50 个百分点"),
        ("student_satisfaction", D("89.00"), D("90.25"), "比上年下降 1.25 个百分点"),
        ("graduates", D(1000), None, None),
        ("graduates", None, D(1000), None),
        ("graduates", D(10), D(0), None),
    ],
)
def test_change_words_are_computed_from_the_numbers(code, now, before, expected):
    assert change(now, before, SPECS[code]) == expected


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("graduates", D(120837), "120,837 人"),
        ("student_satisfaction", D("85.149"), "85.15%"),
        ("student_teacher_ratio", D("21.578"), "21.58:1"),
        ("graduates", None, None),
    ],
)
def test_numbers_carry_their_units(code, value, expected):
    assert number(value, SPECS[code]) == expected


def test_a_sentence_with_a_missing_part_is_left_out():
    assert sentence("在校生 {n}，{c}。", n="100 人", c=None) is None
    assert sentence("在校生 {n}。", n="100 人") == "在校生 100 人。"
    assert share(D(25), D(100)) == "占 25.00%"
    assert share(D(25), D(0)) is None
