"""Same quantity, different values (前后数据不一致): mentions that share a quantity key
(label, unit, level 高职/中职, year) must agree within the precision written, after unit
conversion (3.52万人 ≈ 35200人). One finding per mention that departs from the most common
value."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from nianbao.checker.context import Context
from nianbao.checker.model import Finding
from nianbao.checker.quantities import Mention, QuantityIndex

CODE = "consistency.value_mismatch"
_LEVEL_NAMES = {"higher": "高职", "secondary": "中职"}


def _close(a: Mention, b: Mention) -> bool:
    return abs(a.num.value - b.num.value) <= a.num.slack + b.num.slack + 1e-9


def check(ctx: Context, index: QuantityIndex) -> Iterator[Finding]:
    for key, mentions in index.by_key.items():
        if len(mentions) < 2:
            continue
        # The reference is the value most mentions agree with (first one on a tie).
        support = Counter()
        for i, m in enumerate(mentions):
            support[i] = sum(1 for o in mentions if _close(m, o))
        ref_i = max(range(len(mentions)), key=lambda i: (support[i], -i))
        ref = mentions[ref_i]
        label, unit, level, year = key
        scope = "，".join(
            x for x in (_LEVEL_NAMES.get(level or ""), f"{year}年" if year else "") if x
        )
        for m in mentions:
            if _close(m, ref):
                continue
            # Generic two-character labels (学生, 教师) are too loose for an error.
            severity = "error" if len(label) >= 3 or (m.in_table and ref.in_table) else "warning"
            yield Finding(
                CODE,
                severity,
                f"同一数据前后不一致：「{m.label}」"
                + (f"（{scope}）" if scope else "")
                + f"此处为 {m.num.text}，而 {ref.location.label} 为 {ref.num.text}",
                m.location,
                m.excerpt,
                (m.num.text, ref.num.text),
            )
