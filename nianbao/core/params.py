"""Query and form parameters read defensively: odd input is "not given", never a 500."""

from __future__ import annotations

__all__ = ["id_param"]


def id_param(value: str | None) -> int | None:
    """A database id from a query parameter: ASCII digits that fit a 64-bit integer, else None
    (a huge or odd value is "no filter", not a server error)."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None
