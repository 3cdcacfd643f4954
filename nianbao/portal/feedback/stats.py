"""Peer statistics for the feedback report: plain Python over plain numbers (no ORM).

Quartiles use linear interpolation between closest ranks (the "inclusive" method, the same
as spreadsheet QUARTILE.INC and numpy's default). The percentile of a school is its mid-rank:
the share of peers below it plus half of those equal to it (itself included), × 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["KEY_INDICATORS", "PeerStats", "peer_stats", "percentile_rank", "quantile"]

# 关键指标: comparable between schools of different sizes (rates, per-student figures).
KEY_INDICATORS: tuple[str, ...] = (
    "in_province_placement_rate",
    "monthly_income",
    "student_satisfaction",
    "employer_satisfaction",
    "student_teacher_ratio",
    "dual_qualified_teacher_rate",
    "equipment_value_per_student",
    "funding_per_student",
)


@dataclass(frozen=True)
class PeerStats:
    """Statistics of one indicator over a peer group; `percentile` is the school's own."""

    count: int
    q1: float
    median: float
    q3: float
    percentile: float | None


def quantile(sorted_values: list[float], q: float) -> float:
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def percentile_rank(value: float, values: list[float]) -> float:
    below = sum(1 for v in values if v < value)
    equal = sum(1 for v in values if v == value)
    return 100 * (below + 0.5 * equal) / len(values)


def peer_stats(own: float | None, peers: list[float]) -> PeerStats | None:
    """None when no peer reported the indicator."""
    if not peers:
        return None
    ordered = sorted(peers)
    return PeerStats(
        count=len(ordered),
        q1=quantile(ordered, 0.25),
        median=quantile(ordered, 0.5),
        q3=quantile(ordered, 0.75),
        percentile=None if own is None else percentile_rank(own, ordered),
    )


def as_number(value) -> float | None:
    """A stored value as a float; text and blanks are not numbers."""
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        return float(value)
    return None
