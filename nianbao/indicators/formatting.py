"""Turning stored values into text for inputs, history and display (no ORM)."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["value_text", "display_value"]


def value_text(value: Decimal | str | None) -> str:
    """The exact value as a user would type it back: no exponent, no trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    return str(value)


def display_value(spec, value: Decimal | str | None) -> str:
    """Rounded to the catalog's display decimals, with thousands separators for big counts."""
    if value is None:
        return "—"
    if not isinstance(value, Decimal):
        return str(value)
    decimals = getattr(spec, "decimals", None)
    if decimals is None:
        return value_text(value)
    if decimals == 0 and value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.{decimals}f}"
