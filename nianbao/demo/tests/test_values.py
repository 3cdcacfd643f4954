"""Demo values: a province of 50 高职 and 270 中职 whose totals land near the 2023 appendix,
clean schools that are internally consistent, and planted errors that are each exactly one
detectable mistake."""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest

from nianbao.demo.targets import APPENDIX_TOTALS
from nianbao.demo.values import (
    PLANTED_KINDS,
    DemoSchool,
    demo_school_sizes,
    generate_demo_dataset,
)
from nianbao.indicators.catalog import load_catalog, parse_value

N_HIGHER, N_SECONDARY = 50, 270
KEY_COUNTS = (
    "graduates",
    "graduates_placed",
    "graduates_further_study",
    "graduates_employed",
    "full_time_students",
    "full_time_teachers",
    "staff_total",
    "authorised_staff",
    "planned_courses",
    "specialties",
    "textbooks",
    "physical_test_participants",
    "skill_certificate_holders",
    "industry_mentors",
    "special_funding",
)
MONEY = {"special_funding", "funding_per_student", "monthly_income", "enterprise_equipment_value",
         "non_degree_training_income"}  # fmt: skip
POPULATION = {
    "student_satisfaction": "full_time_students",
    "classroom_satisfaction": "full_time_students",
    "parent_satisfaction": "full_time_students",
    "graduate_satisfaction": "graduates",
    "recent_graduate_satisfaction": "graduates",
    "alumni_satisfaction": "graduates",
    "staff_satisfaction": "staff_total",
    "employer_satisfaction": "graduates_employed",
}


def province(seed: int = 2025) -> list[DemoSchool]:
    sizes = demo_school_sizes(N_HIGHER, N_SECONDARY, seed)
    return [
        DemoSchool(
            f"{'H' if i < N_HIGHER else 'S'}{i:03d}", "higher" if i < N_HIGHER else "secondary", s
        )
        for i, s in enumerate(sizes)
    ]


@pytest.fixture(scope="module")
def schools():
    return province()


@pytest.fixture(scope="module")
def dataset(schools):
    return generate_demo_dataset(schools, seed=2025)


def findings(level: str, cur: dict, prev: dict) -> set[str]:
    """An independent check of one school's values; the kinds of problems found."""
    catalog = load_catalog("2023", level)
    found: set[str] = set()
    for spec in catalog:
        value = cur[spec.code]
        if spec.children_sum == "subset" and any(cur[c] > value for c in spec.children):
            found.add("child_exceeds_parent")
        if spec.children_sum == "exhaustive" and sum(cur[c] for c in spec.children) != value:
            found.add("sum_mismatch")
        if spec.value_type == "percent" and not 0 <= value <= 100:
            found.add("percent_out_of_range")
        if spec.code in MONEY and prev[spec.code] and not 1e-3 < value / prev[spec.code] < 1e3:
            found.add("unit_slip")
    stated = cur["student_teacher_ratio"]
    computed = cur["full_time_students"] / cur["full_time_teachers"]
    if abs(stated - computed) / computed > Decimal("0.2"):
        found.add("ratio_mismatch")
    elif stated != computed.quantize(Decimal("0.01"), ROUND_HALF_UP):
        found.add("ratio_rounding")
    for survey, population in POPULATION.items():
        if not 1 <= cur[f"{survey}_respondents"] <= cur[population]:
            found.add(f"respondents:{survey}")
    relations = [
        ("graduates_placed", "graduates"),
        ("graduates", "full_time_students"),
        ("physical_test_participants", "full_time_students"),
        ("online_quality_course_avg_students", "full_time_students"),
        ("certificate_integrated_courses", "planned_courses"),
        ("online_teaching_courses", "planned_courses"),
        ("certificate_integrated_course_hours", "planned_course_hours"),
        ("online_teaching_course_hours", "planned_course_hours"),
        ("employed_by_sector", "graduates_employed"),
        ("specialty_groups", "specialties"),
        ("joint_programmes", "specialties"),
        ("public_welfare_training_hours", "non_degree_training_hours"),
        ("internet_bandwidth", "campus_backbone_bandwidth"),
    ]
    for small, large in relations:
        if cur[small] > cur[large]:
            found.add(f"{small}>{large}")
    if cur["graduates_employed"] + cur["graduates_further_study"] > cur["graduates_placed"]:
        found.add("employed+further>placed")
    for parent, children in (
        ("student_satisfaction", catalog["student_satisfaction"].children),
        ("graduate_satisfaction", catalog["graduate_satisfaction"].children),
    ):
        kids = [cur[c] for c in children]
        if not min(kids) <= cur[parent] <= max(kids):
            found.add(f"outside children:{parent}")
    return found


def test_every_catalog_code_has_a_parseable_value_in_both_cycles(schools, dataset):
    for school in schools:
        catalog = load_catalog("2023", school.level)
        for values in (dataset.current[school.code], dataset.previous[school.code]):
            assert list(values) == list(catalog.codes())
            if dataset.planted_for(school.code) and values is dataset.current[school.code]:
                continue
            for spec in catalog:
                value = values[spec.code]
                assert value is not None, (school.code, spec.code)
                assert parse_value(spec, str(value)) == value, (school.code, spec.code)


def test_clean_schools_are_internally_consistent_in_both_cycles(schools, dataset):
    planted = {p.school_code for p in dataset.planted}
    problems = {}
    for school in schools:
        cur, prev = dataset.current[school.code], dataset.previous[school.code]
        if school.code not in planted:
            problems[school.code] = findings(school.level, cur, prev)
        problems[f"{school.code} previous"] = findings(school.level, prev, prev)
    assert {code: found for code, found in problems.items() if found} == {}


def test_each_planted_school_has_exactly_its_one_planted_error(schools, dataset):
    level = {school.code: school.level for school in schools}
    for error in dataset.planted:
        cur, prev = dataset.current[error.school_code], dataset.previous[error.school_code]
        assert findings(level[error.school_code], cur, prev) == {error.kind}, error
        changed = {c for c in cur if cur[c] != prev[c]}
        assert error.indicator_codes[0] in changed or error.kind in ("sum_mismatch",)
        assert error.description


def test_planted_errors_are_about_one_school_in_ten_with_every_kind_at_least_twice(dataset):
    assert 28 <= len(dataset.planted) <= 36
    assert len({p.school_code for p in dataset.planted}) == len(dataset.planted)
    kinds = Counter(p.kind for p in dataset.planted)
    assert set(kinds) == set(PLANTED_KINDS)
    assert min(kinds.values()) >= 2


@pytest.mark.parametrize("level", ["higher", "secondary"])
@pytest.mark.parametrize("code", KEY_COUNTS)
def test_province_totals_land_within_ten_percent_of_the_appendix(schools, dataset, level, code):
    touched = {p.school_code for p in dataset.planted if code in p.indicator_codes}
    codes = [s.code for s in schools if s.level == level and s.code not in touched]
    total = sum(dataset.current[c][code] for c in codes)
    target = (
        Decimal(str(APPENDIX_TOTALS[level][code]))
        * len(codes)
        / sum(1 for s in schools if s.level == level)
    )
    assert abs(total - target) <= target * Decimal("0.10"), (total, target)


def test_previous_cycle_is_three_to_eight_percent_smaller_on_growth_indicators(schools, dataset):
    for school in schools:
        cur, prev = dataset.current[school.code], dataset.previous[school.code]
        ratio = prev["full_time_students"] / cur["full_time_students"]
        assert Decimal("0.91") <= ratio <= Decimal("0.98"), school.code
        for code, value in cur.items():
            planted = dataset.planted_for(school.code)
            if planted and code in planted.indicator_codes:
                continue
            if isinstance(value, Decimal) and prev[code] >= 20:
                assert abs(value / prev[code] - 1) <= Decimal("0.25"), (school.code, code)


def test_generation_is_deterministic_by_seed(schools, dataset):
    again = generate_demo_dataset(schools, seed=2025)
    assert again == dataset
    other = generate_demo_dataset(schools, seed=7)
    assert other.current != dataset.current
    assert [p.school_code for p in other.planted] != [p.school_code for p in dataset.planted]


def test_sizes_have_mean_one_and_two_larger_bachelor_schools():
    sizes = demo_school_sizes(N_HIGHER, N_SECONDARY, 2025)
    higher, secondary = sizes[:N_HIGHER], sizes[N_HIGHER:]
    assert len(sizes) == N_HIGHER + N_SECONDARY
    assert abs(sum(higher) / N_HIGHER - 1) < 0.02
    assert abs(sum(secondary) / N_SECONDARY - 1) < 0.02
    assert min(higher[:2]) > max(higher[2:]) * 0.8 and min(higher[:2]) >= 2.2
    assert max(secondary) / min(secondary) > 10


def test_unknown_level_and_duplicate_codes_are_refused():
    with pytest.raises(ValueError, match="层次“primary”未知"):
        generate_demo_dataset([DemoSchool("X", "primary", 1.0)])
    with pytest.raises(ValueError, match="学校代码 X 重复"):
        generate_demo_dataset([DemoSchool("X", "higher", 1.0), DemoSchool("X", "higher", 1.0)])
