"""Rules files: loading (and refusing bad ones with the line), generated structural rules,
missing-value strategies, messages with numbers and units, and batch validation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nianbao.validation.engine import (
    Finding,
    RuleFileError,
    Severity,
    compute_peer_stats,
    run_cases,
    validate,
    validate_many,
)
from nianbao.validation.engine.vectorised import (
    peer_stats_vectorised,
    to_columns,
    validate_many_vectorised,
)

from .test_engine_fixtures import RULES_YAML, mini_catalog, mini_ruleset

D = Decimal


def clean_values() -> dict:
    return {
        "graduates": D(1000),
        "graduates_placed": D(900),
        "graduates_further_study": D(300),
        "graduates_bachelor": D(200),
        "placement_rate_in_province": D("70.50"),
        "monthly_income": D("3400.00"),
        "employed_by_sector": D(500),
        "employed_primary": D(50),
        "employed_secondary": D(150),
        "employed_tertiary": D(300),
        "student_satisfaction": D("90.10"),
        "classroom_satisfaction": D("95.00"),
        "student_satisfaction_method": "问卷调查",
        "student_teacher_ratio": D("20.00"),
        "service_income": D("120.50"),
        "full_time_students": D(8000),
        "full_time_teachers": D(400),
        "internship_funds": D("30.00"),
        "internship_insurance": D("5.00"),
    }


def rule_ids(findings: list[Finding]) -> set[str]:
    return {f.rule_id for f in findings}


def test_truth_tables_of_the_sample_file_hold_on_both_backends():
    _, ruleset = mini_ruleset()
    assert run_cases(ruleset) == []


def test_a_wrong_expectation_in_a_truth_table_is_reported():
    text = RULES_YAML.replace(
        "{values: {graduates_placed: 10, graduates: 10}, expect: pass}",
        "{values: {graduates_placed: 10, graduates: 10}, expect: fail}",
    )
    _, ruleset = mini_ruleset(text)
    failures = run_cases(ruleset)
    assert [f.rule_id for f in failures] == ["T-PL-001"]
    assert "期望 fail，实际 pass" in str(failures[0])


def test_clean_values_produce_no_finding():
    catalog, ruleset = mini_ruleset()
    prev = {k: v for k, v in clean_values().items()}
    assert validate(catalog, ruleset, clean_values(), prev_values=prev) == []


def test_generated_rules_cover_every_numeric_indicator_and_every_parent():
    _, ruleset = mini_ruleset()
    ids = {r.rule_id for r in ruleset.rules}
    numeric = [c for c, s in mini_catalog().indicators.items() if s.value_type != "choice"]
    assert {f"T-TR/{c}" for c in numeric} <= ids
    assert {
        "T-HI/graduates_further_study",
        "T-HI/graduates_bachelor",
        "T-HI/internship_insurance",
    } <= ids
    # Percent 其中 rows are rates of a sub-population, not parts: no hierarchy rule.
    assert "T-HI/classroom_satisfaction" not in ids
    assert "T-SUM/employed_by_sector" in ids


@pytest.mark.parametrize(
    ("changes", "rule_id", "shown"),
    [
        (
            {"graduates_bachelor": D(301)},
            "T-HI/graduates_bachelor",
            {"graduates_bachelor": "301人"},
        ),
        (
            {"employed_tertiary": D(299)},
            "T-SUM/employed_by_sector",
            {"employed_by_sector": "500人"},
        ),
        (
            {"placement_rate_in_province": D(7050)},
            "T-TR/placement_rate_in_province",
            {"placement_rate_in_province": "7050.00%"},
        ),
        ({"graduates": D("999.5")}, "T-TR/graduates", {"graduates": "999.5人"}),
        (
            {"student_teacher_ratio": D("28.76")},
            "T-TR-001",
            {"student_teacher_ratio": "28.76:1", "full_time_students": "8000人"},
        ),
    ],
)
def test_planted_error_is_reported_with_its_numbers(changes, rule_id, shown):
    catalog, ruleset = mini_ruleset()
    findings = validate(catalog, ruleset, clean_values() | changes)
    found = {f.rule_id: f for f in findings}
    assert rule_id in found, findings
    finding = found[rule_id]
    assert finding.severity == Severity.ERROR
    for key, text in shown.items():
        assert finding.numbers[key] == text
        assert text in finding.message


def test_finding_is_attached_to_the_indicators_it_concerns():
    catalog, ruleset = mini_ruleset()
    findings = validate(catalog, ruleset, clean_values() | {"graduates_further_study": D(901)})
    hi = next(f for f in findings if f.rule_id == "T-HI/graduates_further_study")
    assert hi.indicators == ("graduates_further_study", "graduates_placed")
    data = hi.to_dict()
    assert data["severity"] == "error" and data["indicators"] == list(hi.indicators)


def test_unit_slip_against_previous_year_is_a_warning():
    catalog, ruleset = mini_ruleset()
    prev = clean_values()
    findings = validate(
        catalog, ruleset, clean_values() | {"service_income": D(1205000)}, prev_values=prev
    )
    slip = [f for f in findings if f.kind == "magnitude_slip"]
    assert [f.rule_id for f in slip] == ["T-MAG-001/service_income"]
    assert slip[0].severity == Severity.WARNING
    assert "约为上年值 120.50万元 的一万倍" in slip[0].message


def test_text_in_a_numeric_cell_and_unknown_choice_are_type_errors():
    catalog, ruleset = mini_ruleset()
    values = clean_values() | {"graduates": "一千", "student_satisfaction_method": "电话"}
    findings = {f.rule_id: f for f in validate(catalog, ruleset, values)}
    assert "一千" in findings["T-TR/graduates"].message
    assert "电话" in findings["T-TR/student_satisfaction_method"].message


def test_blank_operands_skip_rules_by_default():
    catalog, ruleset = mini_ruleset()
    values = clean_values() | {"full_time_teachers": None, "employed_primary": None}
    assert "T-TR-001" not in rule_ids(validate(catalog, ruleset, values))
    assert "T-SUM/employed_by_sector" not in rule_ids(validate(catalog, ruleset, values))


def test_never_skip_rule_fails_on_a_blank_value():
    catalog, ruleset = mini_ruleset()
    findings = validate(catalog, ruleset, clean_values() | {"graduates": None})
    req = next(f for f in findings if f.rule_id == "T-REQ-001")
    assert req.numbers["graduates"] == "未填"


def test_validate_many_equals_validate_per_school_and_the_vectorised_backend():
    catalog, ruleset = mini_ruleset()
    schools = {}
    prev = {}
    for i in range(40):
        v = clean_values()
        v["graduates"] = D(900 + 10 * i)
        v["monthly_income"] = D(3000 + 25 * i)
        schools[f"s{i}"] = v
        prev[f"s{i}"] = dict(v)
    schools["s3"] = schools["s3"] | {"graduates_bachelor": D(5000)}
    schools["s7"] = schools["s7"] | {"monthly_income": D(90000), "service_income": None}
    schools["s9"] = schools["s9"] | {"service_income": D("1.2050")}
    peers = compute_peer_stats(catalog, schools)
    many = validate_many(catalog, ruleset, schools, prev_by_school=prev, peers=peers)
    for school, values in schools.items():
        assert many[school] == validate(
            catalog, ruleset, values, prev_values=prev[school], peers=peers
        )
    assert rule_ids(many["s3"]) >= {"T-HI/graduates_bachelor"}
    assert "T-OUT-001/monthly_income" in rule_ids(many["s7"])
    assert "T-MAG-001/service_income" in rule_ids(many["s9"])
    vec = validate_many_vectorised(catalog, ruleset, schools, prev_by_school=prev, peers=peers)
    assert vec == many


def test_peer_statistics_are_median_mad_and_count_on_both_backends():
    catalog = mini_catalog()
    schools = {f"s{i}": {"monthly_income": D(v)} for i, v in enumerate([1, 2, 3, 4, 100])}
    schools["blank"] = {"monthly_income": None}
    stats = compute_peer_stats(catalog, schools)
    assert stats.median["monthly_income"] == 3
    assert stats.mad["monthly_income"] == 1
    assert stats.n["monthly_income"] == 5
    assert "graduates" not in stats.median
    vstats = peer_stats_vectorised(to_columns(["monthly_income"], schools))
    assert vstats == stats
    assert compute_peer_stats(catalog, list(schools.values())) == stats


BAD_FILES = [
    # (replace this, with this, lines below the change where the error is, message fragment)
    ("expr: graduates_placed <= graduates", "expr: graduates_placed <= graduate", 0, "未知指标代码 graduate"),
    ("expr: graduates_placed <= graduates", "expr: graduates_placed <= * graduates", 0, "第 31 列"),
    ("    kind: plausibility\n    severity: error", "    kind: plausibility\n    severity: fatal", 1, "未知的严重程度 fatal"),
    ("    missing: never_skip", "    missing: sometimes", 0, "未知的缺失值策略 sometimes"),
    ("    kind: plausibility", "    kind: vibes", 0, "未知的规则类型 vibes"),
    ("  - id: T-PL-001", "  - id: T-TR-001", 0, "规则编号 T-TR-001 重复"),
    ("    for_each: [monthly_income]", "    for_each: [monthly_incomes]", 0, "没有匹配任何指标"),
    ("message: 毕业去向落实人数 {graduates_placed}", "message: 毕业去向落实人数 {graduates_place}", 0, "提示模板中有未知指标代码"),
    ("      - {values: {graduates_placed: 11, graduates: 10}, expect: fail}", "      - {values: {graduates_placed: 11, graduates: 10}, expect: maybe}", 0, "expect 只能是"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "offset", "fragment"), BAD_FILES)
def test_bad_rules_file_is_refused_naming_the_line(old, new, offset, fragment):
    assert old in RULES_YAML
    line = RULES_YAML[: RULES_YAML.index(old)].count("\n") + 1 + offset
    with pytest.raises(RuleFileError) as exc:
        mini_ruleset(RULES_YAML.replace(old, new, 1))
    assert f"higher.yaml 第 {line} 行" in str(exc.value)
    assert fragment in str(exc.value)


def test_rule_without_cases_is_refused():
    start = RULES_YAML.index("    cases:\n      - {values: {graduates_placed: 11")
    end = RULES_YAML.index("  - id: T-YOY-001")
    with pytest.raises(RuleFileError, match="没有真值表用例"):
        mini_ruleset(RULES_YAML[:start] + RULES_YAML[end:])


def test_generated_kind_without_cases_is_refused():
    start = RULES_YAML.index("  exhaustive_sum:")
    end = RULES_YAML.index("rules:")
    with pytest.raises(RuleFileError, match="exhaustive_sum"):
        mini_ruleset(
            RULES_YAML[:start] + "  exhaustive_sum: {severity: error}\n" + RULES_YAML[end:]
        )
    with pytest.raises(RuleFileError, match="缺少 exhaustive_sum"):
        mini_ruleset(RULES_YAML[:start] + RULES_YAML[end:])


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(RuleFileError, match=r"第 \d+ 行：YAML 格式错误"):
        mini_ruleset(RULES_YAML.replace("prefix: T", "prefix: [T"))
