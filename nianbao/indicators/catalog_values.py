"""Turning what a user typed (web form, Excel cell, API field) into an indicator value.

`parse_value(spec, raw)` returns a Decimal for numeric indicators, a str for text and choice
indicators, None for a blank cell, and raises ValueError with a Chinese message that names the
indicator and says what to type instead.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from nianbao.indicators.catalog import IndicatorSpec

__all__ = ["parse_value"]

# What people type when they mean "nothing": refused, because blank and 0 mean different things.
_PLACEHOLDERS = {
    "无", "/", "\\", "-", "--", "—", "——", "－", "_", "空", "暂无", "没有", "不详", "未知",
    "n/a", "na", "null", "none", "nan", "x", "×", "…", "...",
}  # fmt: skip
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_SPACES = re.compile(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d)")
_LEADING_NUMBER = re.compile(r"([+-]?[\d,]*\.?\d+)\s*(.+)")
_RATIO = re.compile(r"(.+?)\s*:\s*1(?:\.0+)?")
_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "千": 1_000, "百": 100}


def parse_value(spec: IndicatorSpec, raw: object) -> Decimal | str | None:
    """Value of `raw` for the indicator `spec`; ValueError with a Chinese message if invalid."""
    if raw is None:
        return None
    if spec.value_type in ("text", "choice"):
        return _parse_text(spec, raw)
    if isinstance(raw, bool):
        raise ValueError(f"“{spec.name}”应填数字，收到“{raw}”")
    if isinstance(raw, int | float | Decimal):
        number = _from_number(spec, raw)
    else:
        text = _normalise(str(raw))
        if not text:
            return None
        number = _from_text(spec, text, str(raw).strip())
    return _check_range(spec, number)


def _parse_text(spec: IndicatorSpec, raw: object) -> str | None:
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        return None
    if spec.value_type == "choice" and text not in spec.choices:
        raise ValueError(f"“{spec.name}”只能选择：{'、'.join(spec.choices)}；收到“{text}”")
    return text


def _normalise(text: str) -> str:
    # NFKC turns full-width digits, ．，％ and ： into their ASCII forms.
    return unicodedata.normalize("NFKC", text).strip()


def _from_number(spec: IndicatorSpec, raw: int | float | Decimal) -> Decimal:
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueError(f"“{spec.name}”应填数字，收到“{raw}”")
        return Decimal(repr(raw))
    number = Decimal(raw)
    if not number.is_finite():
        raise ValueError(f"“{spec.name}”应填数字，收到“{raw}”")
    return number


def _from_text(spec: IndicatorSpec, text: str, shown: str) -> Decimal:
    name = spec.name
    if text.lower() in _PLACEHOLDERS:
        raise ValueError(f"“{name}”填了“{shown}”：没有数据请留空，数量为零请填 0")
    if spec.value_type == "ratio":
        match = _RATIO.fullmatch(text)
        if match:
            text = match.group(1)
        elif ":" in text:
            raise ValueError(f"“{name}”按“x:1”填写 x，如 18.50；收到“{shown}”")
    text = _SPACES.sub(",", text)
    if "," in text:
        if not _GROUPED.fullmatch(text):
            if _LEADING_NUMBER.fullmatch(text) and not _NUMBER.fullmatch(text.replace(",", "")):
                raise _unit_error(spec, text, shown)
            raise ValueError(
                f"“{name}”的千分位分隔符位置不对：收到“{shown}”"
                "（小数点请用“.”，如 1234.56 或 1,234.56）"
            )
        text = text.replace(",", "")
    if _NUMBER.fullmatch(text):
        return Decimal(text)
    if _LEADING_NUMBER.fullmatch(text):
        raise _unit_error(spec, text, shown)
    raise ValueError(f"“{name}”应填数字，收到“{shown}”")


def _unit_error(spec: IndicatorSpec, text: str, shown: str) -> ValueError:
    match = _LEADING_NUMBER.fullmatch(text)
    typed = match.group(2).strip() if match else ""
    unit = spec.unit
    message = f"“{spec.name}”请只填数字，不要带单位或文字（本项单位为“{unit}”）：收到“{shown}”"
    if typed == "%" and unit == "%":
        message += "；填 95.30 即表示 95.30%"
    elif typed and typed != unit and typed[0] in _MULTIPLIERS:
        message += f"；请先把“{typed}”换算为“{unit}”再填写"
    return ValueError(message)


def _check_range(spec: IndicatorSpec, number: Decimal) -> Decimal:
    name = spec.name
    try:
        if number < 0:
            raise ValueError(f"“{name}”不能为负数，收到 {number}")
        if spec.value_type == "count":
            if number != number.to_integral_value():
                raise ValueError(f"“{name}”应为整数（单位“{spec.unit}”），收到 {number}")
            return Decimal(int(number))
        if spec.value_type == "percent" and number > 100:
            hint = "；是否少了小数点？" if number / 100 <= 100 else ""
            raise ValueError(
                f"“{name}”是百分比，应在 0～100 之间（填 95.30 表示 95.30%），收到 {number}{hint}"
            )
    except InvalidOperation:  # pragma: no cover - Decimal comparisons of finite values
        raise ValueError(f"“{name}”应填数字，收到“{number}”")
    # Drop exponents from Excel floats such as 1e-05 so stored values print as typed.
    return number if number.as_tuple().exponent <= 0 else Decimal(int(number))
