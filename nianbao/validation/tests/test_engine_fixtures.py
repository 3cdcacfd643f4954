"""A small catalog slice and rules file shared by the engine tests (no tests in this module)."""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.validation.engine import load_ruleset_text


@dataclass(frozen=True)
class Spec:
    code: str
    table: str
    name: str
    unit: str
    value_type: str
    parent: str | None = None
    children_sum: str = "none"
    decimals: int | None = None
    choices: tuple[str, ...] = ()


@dataclass
class MiniCatalog:
    edition: str
    level: str
    indicators: dict


def mini_catalog() -> MiniCatalog:
    specs = [
        Spec("graduates", "scorecard", "毕业生人数", "人", "count"),
        Spec("graduates_placed", "scorecard", "毕业去向落实人数", "人", "count",
             children_sum="subset"),
        Spec("graduates_further_study", "scorecard", "毕业生升学人数", "人", "count",
             parent="graduates_placed", children_sum="subset"),
        Spec("graduates_bachelor", "scorecard", "升入本科人数", "人", "count",
             parent="graduates_further_study"),
        Spec("placement_rate_in_province", "scorecard", "毕业生本省去向落实率", "%", "percent"),
        Spec("monthly_income", "scorecard", "月收入", "元", "amount"),
        Spec("employed_by_sector", "scorecard", "毕业生面向三次产业就业人数", "人", "count",
             children_sum="exhaustive"),
        Spec("employed_primary", "scorecard", "面向第一产业", "人", "count",
             parent="employed_by_sector"),
        Spec("employed_secondary", "scorecard", "面向第二产业", "人", "count",
             parent="employed_by_sector"),
        Spec("employed_tertiary", "scorecard", "面向第三产业", "人", "count",
             parent="employed_by_sector"),
        Spec("student_satisfaction", "satisfaction", "在校生满意度", "%", "percent",
             children_sum="none"),
        Spec("classroom_satisfaction", "satisfaction", "课堂育人满意度", "%", "percent",
             parent="student_satisfaction"),
        Spec("student_satisfaction_method", "satisfaction", "调查方式", "", "choice",
             choices=("网络问卷调查", "问卷调查")),
        Spec("student_teacher_ratio", "teaching_resources", "生师比", ":", "ratio"),
        Spec("service_income", "service_contribution", "横向技术服务到款额", "万元", "amount"),
        Spec("full_time_students", "policy_implementation", "全日制在校生人数", "人", "count"),
        Spec("full_time_teachers", "policy_implementation", "专任教师总数", "人", "count"),
        Spec("internship_funds", "policy_implementation", "年实习专项经费", "万元", "amount",
             children_sum="subset"),
        Spec("internship_insurance", "policy_implementation", "年实习责任保险经费", "万元",
             "amount", parent="internship_funds"),
    ]  # fmt: skip
    return MiniCatalog("2023", "higher", {s.code: s for s in specs})


RULES_YAML = """\
edition: "2023"
level: higher
prefix: T
generated:
  type_range:
    severity: error
    cases:
      - {target: graduates, values: {graduates: 3.5}, expect: fail, numbers: {graduates: 3.5人}}
      - {target: graduates, values: {graduates: -1}, expect: fail}
      - {target: graduates, values: {graduates: 0}, expect: pass}
      - {target: placement_rate_in_province, values: {placement_rate_in_province: 9530}, expect: fail}
      - {target: placement_rate_in_province, values: {placement_rate_in_province: 100}, expect: pass}
      - {target: monthly_income, values: {monthly_income: -3}, expect: fail}
      - {target: monthly_income, values: {}, expect: skip}
  hierarchy:
    cases:
      - target: graduates_further_study
        values: {graduates_placed: 100, graduates_further_study: 101}
        expect: fail
        numbers: {graduates_placed: 100人, graduates_further_study: 101人}
      - {target: graduates_further_study, values: {graduates_placed: 100, graduates_further_study: 100}, expect: pass}
      - {target: internship_insurance, values: {internship_funds: 10.5, internship_insurance: 10.51}, expect: fail}
  exhaustive_sum:
    cases:
      - target: employed_by_sector
        values: {employed_by_sector: 10, employed_primary: 1, employed_secondary: 2, employed_tertiary: 6}
        expect: fail
        numbers: {"sum(employed_primary, employed_secondary, employed_tertiary)": 9人}
      - target: employed_by_sector
        values: {employed_by_sector: 9, employed_primary: 1, employed_secondary: 2, employed_tertiary: 6}
        expect: pass
rules:
  - id: T-TR-001
    kind: ratio_recompute
    severity: error
    expr: student_teacher_ratio == full_time_students / full_time_teachers ± 0.5
    message: >-
      生师比填报为 {student_teacher_ratio}，按全日制在校生人数 {full_time_students}
      与专任教师总数 {full_time_teachers} 计算为 {full_time_students / full_time_teachers|:|2}。
    cases:
      - values: {student_teacher_ratio: 30, full_time_students: 2000, full_time_teachers: 100}
        expect: fail
        numbers: {student_teacher_ratio: "30.00:1", "full_time_students / full_time_teachers": "20.00:1"}
      - values: {student_teacher_ratio: 20.4, full_time_students: 2000, full_time_teachers: 100}
        expect: pass
      - values: {student_teacher_ratio: 20, full_time_students: 2000, full_time_teachers: 0}
        expect: skip
      - values: {student_teacher_ratio: 20, full_time_students: 2000}
        expect: skip
  - id: T-PL-001
    kind: plausibility
    severity: error
    expr: graduates_placed <= graduates
    message: 毕业去向落实人数 {graduates_placed} 超过毕业生人数 {graduates}。
    cases:
      - {values: {graduates_placed: 11, graduates: 10}, expect: fail}
      - {values: {graduates_placed: 10, graduates: 10}, expect: pass}
  - id: T-YOY-001
    kind: yoy_change
    severity: warning
    for_each: [graduates, type:amount]
    exclude: [monthly_income]
    params: {threshold: 30, min_base: 10}
    cases:
      - {target: graduates, values: {graduates: 200}, prev: {graduates: 100}, expect: fail,
         numbers: {"(graduates - prev(graduates)) / prev(graduates) * 100": "100.0%"}}
      - {target: graduates, values: {graduates: 120}, prev: {graduates: 100}, expect: pass}
      - {target: graduates, values: {graduates: 9}, prev: {graduates: 3}, expect: pass}
      - {target: graduates, values: {graduates: 9}, expect: skip}
  - id: T-MAG-001
    kind: magnitude_slip
    severity: warning
    for_each: [unit:万元]
    cases:
      - {target: service_income, values: {service_income: 12000}, prev: {service_income: 1.25}, expect: fail,
         numbers: {"decade_shift(service_income, prev(service_income))": "一万倍"}}
      - {target: service_income, values: {service_income: 0.0013}, prev: {service_income: 13}, expect: fail}
      - {target: service_income, values: {service_income: 15}, prev: {service_income: 12}, expect: pass}
      - {target: service_income, values: {service_income: 500}, prev: {service_income: 12}, expect: pass}
  - id: T-OUT-001
    kind: peer_outlier
    severity: info
    for_each: [monthly_income]
    cases:
      - {values: {monthly_income: 9000}, peers: {monthly_income: {median: 3400, mad: 300, n: 40}}, expect: fail}
      - {values: {monthly_income: 3600}, peers: {monthly_income: {median: 3400, mad: 300, n: 40}}, expect: pass}
      - {values: {monthly_income: 9000}, peers: {monthly_income: {median: 3400, mad: 300, n: 5}}, expect: pass}
      - {values: {monthly_income: 9000}, peers: {monthly_income: {median: 3400, mad: 0, n: 40}}, expect: skip}
  - id: T-SUM-002
    kind: custom
    severity: warning
    missing: treat_missing_as_zero
    expr: employed_primary + employed_secondary <= graduates
    message: 第一、二产业就业人数之和 {employed_primary + employed_secondary|人} 超过毕业生人数 {graduates}。
    cases:
      - {values: {employed_primary: 5, graduates: 4}, expect: fail, numbers: {graduates: 4人}}
      - {values: {graduates: 4}, expect: pass}
  - id: T-REQ-001
    kind: custom
    severity: error
    missing: never_skip
    expr: graduates >= 0
    message: 毕业生人数必须填报（当前为 {graduates}）。
    cases:
      - {values: {}, expect: fail, numbers: {graduates: 未填}}
      - {values: {graduates: 1}, expect: pass}
"""


def mini_ruleset(text: str = RULES_YAML, catalog=None):
    catalog = catalog or mini_catalog()
    return catalog, load_ruleset_text(text, catalog, name="higher.yaml")
