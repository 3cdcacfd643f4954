"""What the engine ranks: one school's values as plain data, and scaling to comparable values."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from nianbao.rankings.definitions import IndicatorDef

__all__ = ["SchoolInput", "scaled_value"]


@dataclass(frozen=True)
class SchoolInput:
    """One school's report data for the rankings.

    `values`/`previous`: catalog values of this and last year's report (None = blank);
    `flags`: indicator code → why validation doubts it (unresolved error, rejected explanation);
    `evidence`: codes that have 佐证材料 attached."""

    key: int
    name: str
    level: str
    group: str = ""
    values: Mapping[str, float | None] = field(default_factory=dict)
    previous: Mapping[str, float | None] = field(default_factory=dict)
    flags: Mapping[str, str] = field(default_factory=dict)
    evidence: frozenset[str] = frozenset()


def _number(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def scaled_value(indicator: IndicatorDef, values: Mapping[str, object]) -> float | None:
    """The value as ranked: as reported, or per capita from the same report (None when the value
    or a positive denominator is missing)."""
    value = _number(values.get(indicator.code))
    if value is None or indicator.scaling is None:
        return value
    denominator = _number(values.get(indicator.scaling.denominator))
    if not denominator or denominator <= 0:
        return None
    return value / denominator * indicator.scaling.factor
