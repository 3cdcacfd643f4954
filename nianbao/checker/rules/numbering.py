"""Numbering and references (编号与引用): chapters and sections continuous (x.y.z under x.y),
图/表/案例 x-y continuous within each chapter, 图目录/表目录/案例目录 matching the body
captions, and 见图 x-y / 表 x-y / 案例 x-y pointing to items that exist."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nianbao.checker.context import Context
from nianbao.checker.model import Caption, Finding, ListEntry, Paragraph
from nianbao.checker.numbers import normalize_text
from nianbao.checker.quantities import QuantityIndex

_REF = re.compile(r"(?:见|如|详见|参见|参考|据)\s*(图|表|案例)\s*(\d{1,2})\s*[-－—–]\s*(\d{1,3})")


def _num(t: tuple[int, ...]) -> str:
    return ".".join(map(str, t))


def _dash(t: tuple[int, ...]) -> str:
    return "-".join(map(str, t))


def check(ctx: Context, index: QuantityIndex) -> Iterator[Finding]:
    yield from _headings(ctx)
    yield from _captions(ctx)
    yield from _lists(ctx)
    yield from _list_order(ctx)
    yield from _references(ctx)


def _headings(ctx: Context) -> Iterator[Finding]:
    doc = ctx.doc
    last: dict[int, tuple[int, ...]] = {}  # level -> last ordinal seen at that level
    chapter: int | None = None
    for i, h in doc.headings():
        if not h.ordinal:
            continue
        loc = doc.locations[i]
        if not h.dotted:
            # 第X章 / 一、 / （一）: each numbers its own level, restarting under a new parent.
            prev = last.get(h.level)
            n = h.ordinal[0]
            expected = (prev[0] + 1) if prev else 1
            if n != expected and not (prev is None and (h.level == 1 or ctx.excerpt)):
                yield Finding("numbering.heading", "error",
                              f"标题编号不连续：应为第 {expected} 个，此处为“{h.number}”",
                              loc, h.text, (h.number,))  # fmt: skip
            last[h.level] = (n,)
            for lv in [lv for lv in last if lv > h.level]:
                del last[lv]
            if h.level == 1:
                chapter = n
            continue
        parts = h.ordinal
        depth = len(parts)
        if depth == 1:
            prev = last.get(-1)
            if prev and parts[0] != prev[0] + 1 and not ctx.excerpt:
                yield Finding("numbering.heading", "error",
                              f"章编号不连续：{prev[0]} 之后应为 {prev[0] + 1}，此处为 {parts[0]}",
                              loc, h.text, (h.number,))  # fmt: skip
            last[-1] = parts
            chapter = parts[0]
            for k in [k for k in last if k < -1 or k > h.level]:
                del last[k]
            continue
        parent = last.get(-(depth - 1))
        if depth == 2 and parent is None and chapter is not None:
            parent = (chapter,)
        if parent is not None and parts[:-1] != parent[: depth - 1]:
            yield Finding("numbering.heading", "error",
                          f"标题编号层级不符：{h.number} 不在上一级 {_num(parent)} 之下",
                          loc, h.text, (h.number, _num(parent)))  # fmt: skip
        else:
            prev = last.get(-depth)
            expected = prev[-1] + 1 if prev and prev[:-1] == parts[:-1] else 1
            if parts[-1] != expected and not (ctx.excerpt and expected == 1):
                yield Finding("numbering.heading", "error",
                              f"标题编号不连续：应为 {_num(parts[:-1] + (expected,))}，此处为 {h.number}",
                              loc, h.text, (h.number,))  # fmt: skip
        last[-depth] = parts
        for k in [k for k in last if k < -depth or k > h.level]:
            del last[k]  # deeper sections and the 一、/(一) lists of the previous section


def _captions(ctx: Context) -> Iterator[Finding]:
    doc = ctx.doc
    last: dict[str, tuple[int, int]] = {}
    for i, b in enumerate(doc.blocks):
        if not isinstance(b, Caption) or len(b.number) != 2:
            continue
        loc = doc.locations[i]
        chap, n = b.number
        prev = last.get(b.kind)
        if prev and prev[0] == chap:
            expected = prev[1] + 1
        elif prev and chap < prev[0]:
            yield Finding("numbering.caption", "error",
                          f"{b.kind}编号倒退：{b.kind} {_dash(prev)} 之后出现 {b.kind} {_dash(b.number)}",
                          loc, b.text, (_dash(prev), _dash(b.number)))  # fmt: skip
            last[b.kind] = b.number
            continue
        else:
            expected = 1
        if n != expected and not (ctx.excerpt and expected == 1):
            what = "重复" if prev and n == prev[1] and prev[0] == chap else "不连续"
            yield Finding("numbering.caption", "error",
                          f"{b.kind}编号{what}：应为 {b.kind} {chap}-{expected}，此处为 {b.kind} {_dash(b.number)}",
                          loc, b.text, (_dash(b.number),))  # fmt: skip
        last[b.kind] = b.number


def _norm_title(t: str) -> str:
    return re.sub(r"[\s\W_]+", "", normalize_text(t))


def _lists(ctx: Context) -> Iterator[Finding]:
    doc = ctx.doc
    body: dict[tuple[str, tuple[int, ...]], tuple[int, Caption]] = {}
    for i, b in enumerate(doc.blocks):
        if isinstance(b, Caption):
            body.setdefault((b.kind, b.number), (i, b))
    listed: dict[str, dict[tuple[int, ...], tuple[int, ListEntry]]] = {}
    for i, b in enumerate(doc.blocks):
        if (
            isinstance(b, ListEntry)
            and b.list_kind in {"图", "表", "案例"}
            and b.kind == b.list_kind
        ):
            listed.setdefault(b.kind, {}).setdefault(b.number, (i, b))
    # An excerpt holds some chapters only: compare the lists with the chapters present.
    present = {h.ordinal[0] for _, h in doc.headings() if h.ordinal}
    present |= {num[0] for (_, num) in body}
    for kind, entries in listed.items():
        body_kind = {num: v for (k, num), v in body.items() if k == kind}
        if not body_kind:
            continue  # list found but no body captions recognised: nothing reliable to compare
        for num, (i, e) in entries.items():
            if num[:1] and num[0] not in present:
                continue
            loc = doc.locations[i]
            if num not in body_kind:
                yield Finding("numbering.list_mismatch", "error",
                              f"{kind}目录中的 {kind} {_dash(num)} 在正文中不存在", loc, e.text,
                              (_dash(num),))  # fmt: skip
            elif _norm_title(e.title) != _norm_title(body_kind[num][1].title):
                yield Finding("numbering.list_mismatch", "warning",
                              f"{kind}目录与正文标题不一致：目录为“{e.title}”，正文为“{body_kind[num][1].title}”",
                              loc, e.text, (_dash(num),))  # fmt: skip
        for num, (i, c) in body_kind.items():
            if num not in entries:
                yield Finding("numbering.list_mismatch", "error",
                              f"正文中的 {kind} {_dash(num)} 未列入{kind}目录", doc.locations[i],
                              c.text, (_dash(num),))  # fmt: skip


def _list_order(ctx: Context) -> Iterator[Finding]:
    """Within each 目录/图目录/表目录/案例目录: numbers continuous (1.1.1 → 1.1.2, 图 6-2 →
    图 6-3) and page numbers never going back; a line that is no entry is flagged too."""
    doc = ctx.doc
    groups: dict[str, list[tuple[int, ListEntry]]] = {}
    for i, b in enumerate(doc.blocks):
        if isinstance(b, ListEntry):
            groups.setdefault(b.list_kind, []).append((i, b))
    for kind, entries in groups.items():
        last: dict[int, tuple[int, ...]] = {}
        for i, e in entries:
            loc = doc.locations[i]
            if kind == "目录" and not e.number and re.match(r"^(资料)?来源[:：]", e.title):
                yield Finding("numbering.list_entry", "warning",
                              f"目录中混入了非标题内容：“{e.title}”", loc, e.text, ())  # fmt: skip
                continue
            num = e.number
            if len(num) < 2:
                continue
            prev = last.get(len(num))
            parent = last.get(len(num) - 1) if kind == "目录" else None
            sep = "." if kind == "目录" else "-"
            name = "目录" if kind == "目录" else f"{kind}目录"
            if parent is not None and num[:-1] != parent:
                yield Finding("numbering.list_order", "error",
                              f"{name}编号层级不符：{sep.join(map(str, num))} 不在上一级 "
                              f"{sep.join(map(str, parent))} 之下", loc, e.text,
                              (sep.join(map(str, num)),))  # fmt: skip
                last[len(num) - 1] = num[:-1]  # report one slip once, not every sibling
            elif (
                prev is not None
                and prev[:-1] == num[:-1]
                and num[-1] not in {prev[-1], prev[-1] + 1}
            ):
                expected = prev[:-1] + (prev[-1] + 1,)
                yield Finding("numbering.list_order", "error",
                              f"{name}编号不连续：{sep.join(map(str, prev))} 之后应为 "
                              f"{sep.join(map(str, expected))}，此处为 {sep.join(map(str, num))}",
                              loc, e.text, (sep.join(map(str, num)),))  # fmt: skip
            last[len(num)] = num
            for k in [k for k in last if k > len(num)]:
                del last[k]
        yield from _pages(doc, kind, entries)


def _pages(doc, kind: str, entries: list[tuple[int, ListEntry]]) -> Iterator[Finding]:
    paged = [(i, e) for i, e in entries if e.page is not None]
    for j in range(1, len(paged) - 1):
        (_, a), (i, e), (_, c) = paged[j - 1], paged[j], paged[j + 1]
        if a.page <= c.page and not a.page <= e.page <= c.page:
            name = "目录" if kind == "目录" else f"{kind}目录"
            yield Finding("numbering.list_page", "warning",
                          f"{name}页码顺序异常：前后条目为第 {a.page} 页和第 {c.page} 页，"
                          f"此条为第 {e.page} 页", doc.locations[i], e.text, (str(e.page),))  # fmt: skip


def _references(ctx: Context) -> Iterator[Finding]:
    doc = ctx.doc
    existing = {(b.kind, b.number) for b in doc.blocks if isinstance(b, Caption)}
    kinds_present = {k for k, _ in existing}
    for i, b in enumerate(doc.blocks):
        if not isinstance(b, Paragraph):
            continue
        text = normalize_text(b.text)
        for m in _REF.finditer(text):
            kind, num = m.group(1), (int(m.group(2)), int(m.group(3)))
            if (kind, num) in existing:
                continue
            sev = "error" if kind in kinds_present else "warning"
            yield Finding("numbering.broken_reference", sev,
                          f"引用的 {kind} {_dash(num)} 在文中不存在", doc.locations[i],
                          text.strip(), (_dash(num),))  # fmt: skip
