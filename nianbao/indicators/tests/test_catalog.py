"""Loading catalog files: structure of the 2023 catalogs and every refusal the loader makes."""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

from nianbao.indicators.catalog import (
    INDICATOR_DIR,
    TABLES,
    CatalogError,
    available_catalogs,
    load_catalog,
    load_catalog_file,
)

MINIMAL = """\
edition: "2099"
level: higher
name: 测试目录
tables:
  - code: scorecard
    number: 1
    name: 人才培养质量计分卡
    indicators:
      - code: graduates
        seq: 1
        name: 毕业生人数
        unit: 人
        value_type: count
        aggregate: sum
      - code: graduates_placed
        seq: 2
        name: 毕业去向落实人数
        unit: 人
        value_type: count
        aggregate: sum
        children_sum: subset
        children:
          - code: graduates_further_study
            name: 毕业生升学人数
            unit: 人
            value_type: count
            aggregate: sum
      - code: placement_rate
        seq: 3
        name: 毕业去向落实率
        unit: "%"
        value_type: percent
        aggregate: recompute:graduates_placed / graduates * 100
  - code: satisfaction
    number: 2
    name: 满意度调查
    indicators:
      - code: student_satisfaction
        seq: 1
        name: 在校生满意度
        unit: "%"
        value_type: percent
        survey: true
        aggregate: weighted:student_satisfaction_respondents
"""


def write(tmp_path, text: str, name: str = "higher.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_text(tmp_path, text: str):
    return load_catalog_file(write(tmp_path, text))


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if fragment in line]
    return lines[occurrence - 1]


def test_minimal_catalog_loads_with_children_and_survey_companions(tmp_path):
    catalog = load_text(tmp_path, MINIMAL)
    assert catalog.codes() == (
        "graduates",
        "graduates_placed",
        "graduates_further_study",
        "placement_rate",
        "student_satisfaction",
        "student_satisfaction_respondents",
        "student_satisfaction_method",
    )
    child = catalog["graduates_further_study"]
    assert (child.parent, child.depth, child.seq, child.label) == (
        "graduates_placed",
        1,
        None,
        "其中：毕业生升学人数",
    )
    assert catalog["graduates_placed"].children == ("graduates_further_study",)
    respondents = catalog["student_satisfaction_respondents"]
    assert (respondents.value_type, respondents.unit, respondents.name) == (
        "count",
        "人次",
        "调查人次",
    )
    assert respondents.survey_of == "student_satisfaction"
    method = catalog["student_satisfaction_method"]
    assert method.value_type == "choice"
    assert "网络问卷调查" in method.choices
    assert catalog.table("graduates_placed").code == "scorecard"
    assert catalog.table("satisfaction").number == 2


@pytest.mark.parametrize("level", ["higher", "secondary"])
def test_2023_catalogs_have_the_six_tables_in_appendix_order(level):
    catalog = load_catalog("2023", level)
    assert [(t.code, t.number) for t in catalog.tables] == list(TABLES.items())
    assert all(spec.definition for spec in catalog)


def test_same_meaning_has_the_same_code_in_both_levels():
    higher = load_catalog("2023", "higher")
    secondary = load_catalog("2023", "secondary")
    extra = set(secondary.codes()) - set(higher.codes())
    assert extra == {
        "resource_libraries_school_on_platform",
        "online_quality_courses_school_on_platform",
        "virtual_simulation_bases_school_on_platform",
    }
    assert set(higher.codes()) <= set(secondary.codes())
    for code in higher.codes():
        h, s = higher[code], secondary[code]
        assert (h.name, h.unit, h.value_type, h.aggregate) == (
            s.name,
            s.unit,
            s.value_type,
            s.aggregate,
        )


def test_key_codes_and_aggregates_of_the_2023_catalog():
    catalog = load_catalog("2023", "higher")
    assert catalog["student_teacher_ratio"].aggregate == (
        "recompute:full_time_students / full_time_teachers"
    )
    assert catalog["in_province_placement_rate"].aggregate_kind == "weighted"
    assert catalog["in_province_placement_rate"].aggregate_arg == "graduates_placed"
    assert catalog["employer_satisfaction"].aggregate == (
        "weighted:employer_satisfaction_respondents"
    )
    assert catalog["internet_bandwidth"].aggregate == "max"
    assert catalog["full_time_teachers"].parent == "staff_total"
    assert catalog["planned_course_hours"].row_of == "planned_courses"
    assert catalog["planned_course_hours"].label == ""
    assert catalog["online_quality_courses"].children == (
        "online_quality_courses_national",
        "online_quality_courses_provincial",
        "online_quality_courses_school",
    )
    assert catalog["graduates_to_bachelor"].depth == 2


def test_decimals_follow_value_type_and_the_appendix():
    catalog = load_catalog("2023", "higher")
    assert {catalog[c].decimals for c in ("graduates", "specialties", "textbooks")} == {0}
    assert {catalog[c].decimals for c in ("self_employment_rate", "special_funding")} == {2}
    assert catalog["student_teacher_ratio"].decimals == 2
    assert catalog["equipment_value_per_student"].decimals == 0


def test_numeric_flag_and_frozen_specs():
    catalog = load_catalog("2023", "secondary")
    assert catalog["graduates"].is_numeric
    assert not catalog["student_satisfaction_method"].is_numeric
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalog["graduates"].name = "x"  # type: ignore[misc]


def test_load_catalog_is_cached_and_loading_is_deterministic():
    assert load_catalog("2023", "higher") is load_catalog("2023", "higher")
    first = load_catalog_file(INDICATOR_DIR / "2023" / "higher.yaml")
    second = load_catalog_file(INDICATOR_DIR / "2023" / "higher.yaml")
    assert first == second
    assert first.codes() == second.codes() == load_catalog("2023", "higher").codes()


def test_available_catalogs_lists_the_2023_files():
    assert {("2023", "higher"), ("2023", "secondary")} <= set(available_catalogs())


def test_unknown_edition_or_level_is_refused_in_chinese():
    with pytest.raises(CatalogError, match="没有 1999 年度"):
        load_catalog("1999", "higher")
    with pytest.raises(CatalogError, match="未知的学校层次"):
        load_catalog("2023", "primary")


# (description, (old, new) replaced once in MINIMAL, expected message fragment)
BROKEN = [
    (
        "duplicate code",
        ("code: graduates_further_study", "code: graduates"),
        "指标代码 graduates 重复",
    ),
    (
        "count with unit %",
        (
            "unit: 人\n        value_type: count\n        aggregate: sum\n      - code: graduates_placed",
            'unit: "%"\n        value_type: count\n        aggregate: sum\n      - code: graduates_placed',
        ),
        "数值类型 count 不能使用单位“%”",
    ),
    (
        "unknown value type",
        (
            "value_type: percent\n        aggregate: recompute",
            "value_type: fraction\n        aggregate: recompute",
        ),
        "未知的数值类型“fraction”",
    ),
    (
        "unknown aggregate",
        ("aggregate: weighted:student_satisfaction_respondents", "aggregate: median"),
        "未知的汇总方式“median”",
    ),
    (
        "expression names an unknown code",
        ("graduates_placed / graduates * 100", "graduates_placed / graduate * 100"),
        "含未知指标代码“graduate”",
    ),
    (
        "malformed expression",
        ("graduates_placed / graduates * 100", "graduates_placed / (graduates * 100"),
        "括号不配对",
    ),
    (
        "weighted by an unknown code",
        ("weighted:student_satisfaction_respondents", "weighted:respondents"),
        "加权依据“respondents”不是已知指标代码",
    ),
    (
        "percentages cannot be summed",
        ("aggregate: recompute:graduates_placed / graduates * 100", "aggregate: sum"),
        "不能按 sum 相加汇总",
    ),
    (
        "child unit differs from parent",
        (
            "name: 毕业生升学人数\n            unit: 人",
            "name: 毕业生升学人数\n            unit: 人次",
        ),
        "单位“人次”与上级 graduates_placed 的单位“人”不一致",
    ),
    (
        "missing name",
        ("        name: 毕业生人数\n", ""),
        "指标代码 graduates 缺少名称 name",
    ),
    (
        "missing unit",
        ("name: 毕业生人数\n        unit: 人\n", "name: 毕业生人数\n"),
        "指标代码 graduates 缺少单位 unit",
    ),
    (
        "table code not among the six",
        ("code: satisfaction", "code: happiness"),
        "数据表代码“happiness”不在六张表之中",
    ),
    (
        "children without children_sum",
        ("        children_sum: subset\n", ""),
        "有其中项，须声明 children_sum",
    ),
    (
        "misspelled key",
        ("        children_sum: subset\n", "        children_summ: subset\n"),
        "未知的键“children_summ”",
    ),
    (
        "duplicate YAML key",
        ("        seq: 1\n", "        seq: 1\n        seq: 2\n"),
        "键“seq”重复",
    ),
]


@pytest.mark.parametrize(
    ("old_new", "message"), [(b[1], b[2]) for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_catalog_is_refused_with_file_and_line(tmp_path, old_new, message):
    old, new = old_new
    assert old in MINIMAL
    text = MINIMAL.replace(old, new, 1)
    with pytest.raises(CatalogError) as caught:
        load_text(tmp_path, text)
    assert message in str(caught.value)
    assert str(caught.value).startswith("higher.yaml 第 ")


def test_duplicate_code_error_points_at_the_second_definition(tmp_path):
    text = MINIMAL.replace("code: graduates_further_study", "code: graduates", 1)
    with pytest.raises(CatalogError) as caught:
        load_text(tmp_path, text)
    expected_line = line_of(text, "- code: graduates", occurrence=3)
    assert str(caught.value) == f"higher.yaml 第 {expected_line} 行：指标代码 graduates 重复"


def test_row_of_to_an_unknown_code_is_refused(tmp_path):
    text = MINIMAL.replace(
        "      - code: placement_rate",
        "      - code: course_hours\n        row_of: courses\n        name: 学时\n"
        "        unit: 学时\n        value_type: count\n        aggregate: sum\n"
        "      - code: placement_rate",
    )
    with pytest.raises(CatalogError, match="row_of 指向未知或靠后的指标“courses”"):
        load_text(tmp_path, text)


def test_exhaustive_children_with_different_units_are_refused(tmp_path):
    text = MINIMAL.replace("children_sum: subset", "children_sum: exhaustive").replace(
        "            aggregate: sum\n",
        "            aggregate: sum\n          - code: graduates_abroad_schools\n"
        "            name: 出国\n            unit: 所\n            value_type: count\n"
        "            aggregate: sum\n",
        1,
    )
    with pytest.raises(CatalogError, match="exhaustive，但其中项单位不同"):
        load_text(tmp_path, text)


def test_attribute_children_may_have_their_own_units(tmp_path):
    text = MINIMAL.replace("children_sum: subset", "children_sum: none").replace(
        "name: 毕业生升学人数\n            unit: 人\n            value_type: count",
        'name: 毕业生升学率\n            unit: "%"\n            value_type: percent',
    )
    text = text.replace(
        'name: 毕业生升学率\n            unit: "%"\n            value_type: percent\n            aggregate: sum',
        'name: 毕业生升学率\n            unit: "%"\n            value_type: percent\n'
        "            aggregate: weighted:graduates_placed",
    )
    catalog = load_text(tmp_path, text)
    assert catalog["graduates_further_study"].parent == "graduates_placed"


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = MINIMAL.replace("    name: 满意度调查", "    name: [满意度调查")
    with pytest.raises(CatalogError, match=r"^higher\.yaml 第 \d+ 行：YAML 格式错误"):
        load_text(tmp_path, text)
