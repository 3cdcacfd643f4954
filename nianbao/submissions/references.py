"""References between a report's text and its figures, tables and cases (`[[fig:key]]`): the
list a writer picks from, and every reference that points nowhere, all at once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.reports.choices import AuthoringMode
from nianbao.reports.models import Report

__all__ = [
    "BrokenReference",
    "ReferenceTarget",
    "broken_reference_reasons",
    "broken_references",
    "reference_targets",
]

KIND_PREFIX = {"figure": "fig", "table": "table", "case": "case"}
PREFIX_LABEL = {"fig": "图", "table": "表", "case": "案例"}
_REFERENCE = re.compile(r"\[\[(fig|table|case):([^\]]*)\]\]")


@dataclass(frozen=True)
class ReferenceTarget:
    ref: str  # what gets inserted: [[fig:fig1]]
    label: str  # what the writer reads: 图 2-1 近年毕业生人数（人才培养）


@dataclass(frozen=True)
class BrokenReference:
    ref: str
    part_name: str
    where: str  # the section's title, or 「无标题小节」/ the case's title
    reason: str


def _items(report: Report):
    for kind, qs in (("figure", report.figures), ("table", report.tables), ("case", report.cases)):
        for item in qs.order_by("part_code", "order", "pk"):
            yield kind, item


def reference_targets(report: Report, numbers: dict[str, str]) -> list[ReferenceTarget]:
    """Every figure, table and case of the report with its current number (`numbers` maps
    `fig:key` to 「图 2-1」 when the report could be numbered)."""
    part_names = {p.code: p.name for p in report.framework_parts}
    targets = []
    for kind, item in _items(report):
        prefix = KIND_PREFIX[kind]
        key = f"{prefix}:{item.key}"
        title = getattr(item, "caption", "") or getattr(item, "title", "")
        number = numbers.get(key) or PREFIX_LABEL[prefix]
        part = part_names.get(item.part_code, "")
        targets.append(ReferenceTarget(f"[[{key}]]", f"{number} {title}（{part}）"))
    return targets


def broken_references(report: Report) -> list[BrokenReference]:
    """Every `[[kind:key]]` in the report's sections and cases that names no item."""
    known = {f"{KIND_PREFIX[kind]}:{item.key}" for kind, item in _items(report)}
    part_names = {p.code: p.name for p in report.framework_parts}
    found = []
    texts = [
        (s.part_code, s.title or "无标题小节", s.body)
        for s in report.sections.order_by("part_code", "order", "pk")
    ] + [(c.part_code, f"案例“{c.title}”", c.body) for c in report.cases.order_by("order", "pk")]
    for part_code, where, body in texts:
        for match in _REFERENCE.finditer(body or ""):
            key = f"{match.group(1)}:{match.group(2).strip()}"
            if key in known:
                continue
            label = PREFIX_LABEL[match.group(1)]
            reason = (
                f"引用键为空，请从“插入引用”中选择一个{label}"
                if not match.group(2).strip()
                else f"本年报中没有这个{label}（可能已被删除，或引用键写错）"
            )
            found.append(
                BrokenReference(match.group(0), part_names.get(part_code, ""), where, reason)
            )
    return found


def broken_reference_reasons(report: Report) -> list[str]:
    """One line per broken reference of a report written in the platform (none for uploads)."""
    if report.authoring_mode != AuthoringMode.PLATFORM:
        return []
    return [
        f"引用无效：{b.part_name} · {b.where} 中的 {b.ref}——{b.reason}"
        for b in broken_references(report)
    ]
