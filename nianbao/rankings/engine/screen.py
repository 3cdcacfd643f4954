"""异常数据筛查: which values of a list the committee must verify before ranking, each with its
reason. Three sources: validation (unresolved errors, rejected explanations), robust peer outliers
within the school's level (|0.6745 (x − median) / MAD| > robust_z), and year-on-year jumps
(this year ≥ jump_factor × last year, or ≤ last year / jump_factor)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from nianbao.rankings.definitions import RankingDef
from nianbao.rankings.engine.inputs import SchoolInput, scaled_value

__all__ = ["Anomaly", "screen"]

KIND_LABELS = {"validation": "校验存疑", "outlier": "同类异常值", "jump": "同比突变"}


@dataclass(frozen=True)
class Anomaly:
    key: int
    code: str
    kind: str  # validation | outlier | jump
    value: float | None
    reason: str
    z: float | None = None  # the robust z of a peer outlier

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def _fmt(x: float) -> str:
    return f"{x:,.4g}"


def _jumped(before: float | None, value: float, factor: float) -> bool:
    if before is None or before <= 0 or value <= 0:
        return False
    return value >= before * factor or value <= before / factor


def screen(
    ranking: RankingDef, schools: list[SchoolInput], *, robust_z: float, jump_factor: float
) -> list[Anomaly]:
    found: list[Anomaly] = []
    for ind in ranking.indicators:
        by_level: dict[str, list[tuple[SchoolInput, float]]] = defaultdict(list)
        for s in schools:
            value = scaled_value(ind, s.values)
            if ind.code in s.flags:
                found.append(Anomaly(s.key, ind.code, "validation", value, s.flags[ind.code]))
            if value is None:
                continue
            by_level[s.level].append((s, value))
            before = scaled_value(ind, s.previous)
            if _jumped(before, value, jump_factor):
                found.append(
                    Anomaly(
                        s.key,
                        ind.code,
                        "jump",
                        value,
                        f"上年 {_fmt(before)}，本年 {_fmt(value)}（{value / before:.2f} 倍）",
                    )
                )
        for peers in by_level.values():
            x = np.array([v for _, v in peers])
            median = float(np.median(x))
            mad = float(np.median(np.abs(x - median)))
            if mad == 0:
                continue
            z = 0.6745 * (x - median) / mad
            for (s, value), zi in zip(peers, z, strict=True):
                if abs(zi) > robust_z:
                    found.append(
                        Anomaly(
                            s.key,
                            ind.code,
                            "outlier",
                            value,
                            f"同层次中位数 {_fmt(median)}，稳健 z 值 {zi:.1f}",
                            float(zi),
                        )
                    )
    return found
