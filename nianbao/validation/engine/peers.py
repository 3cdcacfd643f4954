"""Peer statistics (同类学校统计): median, median absolute deviation and count per indicator,
over the schools of one level, for peer-outlier and magnitude checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .catalog_view import is_numeric


@dataclass(frozen=True, slots=True)
class PeerStats:
    """Per code: `median`, `mad` (median absolute deviation) and `n` (schools reporting)."""

    median: dict[str, float] = field(default_factory=dict)
    mad: dict[str, float] = field(default_factory=dict)
    n: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Mapping[str, Any]]) -> PeerStats:
        """From `{code: {median: .., mad: .., n: ..}}` (truth-table cases, stored snapshots)."""
        stats = cls()
        for code, row in data.items():
            for key in ("median", "mad", "n"):
                if row.get(key) is not None:
                    getattr(stats, key)[code] = float(row[key])
        return stats


EMPTY = PeerStats()


def median(sorted_values: list[float]) -> float:
    n = len(sorted_values)
    mid = n // 2
    if n % 2:
        return sorted_values[mid]
    return (sorted_values[mid - 1] + sorted_values[mid]) / 2.0


def compute_peer_stats(
    catalog: Any,
    values_by_school: Mapping[str, Mapping[str, Any]] | Iterable[Mapping[str, Any]],
) -> PeerStats:
    """Median, MAD and n of every numeric indicator over the given schools (one level).

    Accepts `{school: values}` or a plain iterable of value dicts.
    """
    codes = [c for c, s in catalog.indicators.items() if is_numeric(s)]
    columns: dict[str, list[float]] = {c: [] for c in codes}
    schools = (
        values_by_school.values() if isinstance(values_by_school, Mapping) else values_by_school
    )
    for values in schools:
        for code in codes:
            v = values.get(code)
            if v is None:
                continue
            try:
                columns[code].append(float(v))
            except (TypeError, ValueError):
                continue
    return stats_from_columns(columns.items())


def stats_from_columns(columns: Iterable[tuple[str, list[float]]]) -> PeerStats:
    stats = PeerStats()
    for code, col in columns:
        col = [v for v in col if v == v]  # drop NaN
        if not col:
            continue
        col.sort()
        med = median(col)
        dev = sorted(abs(v - med) for v in col)
        stats.median[code] = med
        stats.mad[code] = median(dev)
        stats.n[code] = float(len(col))
    return stats
