"""Shared analysis of a document for the rules (分析上下文): sentences with their numbers, the
scope in force (level 高职/中职, year) from headings, scope lines and the sentence, case
regions, and tables with their label, unit and value columns."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from nianbao.checker.model import Caption, Document, Heading, Location, Paragraph, Table
from nianbao.checker.numbers import Num, find_numbers, normalize_text, parse_cell, sentences

__all__ = ["Context", "Sentence", "TableView", "level_of", "year_of"]

_LEVEL_RE = re.compile(r"(高职|高等职业|职业本科|高专|中职|中等职业|技工学校|中专)")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")


def level_of(text: str) -> str | None:
    """ "higher" or "secondary" when the text names exactly one level, else None."""
    found = {("secondary" if m in {"中职", "中等职业", "技工学校", "中专"} else "higher")
             for m in _LEVEL_RE.findall(text)}  # fmt: skip
    return found.pop() if len(found) == 1 else None


def year_of(text: str) -> str | None:
    years = set(_YEAR_RE.findall(text))
    return years.pop() if len(years) == 1 else None


@dataclass(slots=True)
class Sentence:
    """A sentence of a paragraph with its numbers and the block's scope."""

    block: int
    location: Location
    text: str
    nums: list[Num]
    level: str | None
    in_case: bool


@dataclass
class TableView:
    """A table read as label × value columns: which column holds the row labels, the unit,
    序号, and which columns hold values (with the year or level their header names)."""

    block: int
    table: Table
    location: Location
    level: str | None
    header_rows: int = 1
    label_col: int | None = None
    unit_col: int | None = None
    seq_col: int | None = None
    value_cols: list[int] = field(default_factory=list)
    col_year: dict[int, str] = field(default_factory=dict)
    col_level: dict[int, str] = field(default_factory=dict)
    default_unit: str = ""

    def cell(self, row: int, col: int) -> str:
        r = self.table.rows[row]
        return r[col] if col < len(r) else ""

    def unit(self, row: int) -> str:
        if self.unit_col is not None:
            return self.cell(row, self.unit_col).strip() or self.default_unit
        return self.default_unit

    def number(self, row: int, col: int) -> Num | None:
        unit = self.unit(row)
        if unit in {":", "："}:
            return None  # ratios such as 生师比 x:1
        return parse_cell(self.cell(row, col), unit)


_UNIT_IN_TEXT = re.compile(r"单位\s*[:：]\s*([^\s)）,，;；]+)")


def _table_view(block: int, table: Table, loc: Location, level: str | None) -> TableView:
    view = TableView(block, table, loc, level)
    rows = table.rows
    if not rows:
        return view
    header = [normalize_text(c) for c in rows[0]]
    m = _UNIT_IN_TEXT.search(table.caption + " " + " ".join(header))
    view.default_unit = m.group(1) if m else ""
    for i, h in enumerate(header):
        hc = re.sub(r"\s+", "", h)
        if hc in {"序号", "编号"}:
            view.seq_col = i
        elif hc.startswith("单位") and view.unit_col is None:
            view.unit_col = i
        elif view.label_col is None and re.search(r"指标|项目|名称|内容|类别|类型|学校|院校", hc):
            view.label_col = i
    body = rows[1:]
    for i, h in enumerate(header):
        if i in {view.seq_col, view.unit_col, view.label_col}:
            continue
        cells = [r[i] for r in body if i < len(r) and r[i].strip()]
        numeric = sum(1 for c in cells if parse_cell(c) is not None)
        if cells and numeric >= max(1, len(cells) * 0.6):
            view.value_cols.append(i)
            if y := year_of(h):
                view.col_year[i] = y
            if lv := level_of(h):
                view.col_level[i] = lv
        elif view.label_col is None and cells:
            view.label_col = i
    return view


class Context:
    """Everything the rules share, computed once per document."""

    def __init__(self, doc: Document, *, excerpt: bool = False) -> None:
        self.doc = doc
        self.excerpt = excerpt  # a part of a report: numbering may start anywhere
        self.sentences: list[Sentence] = []
        self.tables: list[TableView] = []
        self.case_blocks: dict[int, int] = {}  # block -> block of its 案例 caption
        self._scan()

    @cached_property
    def year(self) -> str | None:
        """The report year: from the title area ("…2023年质量年度报告"), else the year the body
        states most often (the latest on a tie), else the tables' most frequent year."""
        for block in self.doc.blocks[:8]:
            text = getattr(block, "text", "")
            if (
                isinstance(block, Heading | Paragraph)
                and len(text) <= 120
                and re.search(r"报告|年报|年度", text)
                and (y := _YEAR_RE.search(text))
            ):
                return y.group(1)
        years = Counter(y for s in self.sentences for y in _YEAR_RE.findall(s.text))
        if years:
            return max(years, key=lambda y: (years[y], y))
        counts = Counter(y for v in self.tables for y in v.col_year.values())
        return counts.most_common(1)[0][0] if counts else None

    def _scan(self) -> None:
        heading_levels: list[tuple[int, str | None]] = []
        scope_line: str | None = None
        case_start: int | None = None
        for index, block in enumerate(self.doc.blocks):
            loc = self.doc.locations[index]
            if isinstance(block, Heading):
                while heading_levels and heading_levels[-1][0] >= block.level:
                    heading_levels.pop()
                heading_levels.append((block.level, level_of(block.text)))
                scope_line = None
                case_start = None
                continue
            inherited = next((lv for _, lv in reversed(heading_levels) if lv), None)
            if isinstance(block, Table):
                case_start = None
                self.tables.append(_table_view(index, block, loc, scope_line or inherited))
                continue
            if isinstance(block, Caption):
                case_start = index if block.kind == "案例" else None
                continue
            if not isinstance(block, Paragraph):
                continue
            text = normalize_text(block.text)
            if len(text) <= 12 and text[-1:] in ":：" and (lv := level_of(text)):
                scope_line = lv
                continue
            if case_start is not None:
                self.case_blocks[index] = case_start
            for _, sentence in sentences(text):
                self.sentences.append(
                    Sentence(
                        index,
                        loc,
                        sentence,
                        find_numbers(sentence),
                        scope_line or inherited,
                        case_start is not None,
                    )
                )
            if re.match(r"^[(（]?(资料)?来源[:：]", text):
                case_start = None
