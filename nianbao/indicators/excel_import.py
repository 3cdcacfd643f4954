"""Reading an uploaded data workbook (no ORM). Hostile files are refused before openpyxl sees
them (not an xlsx, a zip bomb, oversized sheets); every other problem is reported by sheet, row
and indicator so the user can fix them all at once."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import load_workbook

from nianbao.core.files import inspect_xlsx
from nianbao.indicators.excel_layout import (
    COL_CODE,
    COL_NOTE,
    COL_VALUE,
    FIRST_ROW,
    FORMAT_MARKER,
    INSTRUCTIONS_SHEET,
    MAX_SHEET_ROWS,
    META_SHEET,
    sheet_title,
)
from nianbao.indicators.parsing import parse_raw

__all__ = [
    "WorkbookRefused",
    "Problem",
    "ParsedWorkbook",
    "inspect_archive",
    "parse_workbook",
    "MAX_UPLOAD_BYTES",
]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_SHEET_XML_BYTES = 2 * 1024 * 1024  # our sheets are ~30 KB; 100k rows are several MB
MAX_ENTRIES = 300
MAX_RATIO = 100  # deflate rarely exceeds this on real sheets; bombs go far beyond


class WorkbookRefused(Exception):
    """The file is not read at all; `message` says why in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    code: str
    indicator: str
    message: str

    def __str__(self) -> str:
        where = self.sheet + (f" 第 {self.row} 行" if self.row else "")
        what = f"【{self.indicator}】" if self.indicator else ""
        return f"{where}{what}：{self.message}"


@dataclass
class ParsedWorkbook:
    meta: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, Decimal | str | None]] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # code -> worksheet row
    problems: list[Problem] = field(default_factory=list)

    @property
    def versions(self) -> dict[str, int]:
        out = {}
        for key, value in self.meta.items():
            if key.startswith("version:") and str(value).isdigit():
                out[key.removeprefix("version:")] = int(value)
        return out


def inspect_archive(content: bytes) -> None:
    """Refuses what is not a sane .xlsx, judging by the zip directory only (nothing inflated)."""
    inspect_xlsx(
        content,
        what="数据表工作簿",
        max_bytes=MAX_UPLOAD_BYTES,
        max_uncompressed=MAX_UNCOMPRESSED_BYTES,
        max_entries=MAX_ENTRIES,
        max_ratio=MAX_RATIO,
        max_sheet_xml=MAX_SHEET_XML_BYTES,
        sheet_too_large=f"工作表过大（行数或内容过多）；每张数据表最多 {MAX_SHEET_ROWS} 行，请使用平台下载的模板。",
        hint="，请上传平台下载的模板",
        refuse=WorkbookRefused,
    )


def _open(content: bytes):
    inspect_archive(content)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(content), data_only=False)
    except Exception:  # openpyxl raises many types for malformed parts
        raise WorkbookRefused("文件已损坏或不是标准的 .xlsx 格式，无法读取。") from None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_meta(wb, parsed: ParsedWorkbook) -> None:
    if META_SHEET not in wb.sheetnames:
        parsed.problems.append(
            Problem(
                "工作簿",
                None,
                "",
                "",
                "不是本平台下载的数据表模板（缺少识别信息），请先下载模板再填写。",
            )
        )
        return
    for key, value in wb[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
        if key:
            parsed.meta[str(key)] = "" if value is None else str(value)
    if parsed.meta.get("format") != FORMAT_MARKER:
        parsed.problems.append(
            Problem("工作簿", None, "", "", "模板格式版本不符，请重新下载最新模板。")
        )


def _read_sheet(ws, table, parsed: ParsedWorkbook) -> None:
    title = ws.title
    problems = parsed.problems
    specs = {spec.code: spec for spec in table.indicators}
    for cells in ws.merged_cells.ranges:
        problems.append(
            Problem(title, cells.min_row, "", "", f"有合并单元格 {cells.coord}，请取消合并。")
        )
    if ws.max_row > MAX_SHEET_ROWS:
        problems.append(
            Problem(title, None, "", "", f"行数过多（{ws.max_row} 行），请使用原模板。")
        )
        return
    values = parsed.values.setdefault(table.code, {})
    notes = parsed.notes.setdefault(table.code, {})
    seen: set[str] = set()
    for r, row in enumerate(ws.iter_rows(), start=1):
        formulas = [c.coordinate for c in row if c.data_type == "f"]
        if formulas:
            problems.append(
                Problem(
                    title,
                    r,
                    "",
                    "",
                    f"单元格 {'、'.join(formulas)} 使用了公式；请只填写数值（可“选择性粘贴→数值”）。",
                )
            )
        if r < FIRST_ROW:
            continue
        cells = [c.value for c in row]
        cells += [None] * (COL_NOTE - len(cells))
        code = None if _blank(cells[COL_CODE - 1]) else str(cells[COL_CODE - 1]).strip()
        extra = [c for c in cells[COL_NOTE:] if not _blank(c)]
        if code is None:
            if any(not _blank(c) for c in cells):
                problems.append(
                    Problem(
                        title, r, "", "", "这是新增的行（模板中没有），请删除，并在原有行中填写。"
                    )
                )
            continue
        spec = specs.get(code)
        if spec is None:
            problems.append(
                Problem(title, r, code, "", f"未知的指标代码 {code}：行被改动，或模板不是本表的。")
            )
            continue
        if code in seen:
            problems.append(
                Problem(
                    title, r, code, spec.name, "该指标行重复出现（复制了行？），请删除多余的行。"
                )
            )
            continue
        seen.add(code)
        parsed.rows[code] = r
        if extra:
            problems.append(
                Problem(
                    title, r, code, spec.name, "在“备注”列右侧填写了内容（新增了列？），请删除。"
                )
            )
        if any(f for f in formulas if f.startswith(("E", "G"))):
            continue
        try:
            values[code] = parse_raw(spec, cells[COL_VALUE - 1])
        except ValueError as exc:
            problems.append(Problem(title, r, code, spec.name, str(exc)))
        note = cells[COL_NOTE - 1]
        notes[code] = "" if _blank(note) else str(note).strip()[:500]
    for offset, spec in enumerate(table.indicators):
        if spec.code not in seen and not any(p.code == spec.code for p in problems):
            problems.append(
                Problem(
                    title,
                    None,
                    spec.code,
                    spec.name,
                    f"该指标行被删除了（模板第 {FIRST_ROW + offset} 行），请使用原模板恢复。",
                )
            )


def parse_workbook(content: bytes, catalog) -> ParsedWorkbook:
    """Raises WorkbookRefused for a file that cannot be read; otherwise returns every value it
    could parse and every problem it found. `catalog` may be a callable that picks the catalog
    from the workbook's meta (bulk import: the school is known only from the file)."""
    wb = _open(content)
    parsed = ParsedWorkbook()
    _read_meta(wb, parsed)
    if callable(catalog):
        catalog = catalog(parsed.meta)
    expected = {sheet_title(t): t for t in catalog.tables}
    for name in wb.sheetnames:
        if name not in expected and name not in (META_SHEET, INSTRUCTIONS_SHEET):
            parsed.problems.append(
                Problem(name, None, "", "", "多出的工作表（模板中没有），请删除或把数据填回原表。")
            )
    for name, table in expected.items():
        if name not in wb.sheetnames:
            parsed.problems.append(
                Problem(name, None, "", "", "缺少这张工作表（被删除或改名），请使用原模板。")
            )
            continue
        _read_sheet(wb[name], table, parsed)
    return parsed
