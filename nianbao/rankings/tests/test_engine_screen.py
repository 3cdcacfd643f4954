"""Anomaly screen: validation doubts, peer outliers within a level, year-on-year jumps."""

from nianbao.rankings.definitions import IndicatorDef, RankingDef
from nianbao.rankings.engine import SchoolInput, compute, screen

RANKING = RankingDef(
    "t", "测试榜", ("higher", "bachelor"), "", 3, 2, (IndicatorDef("x", "d", 1.0, 1, None, False),)
)


def school(key, value, *, level="higher", previous=None, flags=None):
    return SchoolInput(
        key,
        f"S{key}",
        level,
        values={"x": value},
        previous={"x": previous} if previous is not None else {},
        flags=flags or {},
    )


def kinds(found):
    return sorted((a.key, a.kind) for a in found)


def test_a_value_far_from_its_level_peers_is_an_outlier():
    # median 10, |x − 10| = 0, 1, 1, 2, 2, 0, 90 → MAD 1; z(100) = 0.6745·90/1 = 60.7;
    # z(12) = 0.6745·2 = 1.3
    schools = [school(k, v) for k, v in enumerate([10, 9, 11, 8, 12, 10, 100], start=1)]
    found = screen(RANKING, schools, robust_z=3.5, jump_factor=3)
    assert kinds(found) == [(7, "outlier")]
    assert found[0].reason == "同层次中位数 10，稳健 z 值 60.7"


def test_peers_are_compared_within_their_level_only():
    schools = [school(k, v) for k, v in enumerate([10, 9, 11, 8, 12], start=1)]
    schools.append(school(6, 100, level="bachelor"))
    assert screen(RANKING, schools, robust_z=3.5, jump_factor=3) == []


def test_year_on_year_jumps_both_ways():
    schools = [
        school(1, 30, previous=10),  # 3.0×: a jump
        school(2, 29, previous=10),  # 2.9×: not
        school(3, 3, previous=10),  # ≤ 1/3: a jump
        school(4, 10, previous=0),  # no base to compare with
    ]
    found = screen(RANKING, schools, robust_z=99, jump_factor=3)
    assert kinds(found) == [(1, "jump"), (3, "jump")]
    assert found[0].reason == "上年 10，本年 30（3.00 倍）"


def test_validation_doubts_are_listed_with_their_reason():
    schools = [
        school(1, 5, flags={"x": "预警说明未采纳"}),
        school(2, None, flags={"x": "校验错误"}),
    ]
    found = screen(RANKING, schools, robust_z=3.5, jump_factor=3)
    assert [(a.key, a.kind, a.reason) for a in found] == [
        (1, "validation", "预警说明未采纳"),
        (2, "validation", "校验错误"),
    ]


def test_a_grouped_list_ranks_each_group_on_its_own_and_skips_other_levels():
    grouped = RankingDef("g", "分地市榜", ("higher", "bachelor"), "city", 3, 2, RANKING.indicators)
    schools = [
        SchoolInput(1, "甲", "higher", group="青川市", values={"x": 10}),
        SchoolInput(2, "乙", "bachelor", group="青川市", values={"x": 20}),
        SchoolInput(3, "丙", "higher", group="云州市", values={"x": 5}),
        SchoolInput(4, "丁", "secondary", group="云州市", values={"x": 99}),
    ]
    results = compute(grouped, schools, seed=1, draws=20)
    assert [(r.group, [(s.name, s.rank) for s in r.schools]) for r in results] == [
        ("云州市", [("丙", 1)]),
        ("青川市", [("乙", 1), ("甲", 2)]),
    ]
