"""Document model for exported annual reports (年报文档模型).

Plain frozen dataclasses that both renderers (DOCX and PDF) read. The Django side builds a
`ReportDocument` from a stored report; nothing here imports Django.

Numbering of 图/表/案例 (per chapter: 图 2-3, 表 2-1, 案例 2-4) and of headings (1 / 1.1 / 1.1.1)
is computed once by `number_items` so that both renderers print the same numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

__all__ = [
    "Attachment",
    "Block",
    "Case",
    "Chapter",
    "ChartSeries",
    "ChartSpec",
    "DataRow",
    "DataTable",
    "DocumentError",
    "ITEM_LABELS",
    "EnterpriseReportList",
    "Figure",
    "Heading",
    "Numbering",
    "Paragraph",
    "ProgressRow",
    "ProgressSummary",
    "ReportDocument",
    "TableBlock",
    "format_value",
    "number_items",
    "resolve_references",
]


class DocumentError(ValueError):
    """A document cannot be rendered; the message is user-facing Chinese."""


# --- attachments and charts -------------------------------------------------------------------

MediaType = Literal["image/png", "image/jpeg", "application/pdf"]


@dataclass(frozen=True)
class Attachment:
    """An uploaded file such as the signed 内容真实性责任声明 scan."""

    filename: str
    content: bytes
    media_type: MediaType

    @property
    def is_pdf(self) -> bool:
        return self.media_type == "application/pdf"


@dataclass(frozen=True)
class ChartSeries:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    """A chart (`bar`, `grouped_bar`, `line` or `pie`), drawn as SVG by `documents.chart_svg`.

    `bar` and `pie` use the first series only; `grouped_bar` and `line` draw every series.
    """

    kind: Literal["bar", "grouped_bar", "line", "pie"]
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    title: str = ""
    unit: str = ""
    width_cm: float = 15.0
    height_cm: float = 8.0


# --- blocks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A heading inside a chapter: level 2 (1.1) or level 3 (1.1.1); the chapter is level 1."""

    level: Literal[2, 3]
    text: str


@dataclass(frozen=True)
class Paragraph:
    """Body text; `**bold**` and references such as `[[fig:key]]` are allowed."""

    text: str


@dataclass(frozen=True)
class Figure:
    """图: either a PNG/JPEG image or a chart spec; caption goes below it."""

    key: str
    caption: str
    image: bytes | None = None
    chart: ChartSpec | None = None
    source_note: str = ""
    width_cm: float = 14.0


@dataclass(frozen=True)
class TableBlock:
    """表: caption above, a header row, then body rows of plain strings."""

    key: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source_note: str = ""


@dataclass(frozen=True)
class Case:
    """案例: a boxed, shaded story with a title and body paragraphs."""

    key: str
    title: str
    body: tuple[str, ...]


Block = Heading | Paragraph | Figure | TableBlock | Case


@dataclass(frozen=True)
class Chapter:
    """A framework part (人才培养、服务贡献 …). Unnumbered chapters (前言) carry no 图/表/案例."""

    title: str
    blocks: tuple[Block, ...] = ()
    numbered: bool = True


# --- appendix data tables ---------------------------------------------------------------------


@dataclass(frozen=True)
class DataRow:
    """One indicator row of an appendix table; depth 1 is a 其中 row (indented)."""

    seq: str
    name: str
    unit: str
    values: tuple[str, ...]
    depth: int = 0


@dataclass(frozen=True)
class DataTable:
    """附表N: e.g. number 1, code `scorecard`, title 人才培养质量计分卡.

    `columns` are the value columns after 序号/指标/单位, e.g. ("2025年",) or
    ("2024年", "2025年") or ("2025年", "调查人次", "调查方式") for 附表2. `group` is the
    level (高职/中职) when a region report prints the tables of both levels.
    """

    number: int
    code: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[DataRow, ...]
    group: str = ""

    @property
    def label(self) -> str:
        return f"附表{self.number}"

    @property
    def opens_group(self) -> bool:
        """附表1 of a level in a report with both levels: printed after a “高职：” line."""
        return bool(self.group) and self.number == 1

    def display_rows(self) -> tuple[DataRow, ...]:
        """Rows as printed: the first row of each breakdown group reads “其中：…”.

        Catalog names carry no prefix; the printed tables put 其中 once, on the first indented
        row under a top-level row (nested breakdowns follow without a second 其中).
        """
        rows: list[DataRow] = []
        previous_depth = 0
        for row in self.rows:
            name = row.name
            opens_group = row.depth > 0 and previous_depth == 0
            if opens_group and name and not name.startswith("其中"):
                name = f"其中：{name}"
            rows.append(replace(row, name=name) if name != row.name else row)
            previous_depth = row.depth
        return tuple(rows)


# --- the document -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportDocument:
    """A whole annual report ready to render (学校/地市/企业/省级年报)."""

    title: str
    organisation_name: str
    year_label: str
    kind: Literal["school", "city", "enterprise", "province"] = "school"
    subtitle: str = ""
    organisation_code: str = ""
    date_label: str = ""
    declaration: Attachment | None = None
    chapters: tuple[Chapter, ...] = ()
    appendix: tuple[DataTable, ...] = ()
    appendix_title: str = "附表"
    appendix_name: str = ""

    @property
    def front_count(self) -> int:
        """Leading unnumbered chapters (前言): printed in the front matter, Roman page numbers."""
        count = 0
        for chapter in self.chapters:
            if chapter.numbered:
                break
            count += 1
        return count

    @property
    def name_line(self) -> str:
        """“名称：示范省(990000)” above every 附表 (the region's name for region reports)."""
        code = f"({self.organisation_code})" if self.organisation_code else ""
        return f"名称：{self.appendix_name or self.organisation_name}{code}"

    @property
    def running_title(self) -> str:
        """Short title for page headers: the cover title without 《》."""
        return self.title.strip("《》")


# --- numbering --------------------------------------------------------------------------------

ItemKind = Literal["fig", "table", "case"]
ITEM_LABELS: dict[str, str] = {"fig": "图", "table": "表", "case": "案例"}
_KIND_OF_BLOCK: dict[type, ItemKind] = {Figure: "fig", TableBlock: "table", Case: "case"}


@dataclass(frozen=True)
class Numbering:
    """Computed numbers: chapter labels, heading labels and item labels.

    `items` maps "fig:key" → "图 2-3"; `headings` maps (chapter index, block index) → "2.1";
    `chapters` maps chapter index → "2" ("" for unnumbered chapters).
    """

    chapters: dict[int, str] = field(default_factory=dict)
    headings: dict[tuple[int, int], str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)
    sequence: dict[str, int] = field(default_factory=dict)

    def label(self, kind: ItemKind, key: str) -> str:
        return self.items[f"{kind}:{key}"]


def number_items(doc: ReportDocument) -> Numbering:
    """Number chapters, headings and 图/表/案例 per chapter; both renderers use the result.

    Raises `DocumentError` on a duplicate key, a bad heading level, or an item in an
    unnumbered chapter.
    """
    numbering = Numbering()
    chapter_no = 0
    for ci, chapter in enumerate(doc.chapters):
        if chapter.numbered:
            chapter_no += 1
            numbering.chapters[ci] = str(chapter_no)
        else:
            numbering.chapters[ci] = ""
        counters: dict[str, int] = {"fig": 0, "table": 0, "case": 0}
        h2 = h3 = 0
        for bi, block in enumerate(chapter.blocks):
            if isinstance(block, Heading):
                if block.level not in (2, 3):
                    raise DocumentError(f"标题级别只能是 2 或 3（章内标题），而不是 {block.level}")
                if not chapter.numbered:
                    numbering.headings[(ci, bi)] = ""
                elif block.level == 2:
                    h2, h3 = h2 + 1, 0
                    numbering.headings[(ci, bi)] = f"{chapter_no}.{h2}"
                else:
                    h3 += 1
                    numbering.headings[(ci, bi)] = f"{chapter_no}.{max(h2, 1)}.{h3}"
                continue
            kind = _KIND_OF_BLOCK.get(type(block))
            if kind is None:
                continue
            key = f"{kind}:{block.key}"
            if not chapter.numbered:
                raise DocumentError(
                    f"未编号的章节“{chapter.title}”中不能放置{ITEM_LABELS[kind]}（{key}）"
                )
            if key in numbering.items:
                raise DocumentError(f"{ITEM_LABELS[kind]}的引用键重复：{key}")
            counters[kind] += 1
            numbering.items[key] = f"{ITEM_LABELS[kind]} {chapter_no}-{counters[kind]}"
            numbering.sequence[key] = counters[kind]
    return numbering


_REFERENCE = re.compile(r"\[\[(fig|table|case):([^\]]+)\]\]")


def resolve_references(text: str, numbering: Numbering) -> str:
    """Replace `[[fig:key]]` / `[[table:key]]` / `[[case:key]]` by the current number.

    An unknown key raises `DocumentError` naming the key.
    """

    def replace(match: re.Match[str]) -> str:
        key = f"{match.group(1)}:{match.group(2).strip()}"
        try:
            return numbering.items[key]
        except KeyError:
            label = ITEM_LABELS[match.group(1)]
            raise DocumentError(f"引用了不存在的{label}：{key}（正文中的 {match.group(0)}）")

    return _REFERENCE.sub(replace, text)


def format_value(value: object) -> str:
    """Display text for a data value: blank for None, plain decimals without exponent."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# --- progress forms (附件2 / 附件3 of the 2025 notice) -------------------------------------


@dataclass(frozen=True)
class ProgressRow:
    """One row of 附件2: a report and whether it was compiled, submitted, published."""

    name: str
    compiled: bool = False
    submitted: bool = False
    published: bool = False
    enterprise_report: bool = False
    publication_url: str = ""


@dataclass(frozen=True)
class ProgressSummary:
    """附件2 各级年报和企业年报的报送及发布情况 (export `progress_summary`)."""

    city_name: str
    city_report: ProgressRow | None
    school_reports: tuple[ProgressRow, ...]
    title: str = "各级年报和企业年报的报送及发布情况"
    attachment_label: str = "附件2"


@dataclass(frozen=True)
class EnterpriseReportList:
    """附件3 发布企业年报的职业学校和企业名单 (export `enterprise_report_list`)."""

    school_name: str
    enterprises: tuple[str, ...]
    title: str = "发布企业年报的职业学校和企业名单"
    attachment_label: str = "附件3"
