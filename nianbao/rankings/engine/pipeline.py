"""One list from schools' data: population, removals (committee 不实, missing 佐证材料), the
two-thirds coverage rule, scoring and rank intervals, per group when the list is grouped."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from nianbao.rankings.definitions import IndicatorDef, RankingDef
from nianbao.rankings.engine.inputs import SchoolInput, scaled_value
from nianbao.rankings.engine.scoring import min_ranks, rank_intervals, score_matrix
from nianbao.rankings.engine.treat import Treatment

__all__ = ["Cell", "SchoolResult", "IndicatorSummary", "ListResult", "compute", "removal_reason"]

EVIDENCE_MISSING = "要求提供佐证材料，未提供"


@dataclass(frozen=True)
class Cell:
    code: str
    raw: float | None  # as ranked (after per-capita scaling), before any removal
    removed: str  # why the value does not count; "" when it counts
    treated: float | None
    normalised: float | None
    weight: float  # the school's share of this indicator in its score
    contribution: float | None


@dataclass(frozen=True)
class SchoolResult:
    key: int
    name: str
    group: str
    covered: int
    excluded: str  # why the school is not ranked; "" when ranked
    score: float | None = None
    rank: int | None = None
    median_rank: int | None = None
    rank_p5: int | None = None
    rank_p95: int | None = None
    p_places: float | None = None
    cells: tuple[Cell, ...] = ()


@dataclass(frozen=True)
class IndicatorSummary:
    code: str
    weight: float
    treatment: Treatment


@dataclass(frozen=True)
class ListResult:
    ranking: str
    group: str
    indicators: tuple[IndicatorSummary, ...]
    schools: tuple[SchoolResult, ...]  # ranked schools by rank, then the unranked

    @property
    def ranked(self) -> list[SchoolResult]:
        return [s for s in self.schools if not s.excluded]


def removal_reason(
    indicator: IndicatorDef,
    school: SchoolInput,
    value: float,
    untrue: Mapping[tuple[int, str], str],
) -> str:
    """Why a value does not count: verified as 不实, or it needs 佐证材料 and has none (a zero
    needs no proof). "" when it counts."""
    if (school.key, indicator.code) in untrue:
        note = untrue[(school.key, indicator.code)]
        return f"经核实不实：{note}" if note else "经核实不实"
    if indicator.evidence and value != 0 and indicator.code not in school.evidence:
        return EVIDENCE_MISSING
    return ""


def compute(
    ranking: RankingDef,
    schools: list[SchoolInput],
    *,
    untrue: Mapping[tuple[int, str], str] | None = None,
    seed: int,
    draws: int,
) -> list[ListResult]:
    """The list (one per group). `untrue` maps (school key, code) → the committee's note for
    values verified as 不实."""
    untrue = untrue or {}
    population = [s for s in schools if s.level in ranking.levels]
    groups: dict[str, list[SchoolInput]] = {}
    for s in population:
        groups.setdefault(s.group if ranking.group_by else "", []).append(s)
    return [
        _compute_group(ranking, name, members, untrue, seed, draws)
        for name, members in sorted(groups.items())
    ]


def _compute_group(ranking, group, schools, untrue, seed, draws) -> ListResult:
    k = len(ranking.indicators)
    raw = np.array(
        [[_nan(scaled_value(i, s.values)) for i in ranking.indicators] for s in schools],
        dtype=float,
    ).reshape(len(schools), k)
    reasons = [
        [
            removal_reason(ind, s, raw[row, j], untrue) if not np.isnan(raw[row, j]) else ""
            for j, ind in enumerate(ranking.indicators)
        ]
        for row, s in enumerate(schools)
    ]
    X = np.where(np.array(reasons, dtype=object).reshape(raw.shape) == "", raw, np.nan)
    covered = (~np.isnan(X)).sum(axis=1)
    ranked = covered >= ranking.min_coverage
    weights = np.array([i.weight for i in ranking.indicators])
    directions = np.array([i.direction for i in ranking.indicators])
    scored = score_matrix(X[ranked], weights, directions)
    out: list[SchoolResult] = []
    if ranked.any():
        ranks = min_ranks(scored.scores)
        iv = rank_intervals(
            scored.normalised, weights, places=ranking.places, seed=seed, draws=draws
        )
    for row, s in enumerate(schools):
        cells_raw = raw[row]
        if not ranked[row]:
            cells = tuple(
                Cell(i.code, _none(cells_raw[j]), reasons[row][j], None, None, 0.0, None)
                for j, i in enumerate(ranking.indicators)
            )
            why = f"有效指标 {covered[row]} 项，少于 {ranking.min_coverage} 项（三分之二），不参与排名"
            out.append(SchoolResult(s.key, s.name, group, int(covered[row]), why, cells=cells))
            continue
        r = int(ranked[: row + 1].sum()) - 1
        cells = tuple(
            Cell(
                i.code,
                _none(cells_raw[j]),
                reasons[row][j],
                _none(scored.treated[r, j]),
                _none(scored.normalised[r, j]),
                float(scored.shares[r, j]),
                None if np.isnan(scored.normalised[r, j]) else float(scored.contributions[r, j]),
            )
            for j, i in enumerate(ranking.indicators)
        )
        out.append(
            SchoolResult(
                s.key,
                s.name,
                group,
                int(covered[row]),
                "",
                float(scored.scores[r]),
                int(ranks[r]),
                int(iv.median[r]),
                int(iv.p5[r]),
                int(iv.p95[r]),
                float(iv.p_places[r]),
                cells,
            )
        )
    out.sort(key=lambda s: (s.rank is None, s.rank or 0, s.name))
    indicators = tuple(
        IndicatorSummary(i.code, i.weight, scored.treatments[j])
        for j, i in enumerate(ranking.indicators)
    )
    return ListResult(ranking.code, group, indicators, tuple(out))


def _nan(value: float | None) -> float:
    return np.nan if value is None else value


def _none(value) -> float | None:
    return None if np.isnan(value) else float(value)
