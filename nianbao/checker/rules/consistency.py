"""Same quantity, different values (前后数据不一致): facts of the same identity (metric, unit,
level 高职/中职, period, scope, qualifiers) must agree within the precision written, after unit
conversion (3.52万人 ≈ 35200人). One finding per quantity, listing every place it is stated.

Severity follows certainty: an error only when the identity is certain — a specific metric
(not a general word such as 学生), the level stated on both sides (or the report has only
one level), the same period; otherwise a warning."""

from __future__ import annotations

from collections.abc import Iterator

from nianbao.checker.context import Context
from nianbao.checker.facts import Fact
from nianbao.checker.model import Finding
from nianbao.checker.quantities import QuantityIndex

CODE = "consistency.value_mismatch"


def _close(a: Fact, b: Fact) -> bool:
    return abs(a.value - b.value) <= a.num.slack + b.num.slack + 1e-9


# Words too general to be one quantity (学生 of a programme, of a competition, of the school).
_GENERIC_WORDS = """学生 教师 人员 员工 项目 院校 学校 企业 课程 专业 基地 活动 成果 作品 奖项 团队
班级 平台 人次 学员 师生 教材 论文 专利 证书 合作 单位 机构 场次 次 人 个"""
GENERIC = frozenset(_GENERIC_WORDS.split())


def _shown(f: Fact) -> str:
    unit = f.num.written_unit
    return f.num.text if not unit or f.num.text.endswith(unit) else f"{f.num.text} {unit}"


def _certain(index: QuantityIndex, facts: list[Fact]) -> bool:
    label = facts[0].metric
    if (label in GENERIC or len(label) < 2) and not all(f.in_table for f in facts):
        return False
    if facts[0].level is None and index.two_levels:
        return False  # "毕业生" without a level in a report on both levels
    # Same key: the same period once the report's year stands for an unstated one.
    return facts[0].level != "both"


def check(ctx: Context, index: QuantityIndex) -> Iterator[Finding]:
    for facts in index.by_key.values():
        if len(facts) < 2:
            continue
        groups: list[list[Fact]] = []
        for f in facts:
            for g in groups:
                if _close(g[0], f):
                    g.append(f)
                    break
            else:
                groups.append([f])
        if len(groups) < 2:
            continue
        # The reference is the value most statements agree with (the first on a tie).
        groups.sort(key=lambda g: -len(g))
        ref, others = groups[0], [f for g in groups[1:] for f in g]
        first = min(others, key=lambda f: (f.location.block, f.location.row or 0))
        scope = facts[0].describe()
        code = next((f.code for f in facts if f.code), "")
        if code:
            scope = "，".join(x for x in (scope, f"指标 {code}") if x)
        places = "；".join(
            f"{_shown(f)}（{f.location.label}）"
            for f in sorted(facts, key=lambda f: (f.location.block, f.location.row or 0))
        )
        yield Finding(
            CODE,
            "error" if _certain(index, facts) else "warning",
            f"同一数据前后不一致：「{facts[0].label}」"
            + (f"（{scope}）" if scope else "")
            + f"共 {len(facts)} 处写法不一：{places}",
            first.location,
            first.sentence,
            tuple(dict.fromkeys([*(f.num.text for f in others), ref[0].num.text])),
        )
