"""Table checks (表格核验): 其中 rows not above their parent, parts summing to 合计/总计 and to
an exhaustive parent, fractional values in count units, a per-unit average (课均/校均/师均…)
larger than the population it averages over, and 序号 that skips or repeats."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nianbao.checker.context import Context, TableView
from nianbao.checker.model import Finding
from nianbao.checker.numbers import COUNT_UNITS, Num
from nianbao.checker.quantities import QuantityIndex

_TOTAL = re.compile(r"^(合计|总计|小计|总数|全省|全市|共计)$")
_AVERAGE = re.compile(r"([课校班师生人户])均(?:[^均]*?)(学生|人|教师|人数)")
_RATE_LABEL = re.compile(r"率|比例|比|均|占|满意度|指数|得分|系数|每")
# Children that together make up their parent (e.g. 第一/二/三产业, 国家级/省级/校级).
_PARTITIONS = (
    ("第一", "第二", "第三"),
    ("国家级", "省级", "校级"),
    ("男", "女"),
    ("公办", "民办"),
)


def _excerpt(view: TableView, r: int) -> str:
    return " | ".join(c for c in view.table.rows[r] if c)


def _f(code: str, sev: str, msg: str, view: TableView, r: int, c: int | None, values) -> Finding:
    loc = view.location.with_cell(r + 1, None if c is None else c + 1)
    return Finding(code, sev, msg, loc, _excerpt(view, r), tuple(values))


def check(ctx: Context, index: QuantityIndex) -> Iterator[Finding]:
    population = _population(index)
    for view in ctx.tables:
        yield from _sequence(view)
        if view.label_col is None or not view.value_cols:
            continue
        yield from _fractions(view)
        yield from _children(view)
        yield from _totals(view)
        yield from _averages(view, population)


def _population(index: QuantityIndex) -> float | None:
    values = [
        m.num.value
        for key, ms in index.by_key.items()
        if key[1] == "人" and re.search(r"在校生|在校学生", key[0]) and "/" not in key[0]
        for m in ms
    ]
    return max(values) if values else None


def _sequence(view: TableView) -> Iterator[Finding]:
    if view.seq_col is None:
        return
    last: int | None = None
    for r in range(view.header_rows, len(view.table.rows)):
        cell = view.cell(r, view.seq_col).strip()
        if not cell.isdigit():
            continue
        n = int(cell)
        if last is not None and n == last:
            yield _f("table.sequence_repeat", "error", f"序号重复：{n} 出现两次", view, r,
                     view.seq_col, [cell])  # fmt: skip
        elif last is not None and n != last + 1:
            yield _f("table.sequence_gap", "error",
                     f"序号不连续：{last} 之后应为 {last + 1}，此处为 {n}", view, r,
                     view.seq_col, [str(last), cell])  # fmt: skip
        last = n


def _fractions(view: TableView) -> Iterator[Finding]:
    for r in range(view.header_rows, len(view.table.rows)):
        unit = view.unit(r)
        label = view.cell(r, view.label_col)
        if unit not in COUNT_UNITS or _RATE_LABEL.search(label):
            continue
        for c in view.value_cols:
            num = view.number(r, c)
            if num is not None and num.scale == 1 and num.value != int(num.value):
                yield _f("table.fractional_count", "error",
                         f"计数单位“{unit}”的数值不应有小数：「{label}」为 {num.text}",
                         view, r, c, [num.text])  # fmt: skip


def _groups(view: TableView) -> Iterator[tuple[int, list[int]]]:
    """(parent row, child rows) where children are the 其中 rows after a numbered row."""
    rows = view.table.rows
    parent: int | None = None
    children: list[int] = []
    for r in range(view.header_rows, len(rows)):
        label = view.cell(r, view.label_col).strip()
        numbered = view.seq_col is not None and view.cell(r, view.seq_col).strip()
        is_child = label.startswith("其中") or (
            children and not numbered and view.seq_col is not None
        )
        if is_child and parent is not None:
            children.append(r)
            continue
        if parent is not None and children:
            yield parent, children
        parent, children = r, []
    if parent is not None and children:
        yield parent, children


def _strip(label: str) -> str:
    return re.sub(r"^其中[:：]?\s*", "", label.strip())


def _children(view: TableView) -> Iterator[Finding]:
    for parent, children in _groups(view):
        p_unit = view.unit(parent)
        p_label = view.cell(parent, view.label_col).strip()
        if _RATE_LABEL.search(p_label):
            continue
        for c in view.value_cols:
            p = view.number(parent, c)
            if p is None:
                continue
            parts: list[tuple[int, Num]] = []
            for r in children:
                n = view.number(r, c)
                label = view.cell(r, view.label_col).strip()
                if n is None or view.unit(r) != p_unit or _RATE_LABEL.search(label):
                    continue
                parts.append((r, n))
                if n.value > p.value + n.slack + p.slack:
                    # A row right after 其中 is surely a part; later rows may be siblings.
                    sev = "error" if label.startswith("其中") else "warning"
                    yield _f("table.child_exceeds_parent", sev,
                             f"“其中”项大于总项：「{_strip(label)}」{n.text} 大于「{p_label}」{p.text}",
                             view, r, c, [n.text, p.text])  # fmt: skip
            yield from _partition_sum(view, parent, p_label, p, parts, c)


def _partition_sum(view, parent, p_label, p: Num, parts, c) -> Iterator[Finding]:
    labels = [_strip(view.cell(r, view.label_col)) for r, _ in parts]
    for pattern in _PARTITIONS:
        chosen = [
            (r, n) for (r, n), lab in zip(parts, labels, strict=True)
            if any(lab.startswith(w) or lab.startswith("面向" + w) for w in pattern)
        ]  # fmt: skip
        if len(chosen) != len(pattern):
            continue
        total = sum(n.value for _, n in chosen)
        tol = sum(n.slack for _, n in chosen) + p.slack
        if abs(total - p.value) > tol + 1e-9:
            # The parts of an exhaustive partition (男/女, 三次产业) must add up to the whole.
            yield _f("table.sum_mismatch", "error",
                     f"分项之和与总数不符：「{p_label}」为 {p.text}，"
                     f"{'、'.join(_strip(view.cell(r, view.label_col)) for r, _ in chosen)} 之和为 {total:g}",
                     view, parent, c, [p.text, *(n.text for _, n in chosen)])  # fmt: skip


def _totals(view: TableView) -> Iterator[Finding]:
    rows = view.table.rows
    start = view.header_rows
    for r in range(start, len(rows)):
        label = re.sub(r"\s+", "", view.cell(r, view.label_col))
        if not _TOTAL.match(label):
            continue
        above = [
            i
            for i in range(start, r)
            if not _TOTAL.match(re.sub(r"\s+", "", view.cell(i, view.label_col)))
        ]
        if view.seq_col is not None:  # only numbered rows are parts; 其中 rows are inside them
            above = [i for i in above if view.cell(i, view.seq_col).strip()] or above
        for c in view.value_cols:
            total = view.number(r, c)
            parts = [n for i in above if (n := view.number(i, c)) is not None]
            if total is None or len(parts) < 2 or total.unit == "%":
                continue
            s = sum(n.value for n in parts)
            tol = sum(n.slack for n in parts) + total.slack
            if abs(s - total.value) > tol + 1e-9:
                yield _f("table.sum_mismatch", "error",
                         f"合计与分项之和不符：{label}为 {total.text}，上方各行之和为 {s:g}",
                         view, r, c, [total.text, *(n.text for n in parts)])  # fmt: skip
        start = r + 1
    # 合计 column: a header named 合计/总计 equals the sum of the other value columns.
    header = [re.sub(r"\s+", "", h) for h in rows[0]] if rows else []
    totals = [c for c in view.value_cols if c < len(header) and _TOTAL.match(header[c])]
    for tc in totals:
        others = [c for c in view.value_cols if c != tc and c not in totals]
        for r in range(view.header_rows, len(rows)):
            total = view.number(r, tc)
            parts = [n for c in others if (n := view.number(r, c)) is not None]
            if total is None or len(parts) < 2 or total.unit == "%":
                continue
            s = sum(n.value for n in parts)
            if abs(s - total.value) > sum(n.slack for n in parts) + total.slack + 1e-9:
                yield _f("table.sum_mismatch", "error",
                         f"合计列与分项之和不符：{header[tc]}为 {total.text}，同行各列之和为 {s:g}",
                         view, r, tc, [total.text, *(n.text for n in parts)])  # fmt: skip


def _averages(view: TableView, population: float | None) -> Iterator[Finding]:
    if population is None:
        return
    for r in range(view.header_rows, len(view.table.rows)):
        label = view.cell(r, view.label_col).strip()
        if not _AVERAGE.search(label) or view.unit(r) not in {"人", "人次"}:
            continue
        for c in view.value_cols:
            n = view.number(r, c)
            if n is not None and n.value > population:
                # Online courses also teach learners who are not the schools' students.
                open_course = re.search(r"在线|线上|网络|慕课|开放", label)
                yield _f("table.average_exceeds_population", "warning" if open_course else "error",
                         f"平均数大于总体：「{label}」为 {n.text}，超过在校生总数 {population:g}",
                         view, r, c, [n.text, f"{population:g}"])  # fmt: skip
