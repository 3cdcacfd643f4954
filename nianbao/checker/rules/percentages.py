"""Percentages against counts (占比核算): "2100 人，占专任教师总数的 41.20%" is recomputed from
the numerator in the sentence and the denominator named after 占 (a number in the sentence, or
the same quantity stated elsewhere), with the tolerance of the decimals written."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nianbao.checker.context import Context, Sentence, level_of
from nianbao.checker.model import Finding
from nianbao.checker.numbers import Num, agree
from nianbao.checker.quantities import QuantityIndex, label_before, normalize_label

CODE = "percent.mismatch"
# 占<denominator label>的<比例/比重>?<为/达>? P%
_SHARE = re.compile(r"占(?:到)?([^，,；;。%]{0,24}?)(?:的)?(?:比例|比重|比)?(?:为|达到|达|约)?\s*$")
_RATE = re.compile(
    r"(?:占比|比例|比重)(?:为|达到|达|是)?\s*$"
)  # 就业率 etc. have definitions of their own


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}%"


def _ratio_tolerance(n: Num, d: Num | float, d_tol: float) -> float:
    dv = d if isinstance(d, float) else d.value
    # Error propagated from the rounding of numerator and denominator, in percentage points.
    return 100 * (n.tolerance / dv + n.value * d_tol / dv**2)


def _numerator(s: Sentence, before: int, unit: str | None = None) -> Num | None:
    nearest = [n for n in s.nums if n.end <= before and n.unit not in {"%", "pp"}]
    if nearest and nearest[-1].unit == "":
        return None  # the nearest number lost its unit (a page break): do not reach past it
    cands = [n for n in s.nums if n.end <= before and n.unit not in {"%", "pp", ""}]
    if unit:
        cands = [n for n in cands if n.unit == unit]
    return cands[-1] if cands else None


def check(ctx: Context, index: QuantityIndex) -> Iterator[Finding]:
    for s in ctx.sentences:
        if not any(n.is_percent for n in s.nums):
            continue
        for p in s.nums:
            if p.is_percent:
                yield from _check_one(ctx, index, s, p)


def _check_one(ctx: Context, index: QuantityIndex, s: Sentence, p: Num) -> Iterator[Finding]:
    head = s.text[: p.start]
    m = _SHARE.search(head)
    if m and m.group(1).strip():
        num = _numerator(s, m.start())
        if num is None:
            return
        label = m.group(1).strip()
        denom, how, certain = _denominator_from_label(index, s, num, label, m.start())
    elif m or _RATE.search(head):
        # "学生 200 人，其中女生 50 人，占 40%": the whole is earlier in the sentence.
        num = _numerator(s, p.start)
        if num is None:
            return
        bigger = [n for n in s.nums if n.end <= num.start and n.unit == num.unit]
        bigger = [n for n in bigger if n.value > num.value]
        if not bigger:
            return
        d = bigger[-1]
        denom, how = (d.value, d.tolerance, d.text), f"本句中的 {d.text}"
        # "A n1，其中 B n2，占比 P" is unambiguous; other shapes only warrant a warning.
        certain = "其中" in s.text[d.end : num.start]
    else:
        return
    if denom is None or denom[0] <= 0:
        return
    d_value, d_tol, d_text = denom
    computed = num.value / d_value * 100
    if agree(computed, p, _ratio_tolerance(num, d_value, d_tol)):
        return
    alt = _other_denominator(index, s, num, p, d_value)
    msg = (
        f"占比与数值不符：{num.text} ÷ {d_text} = {_fmt(computed, p.decimals)}，"
        f"文中写作 {p.text}（分母取{how}）"
    )
    if alt:
        msg += f"；{p.text} 与 {num.text} ÷ {alt} 相符，可能用错了分母"
    yield Finding(
        CODE,
        "error" if certain else "warning",
        msg,
        s.location,
        s.text.strip(),
        (num.text, d_text, p.text),
    )


def _denominator_from_label(
    index: QuantityIndex, s: Sentence, num: Num, label: str, at: int
) -> tuple[tuple[float, float, str] | None, str, bool]:
    # 1. "占全省 4300 名专任教师的": the number written inside the label.
    inside = [n for n in s.nums if at <= n.start and n.end <= at + 2 + len(label) + 2]
    inside = [n for n in inside if n.unit == num.unit]
    if inside:
        n = inside[0]
        return (n.value, n.tolerance, n.text), f"“占”后的 {n.text}", True
    if not label or label in {"总", "全部", "总体"}:
        return None, "", False
    key_label = normalize_label(re.sub(r"^(全省|全市|全校|全部|学校|我校|本校)", "", label))
    # 2. the same quantity stated earlier in the sentence.
    for n in reversed([n for n in s.nums if n.end <= num.start and n.unit == num.unit]):

        found = label_before(s.text, n.start)
        if found and normalize_label(found[0]) == key_label:
            return (n.value, n.tolerance, n.text), f"本句中的「{found[0]}」{n.text}", True
    # 3. the same quantity stated elsewhere in the document, when it has one value.

    scope = index.scopes.get((s.block, s.text))
    level = level_of(s.text) or (scope.level if scope else s.level)
    if scope is not None and scope.level == "both":
        level = None
    mentions = index.values(key_label, num.unit, level, None)
    values = {round(m.num.value, 6) for m in mentions}
    if mentions and len(values) == 1:
        m = mentions[0]
        # In a report on both levels a denominator of unstated level may be either level's.
        certain = not (level is None and index.two_levels)
        where = f"「{m.label}」{m.num.text}，{m.location.label}"
        return (m.num.value, m.num.tolerance, m.num.text), where, certain
    if len(values) > 1:
        return None, "", False  # the denominator itself is inconsistent: reported elsewhere
    # 4. "A n1，其中 B n2，占…的 P%": the whole the part was taken from.
    earlier = [n for n in s.nums if n.end <= num.start and n.unit == num.unit]
    if earlier and earlier[-1].value > num.value and "其中" in s.text[earlier[-1].end : num.start]:
        d = earlier[-1]
        return (d.value, d.tolerance, d.text), f"本句中的 {d.text}", True
    return None, "", False


def _other_denominator(
    index: QuantityIndex, s: Sentence, num: Num, p: Num, used: float
) -> str | None:
    for _key, m in index.same_unit(num.unit):
        d = m.num
        if d.value <= num.value or abs(d.value - used) < 1e-9:
            continue
        if agree(num.value / d.value * 100, p, _ratio_tolerance(num, d, d.tolerance)):
            return f"「{m.label}」{d.text}（{m.location.label}）"
    return None
