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
from nianbao.checker.model import Finding
from nianbao.checker.numbers import find_numbers, normalize_text
from nianbao.checker.quantities import QuantityIndex, label_before, normalize_label

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
    from nianbao.indicators.catalog import available_catalogs, load_catalog

    out: dict[str, tuple[str, str]] = {}
    for edition, level in sorted(available_catalogs(), reverse=True):
        for code, spec in load_catalog(edition, level).indicators.items():
            out.setdefault(code, (spec.name, spec.unit or ""))
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
    indicators = parse_data(data)
    by_label = {}
    for ind in indicators:
        by_label.setdefault(normalize_label(ind.name), ind)
    if not by_label:
        return
    for s in ctx.sentences:
        for num in s.nums:
            if not num.written_unit:
                continue
            found = label_before(s.text, num.start)
            if not found:
                continue
            ind = by_label.get(normalize_label(found[0]))
            if ind is None:
                continue
            expected = ind.value
            if ind.unit:
                unit_num = find_numbers(normalize_text(f"1{ind.unit}"))
                if unit_num and unit_num[0].unit == num.unit:
                    expected = ind.value * unit_num[0].scale
                elif unit_num and unit_num[0].unit != num.unit:
                    continue
            if abs(expected - num.value) > num.tolerance + 1e-9 * max(1.0, abs(expected)):
                yield Finding(
                    CODE,
                    "error",
                    f"与数据表不一致：「{found[0]}」文中为 {num.text}，数据表"
                    + (f"（{ind.code}）" if ind.code else "")
                    + f"为 {ind.value:g}{ind.unit}",
                    s.location,
                    s.text.strip(),
                    (num.text, f"{ind.value:g}"),
                )
