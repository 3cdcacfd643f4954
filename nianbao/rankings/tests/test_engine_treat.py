"""The JRC/COINr outlier rule, case by case; expected numbers computed by hand."""

import math

import numpy as np
import pytest

from nianbao.rankings.engine.scoring import min_ranks
from nianbao.rankings.engine.treat import kurtosis, passes, skewness, treat

# Many schools with no 国外技能大赛 award and a long tail: winsorising 5 points is not enough.
AWARDS = [0.0] * 50 + [1.0] * 20 + [2.0] * 10 + [5, 8, 12, 20, 30, 50, 80, 130, 200, 350.0]


def test_symmetric_values_are_left_as_they_are():
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8])
    treated, how = treat(x)
    assert how.method == "none" and how.skew == pytest.approx(0.0)
    assert treated.tolist() == x.tolist()


def test_one_far_value_is_winsorised_to_the_next_largest():
    treated, how = treat(np.array([2.0, 3, 4, 4, 5, 6, 40]))
    assert (how.method, how.winsorised) == ("winsorise", 1)
    assert treated.tolist() == [2, 3, 4, 4, 5, 6, 6]


def test_a_low_outlier_is_winsorised_at_the_bottom():
    treated, how = treat(np.array([-40.0, 2, 3, 4, 4, 5, 6]))
    assert (how.method, how.winsorised) == ("winsorise", 1)
    assert treated.tolist() == [2, 2, 3, 4, 4, 5, 6]


def test_a_long_tail_falls_back_to_the_log_of_the_original_values():
    treated, how = treat(np.array(AWARDS))
    assert how.method == "log"
    span = 350.0  # max − min
    expected = [math.log(v - 0 + 0.01 * span) for v in AWARDS]
    assert treated.tolist() == pytest.approx(expected)
    assert treated[0] == pytest.approx(math.log(3.5))


def test_winsorising_that_would_flatten_the_indicator_gives_way_to_the_log():
    # three schools with 技术产权交易收入 among 27 with none: winsorising them to 0 would leave
    # no difference at all, so the log keeps 0 < 5 < 20 < 80
    x = np.array([0.0] * 27 + [5.0, 20.0, 80.0])
    treated, how = treat(x)
    assert how.method == "log"
    assert treated[-3:].tolist() == pytest.approx([math.log(v + 0.8) for v in (5, 20, 80)])


def test_skewness_and_kurtosis_are_the_sample_adjusted_ones():
    # x = 1, 2, 3, 10: mean 4, d = −3, −2, −1, 6; Σd² = 50, Σd³ = 180, Σd⁴ = 1394
    # skew = √4·180/50^1.5 · √12/2 = 1.763…; r = 4·1394/2500 = 2.2304,
    # kurt = ((5)(−0.7696) + 6)·3/(2·1) = 3.228
    x = np.array([1.0, 2, 3, 10])
    assert skewness(x) == pytest.approx(2 * 180 / 50**1.5 * math.sqrt(12) / 2)
    assert kurtosis(x) == pytest.approx((5 * (4 * 1394 / 2500 - 3) + 6) * 3 / 2)
    assert passes(x)  # kurtosis under 3.5


def test_too_few_values_pass_untreated():
    assert treat(np.array([1.0, 100.0]))[1].method == "none"


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        ([3.0, 1.0, 2.0], [1, 3, 2]),
        ([5.0, 7.0, 7.0, 1.0], [3, 1, 1, 4]),
        ([2.0, 2.0, 2.0], [1, 1, 1]),
        ([0.1 + 0.2, 0.3, 0.1], [1, 1, 3]),  # floating-point noise is not a difference
    ],
)
def test_ranks_share_the_smallest_place_on_ties(scores, ranks):
    assert min_ranks(np.array(scores)).tolist() == ranks
