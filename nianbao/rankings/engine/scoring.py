"""The numbers of a list on plain arrays: treatment, min–max normalisation to 0–100, weighted
arithmetic mean over the indicators a school has, ranks with ties at the minimum, and the Monte
Carlo rank intervals. `X` is schools × indicators with NaN for a missing or removed value."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nianbao.rankings.engine.treat import Treatment, treat

__all__ = ["Scored", "score_matrix", "min_ranks", "rank_intervals", "Intervals", "SCORE_DECIMALS"]

# Scores are rounded before ranking so that floating-point noise never splits a true tie.
SCORE_DECIMALS = 9
LOW, HIGH = 0.75, 1.25


@dataclass(frozen=True)
class Scored:
    treated: np.ndarray  # schools × indicators, NaN where missing
    normalised: np.ndarray  # 0–100, NaN where missing
    shares: np.ndarray  # each school's weights renormalised over its available indicators
    contributions: np.ndarray  # shares × normalised (0 where missing)
    scores: np.ndarray
    treatments: tuple[Treatment, ...]


def score_matrix(X: np.ndarray, weights: np.ndarray, directions: np.ndarray) -> Scored:
    X = np.asarray(X, dtype=float)
    available = ~np.isnan(X)
    T = np.full_like(X, np.nan)
    Y = np.full_like(X, np.nan)
    treatments = []
    for j in range(X.shape[1]):
        rows = available[:, j]
        t, how = treat(X[rows, j])
        treatments.append(how)
        T[rows, j] = t
        if t.size == 0:
            continue
        low, high = t.min(), t.max()
        if high == low:
            Y[rows, j] = 50.0  # an indicator on which no school differs rates all alike
        elif directions[j] > 0:
            Y[rows, j] = 100.0 * (t - low) / (high - low)
        else:
            Y[rows, j] = 100.0 * (high - t) / (high - low)
    W = np.where(available, weights, 0.0)
    total = W.sum(axis=1, keepdims=True)
    shares = np.divide(W, total, out=np.zeros_like(W), where=total > 0)
    contributions = shares * np.nan_to_num(Y)
    return Scored(T, Y, shares, contributions, contributions.sum(axis=1), tuple(treatments))


def min_ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score; tied scores share the smallest rank (1, 2, 2, 4). Works on a
    vector or column-wise on a schools × draws matrix."""
    s = np.round(np.asarray(scores, dtype=float), SCORE_DECIMALS)
    order = np.argsort(-s, axis=0, kind="stable")
    ordered = np.take_along_axis(s, order, axis=0)
    n = s.shape[0]
    position = np.arange(n).reshape((n,) + (1,) * (s.ndim - 1))
    starts = np.ones(ordered.shape, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=0)
    ranks = np.empty(s.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, first + 1, axis=0)
    return ranks


@dataclass(frozen=True)
class Intervals:
    median: np.ndarray
    p5: np.ndarray
    p95: np.ndarray
    p_places: np.ndarray
    draws: np.ndarray  # the weight draws (draws × indicators), for the record


def rank_intervals(
    normalised: np.ndarray, weights: np.ndarray, *, places: int, seed: int, draws: int
) -> Intervals:
    """Each weight × U(0.75, 1.25), renormalised, `draws` times with a fixed seed; per school the
    median, 5th and 95th percentile rank (observed ranks, inverted CDF) and P(rank ≤ places)."""
    rng = np.random.default_rng(seed)
    W = weights * rng.uniform(LOW, HIGH, size=(draws, len(weights)))
    W /= W.sum(axis=1, keepdims=True)
    available = ~np.isnan(normalised)
    Y = np.nan_to_num(normalised)
    denominators = available.astype(float) @ W.T
    S = np.divide(Y @ W.T, denominators, out=np.zeros_like(denominators), where=denominators > 0)
    R = min_ranks(S)
    p5, median, p95 = np.percentile(R, [5, 50, 95], axis=1, method="inverted_cdf")
    return Intervals(median, p5, p95, (places >= R).mean(axis=1), W)
