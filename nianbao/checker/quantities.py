"""Quantity keys (指标键): the same measure for the same scope, whether stated in a sentence
("全省高职院校专任教师 14223 人") or a table row, indexed by (label, unit, level, year) so that
values can be compared without a pairwise scan over all numbers."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from nianbao.checker.context import Context, Sentence, level_of
from nianbao.checker.facts import (
    Fact,
    PeriodScope,
    new_carry,
    regional,
    resolve,
    sentence_carry,
    subjects,
    table_scope,
)
from nianbao.checker.metrics import indicator_code, normalize_metric
from nianbao.checker.numbers import parse_cell

__all__ = ["Fact", "Mention", "QuantityIndex", "normalize_label", "label_before"]

_PREFIX = re.compile(
    r"^(其中|全省|全市|全区|全国|全校|我省|我市|我区|我校|本校|全体|现有|共有|拥有|共计|合计|总计"
    r"|共|有|各类|目前|当前|截至目前|年度|本年度|当年|学年|全年|依托|通过|利用|借助|围绕)"
)
# The report's own subject and verbs of having before the measure ("学校获得…", "院校建成…").
_OWNER = re.compile(r"^(学校|学院|院校|本院|我院)?(获得|取得|实现|完成|建成|建有|设有|开设|拥有)?")
_VERB_SUFFIX = re.compile(r"(为|达到|达|共有|共计|共|合计|计|是|有|总计|已达|已有)$")
_REJECT = re.compile(
    r"[增减涨降升提比较占超约近余多逾]|同期|上年|去年|前年|累计|平均|均|每|该|此|其|各|第|前|"
    r"以上|以下|不足|至少|最|达标|少|次年|年均|覆盖|带动|惠及|帮助|培训|获|新"
)
_CLAUSE_END = re.compile(r"[，,；;。：:、（(）)\s]|——|$")
_SCOPE_WORDS = re.compile(r"(高职|高等职业|职业本科|中职|中等职业)(院校|学校|教育)?")
_YEAR_IN = re.compile(r"((?:19|20)\d{2})\s*(?:年度?|学年)")


def normalize_label(label: str) -> str:
    return normalize_metric(label)


def label_before(text: str, start: int) -> tuple[str, str | None, str | None] | None:
    """(label, level, year) of the clause that ends with the number at `start`, when the clause
    is a plain "label + number" statement; None when it is anything else."""
    head = text[:start]
    cut = max(head.rfind(c) for c in "，,；;。：:、（()）")
    clause = head[cut + 1 :].strip()
    year = None
    if m := _YEAR_IN.search(clause):
        year = m.group(1)
        clause = clause[: m.start()] + clause[m.end() :]
    level = level_of(clause)
    clause = _SCOPE_WORDS.sub(lambda m: "院校" if m.group(2) in {"院校", "学校"} else "", clause)
    clause = re.sub(r"现有|共有|拥有|共计", "", clause).strip()
    for _ in range(3):
        for pattern in (_PREFIX, _VERB_SUFFIX, _OWNER):
            shorter = pattern.sub("", clause).strip()
            if len(shorter) >= 2:  # "院校 50 所" keeps its only word
                clause = shorter
    if not 2 <= len(clause) <= 14 or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z]+", clause):
        return None
    if _REJECT.search(clause):
        return None
    return clause, level, year


def _PERSON_UNIT(label: str) -> str:  # noqa: N802 - reads as a lookup
    """A table without a unit column: rows counting people (招生数, 专任教师数) are in 人."""
    if re.search(r"(?:生|人数|教师|教职工|学员|人员)(?:人?数)?$", label):
        return "人"
    return ""


def _levels(ctx: Context) -> set[str]:
    """The levels the report describes; a level named in under a tenth of the sentences that
    name one ("升入高职院校" in a 中职 school's report) does not count."""
    counts = Counter(lv for s in ctx.sentences if (lv := level_of(s.text)))
    counts.update(lv for v in ctx.tables if (lv := v.level))
    total = sum(counts.values())
    return {lv for lv, n in counts.items() if n >= max(1, total * 0.1)}


Mention = Fact  # one statement of a quantity (kept for the rules' vocabulary)
# (metric, base unit, level, period, scope, qualifiers)
Key = tuple[str, str, str | None, str | None, str | None, frozenset]


class QuantityIndex:
    """Facts grouped by identity: normalised metric, base unit, level, period, scope and
    qualifiers. A period left unstated is the report's year."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.subjects = subjects(ctx)
        self.levels = _levels(ctx)
        self.facts: list[Fact] = []
        # (block, sentence) -> scope in force at its last number, for sentences with a share
        self.scopes: dict[tuple[int, str], PeriodScope] = {}
        self.by_key: dict[Key, list[Fact]] = defaultdict(list)
        carry = new_carry(self.subjects, regional(ctx))
        for sentence in ctx.sentences:
            if carry.block != sentence.block:
                carry.reset(sentence.block)
            self._add_sentence(sentence, carry)
            if any(n.is_percent for n in sentence.nums):  # for shares and growth rates
                self.scopes[(sentence.block, sentence.text)] = resolve(
                    self.subjects, sentence, sentence.nums[-1], carry
                )
            sentence_carry(carry, sentence)
        for view in ctx.tables:
            self._add_table(view)
        for f in self.facts:
            self.by_key[self.key_of(f)].append(f)

    @property
    def two_levels(self) -> bool:
        """The report describes 高职 and 中职 side by side: an unstated level is ambiguous."""
        return len(self.levels) > 1

    def key_of(self, f: Fact) -> Key:
        period = f.period if f.period != self.ctx.year else None
        level = f.level
        if level is None and len(self.levels) == 1:
            level = next(iter(self.levels))  # a report on one level: that level throughout
        return (f.metric, f.unit, level, period, f.scope, f.qualifiers)

    def _add_sentence(self, s: Sentence, carry) -> None:
        if len(s.nums) > 6:  # long enumerations are lists of items, not plain statements
            return
        for num in s.nums:
            if not num.written_unit or num.unit in {"pp", ""}:
                continue
            if not _CLAUSE_END.match(s.text, num.end):
                continue
            found = label_before(s.text, num.start)
            if found is None:
                continue
            label, level, year = found
            if re.search(r"上年|去年|前年|同期", s.text[: num.start]):
                continue
            ps = resolve(self.subjects, s, num, carry)
            ps = ps.without(label)
            metric, level = normalize_label(label), level or ps.level
            self.facts.append(
                Fact(metric, label, num, level, ps.scope, year or ps.period, ps.qualifiers,
                     s.location, s.text.strip(), False, indicator_code(metric, level))
            )  # fmt: skip

    def _add_table(self, view) -> None:
        if view.label_col is None or not view.value_cols:
            return
        seen: dict[tuple, list[Fact]] = defaultdict(list)
        parent = ""
        for r in range(view.header_rows, len(view.table.rows)):
            raw = view.cell(r, view.label_col).strip()
            if not raw:
                continue
            numbered = view.seq_col is not None and view.cell(r, view.seq_col).strip()
            label = raw
            if view.seq_col is not None:
                if numbered:
                    parent = normalize_label(raw)
                elif parent and not raw.startswith("其中"):
                    # Rows after a 其中 row may qualify a sibling (接入平台数量 under 国家级).
                    label = f"{parent}/{normalize_label(raw)}"
            unit = view.unit(r) or _PERSON_UNIT(raw)
            if not unit:
                continue
            for c in view.value_cols:
                if view.col_year and c not in view.col_year and c not in view.col_level:
                    continue  # 样本数 beside 2023年: another measure than the row's
                num = view.number(r, c) if view.unit(r) else parse_cell(view.cell(r, c), unit)
                if num is None:
                    continue
                ps = table_scope(view, raw, c)
                loc = view.location.with_cell(r + 1, c + 1)
                excerpt = " | ".join(x for x in view.table.rows[r] if x)
                metric = normalize_label(label)
                fact = Fact(metric, raw, num, ps.level, ps.scope, ps.period, ps.qualifiers,
                            loc, excerpt, True, indicator_code(metric, ps.level))  # fmt: skip
                seen[self.key_of(fact)].append(fact)
        for facts in seen.values():
            if len(facts) == 1:  # a label repeated inside one table is ambiguous
                self.facts.append(facts[0])

    def values(self, label: str, unit: str, level: str | None, year: str | None) -> list[Fact]:
        """Plain statements (no narrower scope or qualifier) of a metric for a level."""
        period = None if year in (None, self.ctx.year) else year
        if level is None and len(self.levels) == 1:
            level = next(iter(self.levels))
        key = (normalize_label(label), unit, level, period, None, frozenset())
        return self.by_key.get(key, [])

    def same_unit(self, unit: str) -> list[tuple[Key, Fact]]:
        return [(k, m) for k, ms in self.by_key.items() if k[1] == unit for m in ms]
