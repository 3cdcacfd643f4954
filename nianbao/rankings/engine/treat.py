"""Outlier treatment of one indicator (the JRC/COINr rule, `COINr::Treat` defaults).

An indicator fails when |skewness| ≥ 2 and kurtosis ≥ 3.5 (sample-adjusted skewness and excess
kurtosis, as `e1071`/COINr compute them). A failing indicator is winsorised one extreme value at
a time (the maximum when the skew is positive, else the minimum, set to the next value) while it
fails and fewer than 5 original points have changed; when it still fails (or no spread is left)
the original values are log-transformed instead: log(x − min + 0.01 (max − min)) (COINr `log_CT`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Treatment", "skewness", "kurtosis", "passes", "treat", "SKEW_MAX", "KURT_MAX"]

SKEW_MAX = 2.0
KURT_MAX = 3.5
WINSORISE_MAX = 5


@dataclass(frozen=True)
class Treatment:
    method: str  # "none" | "winsorise" | "log"
    skew: float | None
    kurt: float | None
    winsorised: int = 0


def skewness(x: np.ndarray) -> float | None:
    n = len(x)
    if n < 3:
        return None
    d = x - x.mean()
    m2 = (d**2).sum()
    if m2 == 0:
        return 0.0
    g = np.sqrt(n) * (d**3).sum() / m2**1.5
    return float(g * np.sqrt(n * (n - 1)) / (n - 2))


def kurtosis(x: np.ndarray) -> float | None:
    n = len(x)
    if n < 4:
        return None
    d = x - x.mean()
    m2 = (d**2).sum()
    if m2 == 0:
        return 0.0
    r = n * (d**4).sum() / m2**2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def passes(x: np.ndarray) -> bool:
    s, k = skewness(x), kurtosis(x)
    if s is None or k is None:
        return True
    return abs(s) < SKEW_MAX or k < KURT_MAX


def treat(x: np.ndarray) -> tuple[np.ndarray, Treatment]:
    """The treated copy of `x` (available values only, no NaN) and what was done."""
    x = np.asarray(x, dtype=float)
    s0, k0 = skewness(x), kurtosis(x)
    if passes(x):
        return x.copy(), Treatment("none", s0, k0)
    w = x.copy()
    done = 0
    while not passes(w) and done < WINSORISE_MAX:
        high = skewness(w) >= 0
        extreme = w.max() if high else w.min()
        at = w == extreme
        rest = w[~at]
        if rest.size == 0:
            break
        w[at] = rest.max() if high else rest.min()
        done = int((w != x).sum())  # original points changed; a replaced value ties the next
    if passes(w) and w.max() > w.min():
        return w, Treatment("winsorise", s0, k0, done)
    # still failing, or winsorising left every value equal (a few non-zero values among zeros):
    # the log keeps the order the data has.
    span = x.max() - x.min()
    return np.log(x - x.min() + 0.01 * span), Treatment("log", s0, k0)
