"""Against the submitted data tables (与数据表核对): a number in the text that names an
indicator must equal the indicator's value. Indicators are given as {name_or_code: value} or
{"indicators": [{code, name, unit, value}]}; names of bare codes are looked up in the indicator
catalog only when it is available."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from nianbao.checker.context import Context
from nianbao.checker.metrics import qualified_name
from nianbao.checker.model import Finding
from nianbao.checker.numbers import find_numbers, normalize_text
from nianbao.checker.quantities import QuantityIndex, normalize_label
from nianbao.indicators.catalog import available_catalogs, load_catalog

CODE = "data.mismatch"


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name: str
    unit: str
    value: float


def _to_float(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(Decimal(str(value).replace(",", "").strip()))
    except (InvalidOperation, ValueError):
        return None


def _catalog_names() -> dict[str, tuple[str, str]]:
    """code -> (name, unit) from the indicator catalogs (newest edition first), so data given
    by code alone can still be matched against the text."""

    out: dict[str, tuple[str, str]] = {}
    for edition, level in sorted(available_catalogs(), reverse=True):
        catalog = load_catalog(edition, level)
        for code, spec in catalog.indicators.items():
            out.setdefault(code, (qualified_name(catalog.indicators, spec), spec.unit or ""))
    return out


def parse_data(data: dict) -> list[Indicator]:
    """Indicators from either accepted JSON shape; entries without a number are skipped."""
    items: list[tuple[str, str, str, object]] = []
    if isinstance(data.get("indicators"), list):
        for row in data["indicators"]:
            if isinstance(row, dict):
                items.append((str(row.get("code") or ""), str(row.get("name") or ""),
                              str(row.get("unit") or ""), row.get("value")))  # fmt: skip
    else:
        for key, value in data.items():
            is_name = bool(re.search(r"[\u4e00-\u9fff]", key))
            items.append(("" if is_name else key, key if is_name else "", "", value))
    names = None
    out = []
    for code, name, unit, value in items:
        number = _to_float(value)
        if number is None:
            continue
        if not name and code:
            names = _catalog_names() if names is None else names
            name, unit = names.get(code, ("", unit))
        if name:
            out.append(Indicator(code, name, unit, number))
    return out


def check(ctx: Context, index: QuantityIndex, data: dict) -> Iterator[Finding]:
    """Facts of the report's own scope (no institution, qualifier or other period; the data's
    level when the report describes both) against indicators of the same metric."""
    by_metric: dict[str, list[Indicator]] = {}
    for ind in parse_data(data):
        by_metric.setdefault(normalize_label(ind.name), []).append(ind)
    level = data.get("level") if isinstance(data.get("level"), str) else None
    for f in index.facts:
        found = by_metric.get(f.metric)
        if not found or f.in_table or f.scope or f.qualifiers:
            continue
        if len({i.value for i in found}) > 1:
            continue  # two indicators of that name: which one the text means is unknown
        if f.period not in (None, ctx.year) or f.level == "both":
            continue
        if index.two_levels and (level is None or f.level != level):
            continue
        ind = found[0]
        expected = ind.value
        if ind.unit:
            unit_num = find_numbers(normalize_text(f"1{ind.unit}"))
            if unit_num and unit_num[0].unit == f.unit:
                expected = ind.value * unit_num[0].scale
            elif unit_num and unit_num[0].unit != f.unit:
                continue
        if abs(expected - f.value) > f.num.tolerance + 1e-9 * max(1.0, abs(expected)):
            yield Finding(
                CODE,
                "error",
                f"与数据表不一致：「{f.label}」文中为 {f.num.text}，数据表"
                + (f"（{ind.code}）" if ind.code else "")
                + f"为 {ind.value:g}{ind.unit}",
                f.location,
                f.sentence,
                (f.num.text, f"{ind.value:g}"),
            )
