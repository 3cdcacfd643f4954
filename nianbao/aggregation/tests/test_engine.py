from decimal import Decimal as D

import pytest

from nianbao.aggregation.engine import (
    SchoolData,
    aggregate,
    aggregate_groups,
    aggregate_with_groups,
)
from nianbao.indicators.catalog import load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog("2023", "higher")


def school(code, values, *, counted=True, excluded=None, city="甲市", level="higher"):
    return SchoolData(code, f"学校{code}", level, city, values, counted, excluded or {})


def test_sum_adds_counted_schools_only(catalog):
    result = aggregate(
        catalog,
        [
            school("a", {"graduates": D(100)}),
            school("b", {"graduates": D(50)}),
            school("c", {"graduates": D(70)}, counted=False),
        ],
    )
    assert result.values["graduates"] == D(150)
    assert result.reporting["graduates"] == 2
    assert result.coverage.label == "2 / 3 所学校"


def test_ratio_is_recomputed_from_aggregated_components_not_averaged(catalog):
    result = aggregate(
        catalog,
        [
            school("a", {"full_time_students": D(1000), "full_time_teachers": D(100)}),
            school("b", {"full_time_students": D(100), "full_time_teachers": D(50)}),
        ],
    )
    # mean of ratios would be 6.00; students ÷ teachers is 1100 / 150
    assert result.values["student_teacher_ratio"] == D("7.33")


def test_satisfaction_is_weighted_by_respondents_and_method_is_carried(catalog):
    result = aggregate(
        catalog,
        [
            school(
                "a",
                {
                    "student_satisfaction": D("90"),
                    "student_satisfaction_respondents": D(300),
                    "student_satisfaction_method": "网络问卷调查",
                },
            ),
            school(
                "b",
                {
                    "student_satisfaction": D("80"),
                    "student_satisfaction_respondents": D(100),
                    "student_satisfaction_method": "网络问卷调查",
                },
            ),
        ],
    )
    assert result.values["student_satisfaction"] == D("87.50")
    assert result.values["student_satisfaction_respondents"] == D(400)
    assert result.values["student_satisfaction_method"] == "网络问卷调查"


def test_mixed_methods_are_listed_most_frequent_first(catalog):
    methods = ["问卷调查", "网络问卷调查", "网络问卷调查"]
    result = aggregate(
        catalog,
        [school(str(i), {"staff_satisfaction_method": m}) for i, m in enumerate(methods)],
    )
    assert result.values["staff_satisfaction_method"] == "网络问卷调查、问卷调查"


def test_value_with_unresolved_error_is_left_out_and_listed(catalog):
    result = aggregate(
        catalog,
        [
            school("a", {"graduates": D(100)}),
            school("b", {"graduates": D(99999)}, excluded={"graduates": "毕业生人数异常"}),
        ],
    )
    assert result.values["graduates"] == D(100)
    assert [(e.school_code, e.indicator) for e in result.exclusions] == [("b", "graduates")]
    assert result.coverage.reporting == 2


def test_blank_everywhere_stays_blank_and_max_takes_largest(catalog):
    result = aggregate(
        catalog,
        [school("a", {"internet_bandwidth": D(1000)}), school("b", {"internet_bandwidth": D(800)})],
    )
    assert result.values["graduates"] is None
    assert result.values["internet_bandwidth"] == D(1000)


def test_other_level_schools_are_ignored_and_groups_split_by_city(catalog):
    schools = [
        school("a", {"graduates": D(1)}, city="甲市"),
        school("b", {"graduates": D(2)}, city="乙市"),
        school("c", {"graduates": D(5)}, city="乙市", level="secondary"),
    ]
    groups = aggregate_groups(catalog, schools, key=lambda s: s.city)
    assert {c: g.values["graduates"] for c, g in groups.items()} == {"甲市": D(1), "乙市": D(2)}


def test_region_and_groups_together_equal_each_aggregated_alone(catalog):
    schools = [
        school(
            "a",
            {
                "graduates": D(10),
                "student_satisfaction": D("90"),
                "student_satisfaction_respondents": D(300),
                "student_satisfaction_method": "网络问卷调查",
            },
            city="甲市",
        ),
        school("b", {"graduates": D(99)}, city="乙市", excluded={"graduates": "毕业生人数异常"}),
        school(
            "c",
            {
                "graduates": D(7),
                "student_satisfaction": D("80"),
                "student_satisfaction_respondents": D(100),
                "student_satisfaction_method": "访谈",
            },
            city="甲市",
        ),
        school("d", {"graduates": D(3)}, city="丙市", counted=False),
        school("e", {"graduates": D(5)}, city="丁市", level="secondary"),
    ]
    whole, groups = aggregate_with_groups(catalog, schools, key=lambda s: s.city)
    assert whole == aggregate(catalog, schools)
    assert groups == aggregate_groups(catalog, schools, key=lambda s: s.city)
    assert list(groups) == ["甲市", "乙市", "丙市", "丁市"]
    for city in groups:
        assert groups[city] == aggregate(catalog, [s for s in schools if s.city == city])
    assert whole.values["student_satisfaction"] == D("87.50")
    assert groups["甲市"].values["graduates"] == D(17)
    assert groups["乙市"].values["graduates"] is None
    assert [e.school_code for e in groups["乙市"].exclusions] == ["b"]
    assert groups["丙市"].coverage.label == "0 / 1 所学校"
    assert groups["丁市"].coverage.label == "0 / 0 所学校"
