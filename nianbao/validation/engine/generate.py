"""Structural rules generated from the catalog's shape: type and range of every numeric indicator
(类型与取值范围), 其中 rows not above their parent (其中项不超过总数), exhaustive children summing
to their parent (分项之和等于合计)."""

from __future__ import annotations

from typing import Any

from .catalog_view import children_of, decimals_of, is_numeric, names_of, units_of
from .findings import Severity
from .formatting import parse_template, substitute_names
from .parser import parse
from .rules import SKIP_IF_ANY_MISSING, RuleInstance

# Value types whose rows can be compared with their parent (a percentage 其中 row is a rate of a
# sub-population, not a part of the parent rate).
_ADDITIVE_TYPES = frozenset({"count", "amount", "decimal"})

_TYPE_RANGE = {
    "count": ("is_whole($) and $ >= 0", "「{name($)}」应为不带小数的非负整数，填报值为 {$|||}，请改正。"),
    "percent": ("$ >= 0 and $ <= 100", "「{name($)}」为百分比，应在 0–100 之间（85.5% 填 85.5），填报值为 {$}，请改正。"),
}
_NON_NEGATIVE = ("$ >= 0", "「{name($)}」不能为负数，填报值为 {$}，请改正。")


def generate(catalog: Any, prefix: str, kind: str, *, severity: Severity, exclude=()) -> list:
    """Instances of one generated kind for every place in the catalog it applies to."""
    make = {"type_range": _type_range, "hierarchy": _hierarchy, "exhaustive_sum": _sums}[kind]
    out = []
    for target, expr, message, indicators in make(catalog):
        if target in exclude:
            continue
        out.append(_instance(catalog, prefix, kind, severity, target, expr, message, indicators))
    return out


def _instance(catalog, prefix, kind, severity, target, expr, message, indicators) -> RuleInstance:
    tag = {"type_range": "TR", "hierarchy": "HI", "exhaustive_sum": "SUM"}[kind]
    message = substitute_names(message.replace("$", target), names_of(catalog))
    # `{x|||}` means "the indicator's own unit, but show the raw value" for type errors, so a
    # fractional count is not hidden by rounding to 0 decimals.
    message = message.replace("|||}", "|" + (catalog.indicators[target].unit or "") + "|}")
    expr = expr.replace("$", target)
    return RuleInstance(
        rule_id=f"{prefix}-{tag}/{target}",
        kind=kind,
        severity=severity,
        expr=expr,
        node=parse(expr),
        message=parse_template(message, units_of(catalog)),
        indicators=tuple(indicators),
        missing=SKIP_IF_ANY_MISSING,
        target=target,
    )


def _type_range(catalog):
    for code, spec in catalog.indicators.items():
        if not is_numeric(spec):
            continue
        expr, message = _TYPE_RANGE.get(spec.value_type, _NON_NEGATIVE)
        yield code, expr, message, (code,)


def _hierarchy(catalog):
    for parent, kids in children_of(catalog).items():
        pspec = catalog.indicators[parent]
        if pspec.value_type not in _ADDITIVE_TYPES:
            continue
        if getattr(pspec, "children_sum", "none") not in ("subset", "exhaustive"):
            continue
        for kid in kids:
            kspec = catalog.indicators[kid]
            if kspec.value_type not in _ADDITIVE_TYPES or kspec.unit != pspec.unit:
                continue
            yield (
                kid,
                f"$ <= {parent}",
                f"「{{name($)}}」为 {{$}}，超过了其所属的「{{name({parent})}}」{{{parent}}}，"
                "其中项不能大于总数，请核对这两项。",
                (kid, parent),
            )


def _sums(catalog):
    for parent, kids in children_of(catalog).items():
        pspec = catalog.indicators[parent]
        if getattr(pspec, "children_sum", "none") != "exhaustive" or not is_numeric(pspec):
            continue
        kids = [k for k in kids if catalog.indicators[k].unit == pspec.unit]
        if not kids:
            continue
        total = "sum(" + ", ".join(kids) + ")"
        d = decimals_of(pspec)
        # Each child is rounded to the displayed decimals, so allow half a unit per child.
        tol = 0 if pspec.value_type == "count" else len(kids) * 0.5 * 10.0**-d
        expr = f"$ == {total} ± {tol:g}" if tol else f"$ == {total}"
        yield (
            parent,
            expr,
            f"「{{name($)}}」为 {{$}}，而其下各分项合计为 {{{total}|{pspec.unit}|{d}}}，"
            "分项之和应等于合计，请核对合计或补齐分项。",
            (parent, *kids),
        )


__all__ = ["generate"]
