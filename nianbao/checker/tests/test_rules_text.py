"""Table-driven rule tests: a snippet of report text and the finding codes it must produce
(an empty list means the snippet is correct and must produce nothing)."""

import pytest

from nianbao.checker.tests.helpers import codes, run

PERCENT = [
    (
        "学校专任教师4300人，其中具有高级职称的2100人，占专任教师总数的41.20%。",
        ["percent.mismatch"],
    ),
    ("学校专任教师4300人，其中具有高级职称的2100人，占专任教师总数的48.84%。", []),
    ("学校专任教师4300人，其中具有高级职称的2100人，占专任教师总数的48.8%。", []),
    ("学校专任教师4300人，其中具有高级职称的2100人，占专任教师总数的49%。", []),
    ("毕业生5000人，其中升学1200人，占比26.00%。", ["percent.mismatch"]),
    ("毕业生5000人，其中升学1200人，占比24.00%。", []),
    ("其中具有高级职称的2100人，占全省4300名专任教师的41.20%。", ["percent.mismatch"]),
    ("其中具有高级职称的2100人，占专任教师总数的41.20%。", []),  # denominator unknown
]
GROWTH = [
    ("全日制在校生12000人，比上年增加1520人，下降3.1%。", ["growth.direction_conflict"]),
    ("全日制在校生12000人，比上年增加1520人，增长14.5%。", []),
    ("全日制在校生12000人，比上年增加1520人，增长18.5%。", ["growth.rate_mismatch"]),
    ("到款额由上年的320.00万元增至400.00万元，增加80.00万元。", []),
    ("到款额由上年的320.00万元增至400.00万元，增加95.00万元。", ["growth.amount_mismatch"]),
    ("到款额由上年的320.00万元下降到400.00万元。", ["growth.direction_mismatch"]),
    ("到款额由320万元增至400万元，增长25%。", []),
    ("到款额由320万元增至400万元，增长30%。", ["growth.rate_mismatch"]),
    ("双师比例由52.10%提高到55.30%，提高3.20个百分点。", []),
    ("双师比例由52.10%提高到55.30%，提高3.20%。", ["growth.points_vs_percent"]),
    ("双师比例由52.10%提高到55.30%，提高2.20个百分点。", ["growth.amount_mismatch"]),
    ("双师比例由52.10%提高到55.30%，提高6.14%。", []),  # a relative change, correctly computed
]
CONSISTENCY = [
    ("学校教职工820人，专任教师600人。\n学校现有专任教师620人。", ["consistency.value_mismatch"]),
    ("学校教职工820人，专任教师600人。\n学校现有专任教师600人。", []),
    ("全日制在校生35200人。\n全日制在校生3.52万人。", []),
    ("全日制在校生36500人。\n全日制在校生3.52万人。", ["consistency.value_mismatch"]),
    ("教职员工总数820人。\n教职工830人。", ["consistency.value_mismatch"]),
    ("专任教师总数600人。\n专任教师规模达600人。", []),
    ("高职：\n专任教师600人。\n中职：\n专任教师900人。", []),  # different levels
    ("2022年专任教师600人。\n2023年专任教师640人。", []),  # different years
    ("专任教师600人，比上年增加40人。", []),
]


@pytest.mark.parametrize(("text", "expected"), PERCENT)
def test_percentages_are_recomputed_from_counts(text, expected):
    assert codes(run(text, "percent")) == expected


@pytest.mark.parametrize(("text", "expected"), GROWTH)
def test_growth_statements_agree_with_their_numbers(text, expected):
    assert codes(run(text, "growth")) == expected


@pytest.mark.parametrize(("text", "expected"), CONSISTENCY)
def test_same_quantity_with_different_values_is_reported(text, expected):
    assert codes(run(text, "consistency")) == expected


def test_percentage_mismatch_is_reported_with_both_values():
    [f] = run("学校专任教师4300人，其中具有高级职称的2100人，占专任教师总数的41.20%。", "percent")
    assert f.severity == "error"
    assert f.values == ("2100人", "4300人", "41.20%")
    assert "48.84%" in f.message


def test_percentage_names_the_denominator_it_matches():
    text = "学校教职工5097人，专任教师4300人。\n其中具有高级职称的2100人，占专任教师总数的41.20%。"
    [f] = run(text, "percent")
    assert "5097人" in f.message


def test_consistency_finding_points_to_the_other_place():
    text = "第一章 人才培养\n学校专任教师600人。\n第二章 发展保障\n学校专任教师620人。\n学校现有专任教师600人。"
    [f] = run(text, "consistency")
    assert f.values == ("620人", "600人")
    assert f.location.path == ("第二章 发展保障",)
    assert "第一章 人才培养 · 第1段" in f.message


def test_data_table_values_are_compared_with_the_text():
    data = {
        "indicators": [{"code": "x", "name": "年财政专项拨款", "unit": "万元", "value": "5000.00"}]
    }
    assert codes(run("学校获得年财政专项拨款5200.00万元。", "data", data=data)) == ["data.mismatch"]
    assert codes(run("学校获得年财政专项拨款5000.00万元。", "data", data=data)) == []
    assert codes(run("学校获得年财政专项拨款0.50亿元。", "data", data=data)) == []
    flat = {"全日制在校生人数": 12000}
    assert codes(run("全日制在校生12500人。", "data", data=flat)) == ["data.mismatch"]
