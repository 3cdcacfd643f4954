"""Properties of the engine over generated data (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.rankings.definitions import IndicatorDef, RankingDef
from nianbao.rankings.engine import SchoolInput, compute
from nianbao.rankings.engine.scoring import min_ranks

CODES = ("a", "b", "c")
RANKING = RankingDef(
    "p",
    "性质测试",
    ("higher",),
    "",
    5,
    3,
    tuple(IndicatorDef(c, "d", 1 / 3, 1 if c != "c" else -1, None, c == "b") for c in CODES),
)
value = st.one_of(st.none(), st.integers(0, 50).map(float), st.floats(0, 1e6))
school_rows = st.lists(
    st.tuples(st.tuples(value, value, value), st.booleans()), min_size=2, max_size=25
)


def make(rows):
    return [
        SchoolInput(
            k,
            f"S{k}",
            "higher",
            values=dict(zip(CODES, vals, strict=True)),
            evidence=frozenset({"b"}) if has_evidence else frozenset(),
        )
        for k, (vals, has_evidence) in enumerate(rows)
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 6).map(float), min_size=1, max_size=60))
def test_ranks_are_a_permutation_with_ties(scores):
    ranks = min_ranks(np.array(scores))
    for score, rank in zip(scores, ranks, strict=True):
        assert rank == 1 + sum(other > score for other in scores)
    # sorted ranks: each place is either a tie with the one before or its position
    ordered = sorted(ranks.tolist())
    for i, r in enumerate(ordered):
        assert r == i + 1 or r == ordered[i - 1]


@settings(max_examples=60, deadline=None)
@given(school_rows, st.data())
def test_removing_a_value_never_changes_other_schools_raw_values(rows, data):
    schools = make(rows)
    victim = data.draw(st.sampled_from(schools))
    code = data.draw(st.sampled_from(CODES))
    before = compute(RANKING, schools, seed=3, draws=20)
    after = compute(RANKING, schools, untrue={(victim.key, code): "不实"}, seed=3, draws=20)

    def raws(result):
        return {s.key: [c.raw for c in s.cells] for r in result for s in r.schools}

    a, b = raws(before), raws(after)
    assert a == b  # raw values are what was reported, for everyone (the victim too)
    removed = {s.key: {c.code for c in s.cells if c.removed} for r in after for s in r.schools}
    removed_before = {
        s.key: {c.code for c in s.cells if c.removed} for r in before for s in r.schools
    }
    for key in a:
        if key != victim.key:
            assert removed[key] == removed_before[key]
    if victim.values[code] is not None:
        assert code in removed[victim.key]


@settings(max_examples=40, deadline=None)
@given(school_rows, st.integers(0, 2**32 - 1))
def test_the_same_seed_gives_the_same_intervals(rows, seed):
    schools = make(rows)

    def intervals():
        return [
            (s.key, s.median_rank, s.rank_p5, s.rank_p95, s.p_places)
            for r in compute(RANKING, schools, seed=seed, draws=50)
            for s in r.schools
        ]

    assert intervals() == intervals()


@settings(max_examples=40, deadline=None)
@given(school_rows)
def test_rank_intervals_contain_the_median_and_scores_stay_in_range(rows):
    for result in compute(RANKING, make(rows), seed=1, draws=50):
        for s in result.ranked:
            assert 0 <= s.score <= 100 + 1e-9
            assert 1 <= s.rank_p5 <= s.median_rank <= s.rank_p95 <= len(result.ranked)
            assert 0 <= s.p_places <= 1
