"""Rankings engine at national size: 1,500 schools × 20 indicators × 1,000 Monte Carlo weight
draws (treatment, normalisation, weighted mean, ranks, rank intervals), against a plain NumPy
matrix product of the same size ((1,500 × 20) @ (20 × 1,000)) on this machine.
Goal: under 1 s. Run: .venv/bin/python bench/bench_rankings.py"""

from __future__ import annotations

import time

import numpy as np

from nianbao.rankings.engine.scoring import min_ranks, rank_intervals, score_matrix

SCHOOLS, INDICATORS, DRAWS = 1500, 20, 1000


def synthetic(rng: np.random.Generator) -> np.ndarray:
    """Lognormal indicators (half of them heavily skewed, as counts of national awards are),
    5 % of the values missing."""
    sigma = np.where(np.arange(INDICATORS) % 2 == 0, 0.4, 1.6)
    X = rng.lognormal(mean=3.0, sigma=sigma, size=(SCHOOLS, INDICATORS))
    X[rng.random(X.shape) < 0.05] = np.nan
    return X


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(7)
    X = synthetic(rng)
    weights = np.full(INDICATORS, 1 / INDICATORS)
    directions = np.ones(INDICATORS)

    def pipeline():
        scored = score_matrix(X, weights, directions)
        min_ranks(scored.scores)
        rank_intervals(scored.normalised, weights, places=50, seed=1, draws=DRAWS)

    A = rng.random((SCHOOLS, INDICATORS))
    B = rng.random((INDICATORS, DRAWS))
    engine = best_of(pipeline)
    product = best_of(lambda: A @ B, repeat=200)  # ~1 ms: many tries for a steady minimum
    print(
        f"rankings engine, {SCHOOLS} schools × {INDICATORS} indicators × {DRAWS} draws: {engine:.3f} s"
    )
    print(f"plain NumPy product ({SCHOOLS}×{INDICATORS}) @ ({INDICATORS}×{DRAWS}): {product:.4f} s")
    print(
        f"ratio engine / product: {engine / product:.0f}×; goal < 1 s: {'met' if engine < 1 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
