"""Growth statements (增减表述): the direction words of an amount and of a rate must agree
("增加 1520 人，下降 3.1%" does not); "由 A 增至 B" must match the amount and rate stated;
with a stated current value, amount and rate must agree with each other; a change between two
percentages is written in 个百分点, not %."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nianbao.checker.context import Context, Sentence
from nianbao.checker.model import Finding
from nianbao.checker.numbers import Num, agree
from nianbao.checker.quantities import QuantityIndex

UP = "增加|增长|提升|上升|提高|增多|扩大|新增|多了|增幅|涨幅"
DOWN = "减少|下降|降低|下滑|缩减|减|下跌|回落|降幅|减幅"
_DIR = re.compile(rf"(?:{UP}|{DOWN})(?:了|为|达|约|到|至)?\s*$")
_DIR_WORD = re.compile(rf"({UP}|{DOWN})")
_FROM_TO = re.compile(
    r"[由从]\s*(?:[^，,；;。]{0,12}?)$"  # text between 由 and A
)
_TO = re.compile(rf"^\s*(?:{UP}|{DOWN}|提高|降低|增|降|上升|下降)?(?:到|至)\s*$")
_ANCHOR = re.compile(r"(?:比|较|同比|与)(?:上年|去年|上一年|上学年|(?:19|20)\d{2}\s*年|同期)")


def _direction(word: str) -> int:
    return 1 if re.fullmatch(UP, word) else -1


def _tagged(s: Sentence) -> list[tuple[Num, int, str]]:
    """Numbers directly preceded by a direction word: (number, +1/-1, word)."""
    out = []
    for n in s.nums:
        head = s.text[max(0, n.start - 8) : n.start]
        m = _DIR.search(head)
        if m:
            word = _DIR_WORD.search(m.group()).group()
            out.append((n, _direction(word), word))
    return out


def check(ctx: Context, index: QuantityIndex) -> Iterator[Finding]:
    for s in ctx.sentences:
        if not _DIR_WORD.search(s.text):
            continue
        found = list(_check_sentence(s))
        yield from found or _current_elsewhere(index, s)


_SUBJECT = re.compile(
    r"([\u4e00-\u9fff]{2,12}?)(?:数|人数|总数|规模)?(?:比|较)(?:上年|去年|上一年)"
)


def _current_elsewhere(index: QuantityIndex, s: Sentence) -> Iterator[Finding]:
    """ "在校生比上年增加 14850 人，增长 4.6%" with the current value stated elsewhere (one value
    for the same metric and level): the rate must equal the increment over the previous value."""
    m = _SUBJECT.search(s.text)
    tagged = _tagged(s)
    amounts = (
        [(n, d) for n, d, _ in tagged if n.unit not in {"%", "pp"} and n.start > m.end()]
        if m
        else []
    )
    rates = [
        (n, d) for n, d, _ in tagged if n.unit == "%" and amounts and n.start > amounts[0][0].start
    ]
    if not amounts or not rates or any(n.end <= m.start() for n in s.nums):
        return
    (a, d), (r, rd) = amounts[0], rates[0]
    if d != rd:
        return
    label = re.sub(r"^(全省|全市|全校|学校|我校|高职院校|中职学校|高职|中职|院校)+", "", m.group(1))
    scope = index.scopes.get((s.block, s.text))
    level = scope.level if scope else None
    facts = [f for f in index.values(label, a.unit, level, None) if f.location != s.location]
    if len({f.value for f in facts}) != 1:
        return
    x = facts[0]
    prior = x.value - d * a.value
    if prior <= 0:
        return
    computed = a.value / prior * 100
    if not agree(computed, r, 100 * (a.tolerance + x.num.tolerance) / prior):
        yield _finding(
            "growth.rate_mismatch",
            f"增幅与数值不符：「{x.label}」现值 {x.num.text}（{x.location.label}），变化 {a.text}，"
            f"上年应为 {prior:g}，变化率应为 {computed:.{r.decimals}f}%，文中写作 {r.text}",
            s,
            [x.num.text, a.text, r.text],
        )


def _finding(code: str, msg: str, s: Sentence, values: list[str]) -> Finding:
    return Finding(code, "error", msg, s.location, s.text.strip(), tuple(values))


def _check_sentence(s: Sentence) -> Iterator[Finding]:
    tagged = _tagged(s)
    # 1. from A to B.
    from_to = _from_to(s)
    amounts = [(n, d, w) for n, d, w in tagged if n.unit not in {"%", "pp"}]
    rates = [(n, d, w) for n, d, w in tagged if n.unit in {"%", "pp"}]
    if from_to:
        a, b = from_to
        yield from _check_from_to(s, a, b, tagged)
        return
    base = list(_against_base(s, tagged)) or list(_two_years(s, amounts, rates))
    if base:
        yield from base
        return
    # 2. amount and rate in the same statement must point the same way.
    for n, d, w in amounts:
        for r, rd, rw in rates:
            if r.start > n.start and rd != d and not s.text[n.end : r.start].count("，") > 1:
                yield _finding(
                    "growth.direction_conflict",
                    f"增减方向矛盾：“{w}{n.text}”与“{rw}{r.text}”方向相反",
                    s,
                    [n.text, r.text],
                )
                return
    # 3. current value X, "比上年增加 A，增长 R%": R must equal A / (X - A).
    anchor = _ANCHOR.search(s.text)
    if not anchor or not amounts or not rates:
        return
    n, d, _ = amounts[0]
    r, rd, _ = rates[0]
    if r.unit != "%" or rd != d or n.start < anchor.start() or r.start < n.start:
        return
    current = [x for x in s.nums if x.end <= anchor.start() and x.unit == n.unit]
    if not current:
        return
    x = current[-1]
    prior = x.value - d * n.value
    if prior <= 0:
        return
    computed = n.value / prior * 100
    extra = 100 * (n.tolerance + x.tolerance) / prior
    if not agree(computed, r, extra):
        yield _finding(
            "growth.rate_mismatch",
            f"增幅与数值不符：现值 {x.text}、变化 {n.text}，上年应为 {prior:g}，"
            f"变化率应为 {computed:.{r.decimals}f}%，文中写作 {r.text}",
            s,
            [x.text, n.text, r.text],
        )


_BASE_AFTER = re.compile(r"(?:比|较|与)(?:上年|去年|上一年|上学年|同期)(?:的)?\s*$")
_BASE_STATED = re.compile(r"(?:上年|去年|上一年|上学年)(?:为|是|有|仅)\s*$")


def _against_base(s: Sentence, tagged: list[tuple[Num, int, str]]) -> Iterator[Finding]:
    """ "X，比上年 B 增长 R%" or "X，比上年减少 R%，上年为 B": the base is stated, so the
    direction and the rate follow from X and B."""
    base = next((n for n in s.nums if n.unit not in {"%", "pp", ""} and (
        _BASE_AFTER.search(s.text[max(0, n.start - 8) : n.start])
        or _BASE_STATED.search(s.text[max(0, n.start - 6) : n.start])
    )), None)  # fmt: skip
    if base is None:
        return
    current = [n for n in s.nums if n.end <= base.start and n.unit == base.unit]
    anchor = s.text.rfind("比", 0, base.start)
    if not _BASE_AFTER.search(s.text[max(0, base.start - 8) : base.start]):
        anchor = s.text.find("比")  # "X，比上年减少 R%，上年为 B": X precedes 比
        current = (
            [n for n in s.nums if n.end <= anchor and n.unit == base.unit] if anchor > 0 else []
        )
    rates = [(n, d, w) for n, d, w in tagged if n.unit == "%" and n.start > anchor]
    if not current or not rates or base.value <= 0:
        return
    x, (r, d, w) = current[-1], rates[0]
    diff = x.value - base.value
    slack = x.tolerance + base.tolerance
    proof = f"（{x.text} − {base.text}）÷ {base.text} = {diff / base.value * 100:.{r.decimals}f}%"
    if diff * d < 0 and abs(diff) > slack:
        yield Finding("growth.base_mismatch", "error",
                      f"增减方向与基数不符：现值 {x.text}、上年 {base.text}，应为"
                      f"{'增长' if diff > 0 else '下降'}，文中写作“{w}{r.text}”；{proof}",
                      s.location, s.text.strip(), (x.text, base.text, r.text))  # fmt: skip
        return
    computed = abs(diff) / base.value * 100
    extra = 100 * slack / base.value
    if not agree(computed, r, extra):
        yield Finding("growth.base_mismatch", "error",
                      f"变化率与基数不符：{proof}，文中写作 {r.text}", s.location,
                      s.text.strip(), (x.text, base.text, r.text))  # fmt: skip


_YEAR_BEFORE = re.compile(r"((?:19|20)\d{2})\s*年[^，,；;。\d]{0,14}$")


def _two_years(s: Sentence, amounts, rates) -> Iterator[Finding]:
    """ "2022 年在校生 38.6 万人，2023 年 40.9 万人，增加 2.3 万人，增长 5.96%": two years side by
    side give the change; the increment and the rate must follow from them."""
    if not amounts:
        return
    d_num, d, w = amounts[0]
    years = []
    for n in s.nums:
        if n.end > d_num.start:
            break
        m = _YEAR_BEFORE.search(s.text[max(0, n.start - 20) : n.start])
        if m and n.unit == d_num.unit:
            years.append((int(m.group(1)), n))
    if len(years) != 2 or years[0][0] >= years[1][0]:
        return
    (_, a), (_, b) = years
    diff = b.value - a.value
    slack = a.tolerance + b.tolerance + d_num.tolerance
    if abs(abs(diff) - d_num.value) > slack or diff * d < 0:
        yield Finding("growth.base_mismatch", "error",
                      f"增减量与两年数值不符：{b.text} − {a.text} = {_fmt(diff, b)}，"
                      f"文中写作“{w}{d_num.text}”", s.location, s.text.strip(),
                      (a.text, b.text, d_num.text))  # fmt: skip
        return
    rate = next(
        ((r, rd, rw) for r, rd, rw in rates if r.unit == "%" and r.start > d_num.start), None
    )
    if rate is None or a.value <= 0:
        return
    r = rate[0]
    computed = abs(diff) / a.value * 100
    if not agree(computed, r, 100 * (a.tolerance + b.tolerance) / a.value):
        yield Finding("growth.base_mismatch", "error",
                      f"变化率与两年数值不符：（{b.text} − {a.text}）÷ {a.text} = "
                      f"{computed:.{r.decimals}f}%，文中写作 {r.text}", s.location,
                      s.text.strip(), (a.text, b.text, r.text))  # fmt: skip


def _fmt(value: float, like: Num) -> str:
    shown = value / like.scale
    return (f"{shown:.{like.decimals}f}" if like.decimals else f"{shown:g}") + like.written_unit


def _from_to(s: Sentence) -> tuple[Num, Num] | None:
    nums = s.nums
    for i in range(len(nums) - 1):
        a, b = nums[i], nums[i + 1]
        if a.unit != b.unit and not (a.unit == "" or b.unit == ""):
            continue
        if not re.search(r"[由从]\s*[^，,；;。\d]{0,12}$", s.text[max(0, a.start - 14) : a.start]):
            continue
        if _TO.match(s.text[a.end : b.start]) or re.fullmatch(
            rf"\s*(?:{UP}|{DOWN})(?:到|至)\s*", s.text[a.end : b.start]
        ):
            unit = a.unit or b.unit
            if a.unit != unit:
                a = Num(a.text, a.value, a.decimals, unit, a.scale, a.start, a.end, b.written_unit)
            return a, b
    return None


def _check_from_to(
    s: Sentence, a: Num, b: Num, tagged: list[tuple[Num, int, str]]
) -> Iterator[Finding]:
    diff = b.value - a.value
    between = s.text[a.end : b.start]
    words = _DIR_WORD.findall(between)
    if (
        words
        and diff != 0
        and _direction(words[0]) * diff < 0
        and abs(diff) > a.tolerance + b.tolerance
    ):
        yield _finding(
            "growth.direction_mismatch",
            f"增减方向与数值不符：由 {a.text} 到 {b.text} 是{'增加' if diff > 0 else '减少'}，"
            f"文中写作“{words[0]}”",
            s,
            [a.text, b.text],
        )
        return
    for n, d, w in tagged:
        if n.start < b.end:
            continue
        if d * diff < 0 and abs(diff) > a.tolerance + b.tolerance:
            yield _finding(
                "growth.direction_mismatch",
                f"增减方向与数值不符：由 {a.text} 到 {b.text} 是{'增加' if diff > 0 else '减少'}，"
                f"文中写作“{w}{n.text}”",
                s,
                [a.text, b.text, n.text],
            )
            return
        tol = a.tolerance + b.tolerance
        if n.unit == "pp" or (n.unit == "%" and a.unit == "%"):
            points = abs(diff)
            if n.unit == "%":
                relative = points / a.value * 100 if a.value else None
                if agree(points, n, tol) and not (relative and agree(relative, n, tol)):
                    yield _finding(
                        "growth.points_vs_percent",
                        f"百分比之差应以“个百分点”表述：由 {a.text} 到 {b.text} 变化 "
                        f"{points:.{n.decimals}f} 个百分点，文中写作 {n.text}",
                        s,
                        [a.text, b.text, n.text],
                    )
                elif (
                    relative is not None
                    and not agree(points, n, tol)
                    and not agree(relative, n, tol * 100 / a.value)
                ):
                    yield _finding(
                        "growth.rate_mismatch",
                        f"变化幅度与数值不符：由 {a.text} 到 {b.text} 变化 {points:.{n.decimals}f} "
                        f"个百分点（相对变化 {relative:.{n.decimals}f}%），文中写作 {n.text}",
                        s,
                        [a.text, b.text, n.text],
                    )
            elif not agree(points, n, tol):
                yield _finding(
                    "growth.amount_mismatch",
                    f"变化幅度与数值不符：由 {a.text} 到 {b.text} 应为 "
                    f"{points:.{n.decimals}f} 个百分点，文中写作 {n.text}",
                    s,
                    [a.text, b.text, n.text],
                )
        elif n.unit == "%":
            if a.value <= 0:
                continue
            computed = abs(diff) / a.value * 100
            if not agree(computed, n, 100 * tol / a.value):
                yield _finding(
                    "growth.rate_mismatch",
                    f"变化率与数值不符：由 {a.text} 到 {b.text} 应为 {computed:.{n.decimals}f}%，"
                    f"文中写作 {n.text}",
                    s,
                    [a.text, b.text, n.text],
                )
        elif n.unit == a.unit and not agree(abs(diff), n, tol):
            yield _finding(
                "growth.amount_mismatch",
                f"变化量与数值不符：由 {a.text} 到 {b.text} 应为 {abs(diff):g}"
                f"{n.unit}，文中写作 {n.text}",
                s,
                [a.text, b.text, n.text],
            )
