"""Message templates (提示信息模板) and number formatting with units.

A template is Chinese text with placeholders `{expr}`, `{expr|unit}` or `{expr|unit|decimals}`;
`expr` is any rule expression; an empty decimals field means "as many as needed, up to 2". A bare indicator reference (`code`, `prev(code)`,
`peer_median(code)`) is shown with that indicator's unit and decimals. `{name(code)}` is replaced
by the indicator's Chinese name when the rule is loaded.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .parser import ExpressionError, parse
from .syntax import PEER_N, Node, Ref

BLANK = "未填"
UNDEFINED = "无法计算"
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_NAME = re.compile(r"\{name\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\}")


@dataclass(frozen=True, slots=True)
class Placeholder:
    key: str  # the expression text, used as the key in Finding.numbers
    node: Node
    unit: str
    decimals: int | None  # None: up to 2 decimals, trailing zeros dropped


Template = tuple[str | Placeholder, ...]


# Unit `倍数` shows a decade shift k (from `decade_shift`) in words a clerk reads at a glance.
DECADE_UNIT = "倍数"
_DECADES = {2: "一百倍", 3: "一千倍", 4: "一万倍", -2: "百分之一", -3: "千分之一", -4: "万分之一"}


def format_number(value: float, unit: str = "", decimals: int | None = None) -> str:
    """`85.15%`, `120837人`, `21.58:1`, `3429.07元`; -0 and float noise are cleaned up."""
    if math.isnan(value) or math.isinf(value):
        return UNDEFINED
    if unit == DECADE_UNIT:
        return _DECADES.get(round(value), f"10 的 {round(value)} 次方倍")
    if decimals is None:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:.{max(decimals, 0)}f}"
    if text in ("-0", "") or re.fullmatch(r"-0\.0*", text):
        text = text.lstrip("-") or "0"
    if unit == ":":
        return f"{text}:1"
    return f"{text}{unit}"


def substitute_names(text: str, names: dict[str, str]) -> str:
    """Replace `{name(code)}` by the indicator's name; unknown codes raise KeyError(code)."""

    def repl(m: re.Match) -> str:
        code = m.group(1)
        if code not in names:
            raise KeyError(code)
        return names[code]

    return _NAME.sub(repl, text)


def parse_template(text: str, units: dict[str, tuple[str, int]]) -> Template:
    """Split a template into literal text and placeholders.

    `units` maps codes to (unit, decimals). Raises ExpressionError with `pos` relative to `text`.
    """
    parts: list[str | Placeholder] = []
    last = 0
    for m in _PLACEHOLDER.finditer(text):
        if m.start() > last:
            parts.append(text[last : m.start()])
        fields = m.group(1).split("|")
        expr = fields[0]
        try:
            node = parse(expr)
        except ExpressionError as exc:
            raise ExpressionError(exc.message, m.start(1) + exc.pos) from None
        unit, decimals = "", None
        if isinstance(node, Ref):
            if node.source == PEER_N:
                unit, decimals = "所", 0
            elif node.code in units:
                unit, decimals = units[node.code]
        if len(fields) > 1:
            unit = fields[1]
        if len(fields) > 2:
            try:
                decimals = int(fields[2]) if fields[2].strip() else None
            except ValueError:
                raise ExpressionError("小数位数应为整数", m.start(1)) from None
        if len(fields) > 3:
            raise ExpressionError("占位符格式应为 {表达式|单位|小数位数}", m.start(1))
        parts.append(Placeholder(expr.strip(), node, unit, decimals))
        last = m.end()
    if last < len(text):
        parts.append(text[last:])
    return tuple(parts)
