"""parse_value: what users type into a cell (form, Excel, API) becomes a value or a clear
Chinese error."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nianbao.indicators.catalog import load_catalog, parse_value


@pytest.fixture(scope="module")
def catalog():
    return load_catalog("2023", "higher")


ACCEPTED = [
    ("graduates", "120837", Decimal("120837")),
    ("graduates", " 120837 ", Decimal("120837")),
    ("graduates", "120,837", Decimal("120837")),
    ("graduates", "1,234,567", Decimal("1234567")),
    ("graduates", "１２０８３７", Decimal("120837")),  # full-width digits
    ("graduates", "120837.00", Decimal("120837")),  # Excel-style whole number
    ("graduates", "0", Decimal("0")),
    ("graduates", 120837, Decimal("120837")),
    ("graduates", 120837.0, Decimal("120837")),
    ("graduates", "", None),
    ("graduates", "   ", None),
    ("graduates", None, None),
    ("self_employment_rate", "1.47", Decimal("1.47")),
    ("self_employment_rate", "１．４７", Decimal("1.47")),
    ("self_employment_rate", "100", Decimal("100")),
    ("self_employment_rate", 95.3, Decimal("95.3")),
    ("student_teacher_ratio", "21.58", Decimal("21.58")),
    ("student_teacher_ratio", "21.58:1", Decimal("21.58")),
    ("student_teacher_ratio", "21.58：1", Decimal("21.58")),
    ("special_funding", "199,613.50", Decimal("199613.50")),
    ("monthly_income", "3429.07", Decimal("3429.07")),
    ("non_degree_training_hours", "98112.60", Decimal("98112.60")),
    ("student_satisfaction_method", "网络问卷调查", "网络问卷调查"),
    ("student_satisfaction_method", " 访谈 ", "访谈"),
    ("student_satisfaction_method", "", None),
]


@pytest.mark.parametrize(("code", "raw", "expected"), ACCEPTED)
def test_valid_input_becomes_a_value(catalog, code, raw, expected):
    value = parse_value(catalog[code], raw)
    assert value == expected
    assert type(value) is type(expected)


REFUSED = [
    ("graduates", "无", "没有数据请留空，数量为零请填 0"),
    ("graduates", "/", "没有数据请留空"),
    ("graduates", "-", "没有数据请留空"),
    ("graduates", "——", "没有数据请留空"),
    ("graduates", "120人", "请只填数字，不要带单位或文字（本项单位为“人”）"),
    ("graduates", "12.5", "应为整数"),
    ("graduates", "-3", "不能为负数"),
    ("graduates", "1,23", "千分位分隔符位置不对"),
    ("graduates", "约120", "应填数字"),
    ("graduates", True, "应填数字"),
    ("graduates", float("nan"), "应填数字"),
    ("monthly_income", "3.5万元", "请先把“万元”换算为“元”再填写"),
    ("special_funding", "199613.5元", "本项单位为“万元”"),
    ("self_employment_rate", "95.3%", "填 95.30 即表示 95.30%"),
    ("self_employment_rate", "9530", "应在 0～100 之间"),
    ("self_employment_rate", "9530", "是否少了小数点"),
    ("student_teacher_ratio", "1:21.58", "按“x:1”填写 x"),
    ("internet_bandwidth", "1,500 Mbps", "本项单位为“Mbps”"),
    (
        "student_satisfaction_method",
        "电话",
        "只能选择：网络问卷调查、问卷调查、现场问卷调查、访谈、其他",
    ),
]


@pytest.mark.parametrize(("code", "raw", "message"), REFUSED)
def test_invalid_input_is_refused_with_a_message_naming_the_indicator(catalog, code, raw, message):
    spec = catalog[code]
    with pytest.raises(ValueError) as caught:
        parse_value(spec, raw)
    assert message in str(caught.value)
    assert f"“{spec.name}”" in str(caught.value)
