"""Planted errors (埋设错误) for the demo province: the typical mistakes schools make when they
fill in the data tables, one per affected school, in the current cycle only.

Each planting changes as few values as possible so that exactly one kind of check fails:

- `unit_slip`: a money value 10⁴ off (元 typed into a 万元 cell or the reverse); found by
  comparing with the previous cycle (ratio about 10⁴ or 10⁻⁴).
- `child_exceeds_parent`: a `subset` 其中 row above its parent (indicators with no other
  relation, so nothing else breaks).
- `sum_mismatch`: an `exhaustive` parent whose children no longer add up to it.
- `percent_out_of_range`: a percentage typed without its decimal point (95.30 → 9530).
- `ratio_mismatch`: 生师比 at least 35% away from 全日制在校生人数/专任教师总数.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from nianbao.indicators.catalog import Catalog

__all__ = ["PLANTED_KINDS", "plant_error"]

PLANTED_KINDS = (
    "unit_slip",
    "child_exceeds_parent",
    "sum_mismatch",
    "percent_out_of_range",
    "ratio_mismatch",
)

Values = dict[str, Decimal | str | None]
# A planting returns (indicator codes, description) or None when it cannot apply to this school.
Planting = Callable[[Catalog, Values, Values, random.Random], tuple[tuple[str, ...], str] | None]


def _fmt(value: Decimal | str | None, unit: str = "") -> str:
    return f"{value}{'' if unit in ('', ':') else unit}"


def _quantize(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _unit_slip(catalog: Catalog, cur: Values, prev: Values, rng: random.Random):
    candidates = [
        c
        for c in (
            "special_funding",
            "funding_per_student",
            "monthly_income",
            "enterprise_equipment_value",
            "non_degree_training_income",
        )
        if isinstance(cur.get(c), Decimal) and cur[c] >= 1 and prev.get(c)
    ]
    if not candidates:
        return None
    code = rng.choice(candidates)
    spec = catalog[code]
    before = cur[code]
    if spec.unit == "万元":
        cur[code] = _quantize(before * 10_000, spec.decimals)
        how = "按“元”填入了“万元”栏"
    else:
        cur[code] = _quantize(before / 10_000, spec.decimals)
        how = "按“万元”填入了“元”栏"
    text = (
        f"“{spec.name}”{how}：上年 {_fmt(prev[code], spec.unit)}，"
        f"本年填 {_fmt(cur[code], spec.unit)}（应为 {_fmt(before, spec.unit)}）"
    )
    return (code,), text


_CHILD_CANDIDATES = (
    "graduates_to_bachelor",
    "national_planned_textbooks",
    "master_craftsmen_mentors",
    "internship_insurance_funding",
    "employed_grassroots",
)


def _child_exceeds_parent(catalog: Catalog, cur: Values, prev: Values, rng: random.Random):
    candidates = [c for c in _CHILD_CANDIDATES if cur.get(catalog[c].parent)]
    if not candidates:
        return None
    code = rng.choice(candidates)
    spec = catalog[code]
    parent = catalog[spec.parent]
    total = cur[parent.code]
    extra = max(Decimal(1), total * Decimal(str(rng.uniform(0.05, 0.3))))
    cur[code] = _quantize(total + extra, spec.decimals)
    text = (
        f"其中项“{spec.name}”填 {_fmt(cur[code], spec.unit)}，"
        f"大于上级“{parent.name}”的 {_fmt(total, parent.unit)}"
    )
    return (code, parent.code), text


def _sum_mismatch(catalog: Catalog, cur: Values, prev: Values, rng: random.Random):
    options = []
    sector = catalog.children("employed_by_sector")
    largest = max(sector, key=lambda s: cur[s.code])
    if cur[largest.code] >= 5:
        options.append(("employed_by_sector", largest.code, -1))
    for parent in ("teaching_resource_libraries", "virtual_simulation_bases"):
        options.append((parent, parent, +1))
    parent_code, changed, sign = rng.choice(options)
    parent = catalog[parent_code]
    before = cur[changed]
    step = max(Decimal(2), _quantize(before * Decimal("0.15"), 0))
    cur[changed] = before + sign * step if sign > 0 else max(Decimal(0), before - step)
    children = parent.children
    total = sum(cur[c] for c in children)
    text = (
        f"“{parent.name}”填 {_fmt(cur[parent_code], parent.unit)}，"
        f"但其中各项之和为 {_fmt(total, parent.unit)}"
    )
    return (parent_code, *children), text


_PERCENT_CANDIDATES = (
    "dual_qualified_teacher_rate",
    "senior_title_teacher_rate",
    "three_year_promotion_rate",
    "physical_test_pass_rate",
    "employer_satisfaction",
    "parent_satisfaction",
    "staff_satisfaction",
)


def _percent_out_of_range(catalog: Catalog, cur: Values, prev: Values, rng: random.Random):
    candidates = [c for c in _PERCENT_CANDIDATES if isinstance(cur.get(c), Decimal) and cur[c] > 2]
    if not candidates:
        return None
    code = rng.choice(candidates)
    spec = catalog[code]
    before = cur[code]
    cur[code] = _quantize(before * 100, spec.decimals)
    text = f"“{spec.name}”填 {cur[code]}，超出 0～100（应为 {before}，漏了小数点）"
    return (code,), text


def _ratio_mismatch(catalog: Catalog, cur: Values, prev: Values, rng: random.Random):
    students, teachers = cur["full_time_students"], cur["full_time_teachers"]
    true_ratio = _quantize(students / teachers, 2)
    factor = Decimal(str(rng.uniform(1.35, 1.9)))
    stated = true_ratio * factor if rng.random() < 0.5 else true_ratio / factor
    cur["student_teacher_ratio"] = _quantize(stated, 2)
    text = (
        f"生师比填 {cur['student_teacher_ratio']}，但全日制在校生人数 {students} ÷ "
        f"专任教师总数 {teachers} = {true_ratio}"
    )
    return ("student_teacher_ratio", "full_time_students", "full_time_teachers"), text


PLANTINGS: dict[str, Planting] = {
    "unit_slip": _unit_slip,
    "child_exceeds_parent": _child_exceeds_parent,
    "sum_mismatch": _sum_mismatch,
    "percent_out_of_range": _percent_out_of_range,
    "ratio_mismatch": _ratio_mismatch,
}


def plant_error(
    kind: str, catalog: Catalog, current: Values, previous: Values, rng: random.Random
) -> tuple[tuple[str, ...], str] | None:
    """Change `current` in place to contain one error of `kind`; None if it cannot apply."""
    return PLANTINGS[kind](catalog, current, previous, rng)
