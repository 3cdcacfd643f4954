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
    rows = np.ascontiguousarray(np.atleast_2d(s.T))  # one row per draw: sorting is contiguous
    order = np.argsort(-rows, axis=1)
    ordered = np.take_along_axis(rows, order, axis=1)
    starts = np.ones(ordered.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    position = np.arange(rows.shape[1])
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=1)
    ranks = np.empty(rows.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, first + 1, axis=1)
    return ranks[0] if s.ndim == 1 else ranks.T


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
    # inverted CDF: the p-th percentile is the ⌈p·draws⌉-th smallest observed rank
    kth = [max(int(np.ceil(p * draws)) - 1, 0) for p in (0.05, 0.5, 0.95)]
    p5, median, p95 = np.partition(R, kth, axis=1)[:, kth].T
    return Intervals(median, p5, p95, (places >= R).mean(axis=1), W)
