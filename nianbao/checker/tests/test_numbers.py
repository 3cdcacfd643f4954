import pytest

from nianbao.checker.numbers import find_numbers, normalize_text, parse_cell

CASES = [
    # text, [(as written, base value, base unit)]
    ("占专任教师总数的41.20%", [("41.20%", 41.2, "%")]),
    ("专任教师４３００人，教职工5,120人", [("4300人", 4300, "人"), ("5,120人", 5120, "人")]),
    ("在校生3.52万人", [("3.52万人", 35200, "人")]),
    ("到款额12.5 万元", [("12.5 万元", 125000, "元")]),
    ("投入1.2亿元", [("1.2亿元", 120000000, "元")]),
    ("提高2.1个百分点", [("2.1个百分点", 2.1, "pp")]),
    ("2023年9月1日，见图4-2和表 2-1", []),
    ("2021-2023年开展1+X证书试点，5G基站", []),
    ("第3名，依据1.2.3节", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_numbers_are_found_with_unit_and_base_value(text, expected):
    found = find_numbers(normalize_text(text))
    assert [(n.text, n.unit) for n in found] == [(t, u) for t, _, u in expected]
    for n, (_, value, _) in zip(found, expected, strict=True):
        assert n.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "tolerance"), [("41.20%", 0.005), ("3.52万人", 50), ("4300人", 0.5), ("1.2亿元", 5e6)]
)
def test_tolerance_follows_the_decimals_written(text, tolerance):
    assert find_numbers(text)[0].tolerance == pytest.approx(tolerance)


@pytest.mark.parametrize(
    ("cell", "unit", "value", "base"),
    [
        ("1,234.5", "万元", 12345000, "元"),
        ("69.56", "%", 69.56, "%"),
        ("8339", "元/生", 8339, "元/生"),
    ],
)
def test_table_cells_take_the_row_unit(cell, unit, value, base):
    num = parse_cell(cell, unit)
    assert num is not None and num.value == pytest.approx(value) and num.unit == base


def test_text_cells_are_not_numbers():
    assert parse_cell("网络问卷调查") is None
