"""Framework and cases (框架与案例): the edition's required parts must appear in headings
(by name or alias); each 案例 stays within 500 characters and carries quantitative evidence."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nianbao.checker.context import Context
from nianbao.checker.model import Caption, Finding, Heading, Location
from nianbao.checker.numbers import find_numbers, normalize_text

CASE_LIMIT = 500


def check_framework(ctx: Context, parts, edition: str) -> Iterator[Finding]:
    headings = [re.sub(r"\s+", "", h.title or h.text) for _, h in ctx.doc.headings()]
    if not headings:
        yield Finding("framework.no_headings", "warning", "未识别到章节标题，无法核对报告框架",
                      Location(0))  # fmt: skip
        return
    for part in parts:
        if not any(name in h for h in headings for name in part.names):
            yield Finding(
                "framework.missing_part",
                "error",
                f"缺少{edition}版报告框架要求的部分：{part.name}"
                + (f"（或{'、'.join(part.aliases)}）" if part.aliases else ""),
                Location(0),
                "",
                (),
            )


def _count_chars(text: str) -> int:
    return len(re.sub(r"\s+", "", text))


def check_cases(ctx: Context) -> Iterator[Finding]:
    doc = ctx.doc
    bodies: dict[int, list[int]] = {}
    for block, start in ctx.case_blocks.items():
        bodies.setdefault(start, []).append(block)
    for i, b in enumerate(doc.blocks):
        if not isinstance(b, Caption) or b.kind != "案例":
            continue
        blocks = bodies.get(i, [])
        text = "".join(normalize_text(getattr(doc.blocks[j], "text", "")) for j in blocks)
        text = re.sub(r"^[(（]?(资料)?来源[:：].*$", "", text)
        loc = doc.locations[i]
        name = f"案例 {'-'.join(map(str, b.number))}"
        if not text:
            continue
        n = _count_chars(text)
        if n > CASE_LIMIT:
            yield Finding("case.too_long", "warning",
                          f"{name} 正文 {n} 字，超过 {CASE_LIMIT} 字的要求", loc, b.text, (str(n),))  # fmt: skip
        if not any(x.written_unit and x.unit not in {"年", "月", "日"} for x in find_numbers(text)):
            yield Finding("case.no_evidence", "warning",
                          f"{name} 缺少定量数据佐证成效（何人、何时、何地、何事、何法、何效）",
                          loc, b.text, ())  # fmt: skip


__all__ = ["check_cases", "check_framework", "Heading"]
