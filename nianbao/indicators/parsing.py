"""Input of any origin (form text, JSON number, Excel cell) to a catalog value (no ORM)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from nianbao.indicators.catalog import parse_value

__all__ = ["parse_raw", "MAX_DECIMAL_PLACES", "same_value"]

MAX_DECIMAL_PLACES = 4  # what the database keeps
MAX_INTEGER_DIGITS = 20  # DataValue.number: 24 digits, 4 of them decimals


def parse_raw(spec, raw) -> Decimal | str | None:
    """`parse_value` after normalising non-text input; raises ValueError with a Chinese message."""
    if isinstance(raw, (dt.date, dt.time)):
        raise ValueError(f"“{spec.name}”的单元格是日期格式，请改为填写数值")
    if raw is not None and not isinstance(raw, (str, int, float, Decimal)):
        raise ValueError(f"“{spec.name}”的内容无法识别")
    value = parse_value(spec, raw)
    if isinstance(value, Decimal) and (
        not value.is_finite() or value.adjusted() >= MAX_INTEGER_DIGITS
    ):
        raise ValueError(f"数值过大（整数部分最多 {MAX_INTEGER_DIGITS} 位）")
    if isinstance(value, Decimal) and value.as_tuple().exponent < -MAX_DECIMAL_PLACES:
        raise ValueError(f"小数位数过多（最多 {MAX_DECIMAL_PLACES} 位）")
    return value


def same_value(a, b) -> bool:
    """Equal as stored values: 85.15 == 85.1500; a number never equals a text."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    return type(a) is type(b) and a == b
