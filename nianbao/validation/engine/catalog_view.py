"""What the engine reads from an indicator catalog (duck-typed: any object with
`indicators: dict[code, spec]` where specs carry the fields of the catalog contract)."""

from __future__ import annotations

from typing import Any

NUMERIC_TYPES = frozenset({"count", "amount", "percent", "ratio", "decimal"})


def is_numeric(spec: Any) -> bool:
    return spec.value_type in NUMERIC_TYPES


def decimals_of(spec: Any) -> int:
    d = getattr(spec, "decimals", None)
    if d is not None:
        return int(d)
    return 0 if spec.value_type == "count" else 2


def units_of(catalog: Any) -> dict[str, tuple[str, int]]:
    return {c: (s.unit or "", decimals_of(s)) for c, s in catalog.indicators.items()}


def names_of(catalog: Any) -> dict[str, str]:
    return {c: s.name for c, s in catalog.indicators.items()}


def children_of(catalog: Any) -> dict[str, list[str]]:
    """Parent code → its 其中 rows in display order (from each child's `parent`)."""
    out: dict[str, list[str]] = {}
    for code, spec in catalog.indicators.items():
        parent = getattr(spec, "parent", None)
        if parent:
            out.setdefault(parent, []).append(code)
    return out


def select(catalog: Any, selector: str) -> list[str]:
    """Codes matching one selector: a code, `type:<value_type>`, `unit:<unit>`, `table:<code>`."""
    inds = catalog.indicators
    if ":" not in selector:
        return [selector] if selector in inds else []
    key, _, want = selector.partition(":")
    attr = {"type": "value_type", "unit": "unit", "table": "table"}.get(key)
    if attr is None:
        raise KeyError(selector)
    return (
        [c for c, s in inds.items() if _table_code(s) == want]
        if attr == "table"
        else [c for c, s in inds.items() if getattr(s, attr, None) == want]
    )


def _table_code(spec: Any) -> str:
    t = spec.table
    return t if isinstance(t, str) else getattr(t, "code", str(t))
