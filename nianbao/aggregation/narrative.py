"""Numbers and growth words for generated text (数据表述): every figure, every 增长/下降 and every
个百分点 is computed from the aggregates; a phrase whose data is missing is None, so the sentence
that needs it is left out rather than printed with a blank."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from nianbao.indicators.catalog_spec import IndicatorSpec

__all__ = ["change", "number", "share", "sentence"]

_SCALE_UNITS = ("人", "个", "门", "本", "项", "所", "学时", "课时", "人日")


def number(value, spec: IndicatorSpec | None = None) -> str | None:
    """“12,345 人”, “85.15%”, “21.58:1”, “3,429.07 元”; None for a blank value."""
    if not isinstance(value, Decimal):
        return None
    unit = spec.unit if spec else ""
    decimals = spec.decimals if spec else 0
    text = f"{value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP):,}"
    if spec is None:
        return text
    if spec.value_type == "percent":
        return f"{text}%"
    if spec.value_type == "ratio":
        return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP)}:1"
    return f"{text} {unit}" if unit else text


def change(now, before, spec: IndicatorSpec, *, against: str = "上年") -> str | None:
    """“比上年增长 3.21%” / “下降” / “与上年持平”; rates move in 个百分点. None without data."""
    if not isinstance(now, Decimal) or not isinstance(before, Decimal):
        return None
    if spec.value_type == "percent":
        delta = (now - before).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if delta == 0:
            return f"与{against}持平"
        word = "提高" if delta > 0 else "下降"
        return f"比{against}{word} {abs(delta)} 个百分点"
    if before == 0:
        return None
    rate = ((now - before) / before * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if rate == 0:
        return f"与{against}持平"
    word = "增长" if rate > 0 else "下降"
    return f"比{against}{word} {abs(rate)}%"


def share(part, whole) -> str | None:
    """“占 23.45%”; None when either is blank or the whole is zero."""
    if not isinstance(part, Decimal) or not isinstance(whole, Decimal) or whole == 0:
        return None
    return f"占 {(part / whole * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


def sentence(template: str, **parts: str | None) -> str | None:
    """`template` filled with `parts`; None if any part is missing (the sentence is omitted)."""
    if any(value is None for value in parts.values()):
        return None
    return template.format(**parts)
