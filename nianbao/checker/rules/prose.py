"""Parts in prose (分项之和): "全校教职工 320 人，其中男 150 人、女 160 人" — when the parts after
其中 exhaust the whole (男/女, 公办/民办, 三次产业, 全日制/非全日制, 城镇/农村, 省内/省外) they must add
up to it. Parts that need not be exhaustive ("其中高级职称 80 人、中级 90 人") are left alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nianbao.checker.context import Context
from nianbao.checker.model import Finding
from nianbao.checker.numbers import Num
from nianbao.checker.quantities import QuantityIndex

CODE = "prose.parts_sum"
# Each set is exhaustive; a part's label must start with one member.
_SETS = (
    ("男", "女"),
    ("公办", "民办"),
    ("第一产业", "第二产业", "第三产业"),
    ("全日制", "非全日制"),
    ("城镇", "农村"),
    ("省内", "省外"),
)
_STOP = re.compile(r"[；;。]")


def _member(label: str) -> tuple[int, str] | None:
    label = re.sub(r"^(其中|面向|分别为|分别是|为|有|是)+", "", label)
    for i, members in enumerate(_SETS):
        # 非全日制 starts with 非, 全日制 must not match it
        for m in sorted(members, key=len, reverse=True):
            if label.startswith(m):
                return i, m
    return None


def check(ctx: Context, index: QuantityIndex) -> Iterator[Finding]:
    for s in ctx.sentences:
        at = s.text.find("其中")
        if at < 0:
            continue
        end = _STOP.search(s.text, at)
        stop = end.start() if end else len(s.text)
        wholes = [n for n in s.nums if n.end <= at and n.unit not in {"%", "pp", ""}]
        if not wholes:
            continue
        whole = wholes[-1]
        parts = [n for n in s.nums if at < n.start < stop and n.unit == whole.unit]
        if len(parts) < 2:
            continue
        found = _parts(s.text, at, parts)
        if found is None:
            continue
        total = sum(p.value for p in parts)
        slack = whole.slack + sum(p.slack for p in parts)
        if abs(total - whole.value) <= slack + 1e-9:
            continue
        names = "、".join(f"{m} {p.text}" for m, p in zip(found, parts, strict=True))
        yield Finding(CODE, "error",
                      f"分项之和与总数不符：{names} 合计 {_fmt(total, whole)}，"
                      f"而总数为 {whole.text}", s.location, s.text.strip(),
                      (whole.text, *(p.text for p in parts)))  # fmt: skip


def _parts(text: str, at: int, parts: list[Num]) -> list[str] | None:
    """The members named before each part, when they are one exhaustive set, each once."""
    names: list[str] = []
    sets: set[int] = set()
    start = at
    for p in parts:
        label = text[start : p.start].strip(" ，,、：:")
        found = _member(label)
        if found is None:
            return None
        sets.add(found[0])
        names.append(found[1])
        start = p.end
    if len(sets) != 1 or len(set(names)) != len(names):
        return None
    return names if len(names) == len(_SETS[sets.pop()]) else None


def _fmt(value: float, like: Num) -> str:
    shown = value / like.scale
    text = f"{shown:.{like.decimals}f}" if like.decimals else f"{shown:g}"
    return text + (like.written_unit or like.unit)
