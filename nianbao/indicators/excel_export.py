"""Building a school's data workbook: one protected sheet per table (附表1–6), units in their own
column, data validation by value type, last cycle's values beside the input, a hidden code
column and a hidden meta sheet carrying the school code and table versions (no ORM)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from nianbao.core.spreadsheets import workbook_as_text
from nianbao.indicators.excel_layout import (
    COL_CODE,
    COL_NAME,
    COL_NOTE,
    COL_PREVIOUS,
    COL_SEQ,
    COL_UNIT,
    COL_VALUE,
    FIRST_ROW,
    FORMAT_MARKER,
    HEADER_ROW,
    HEADERS,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    sheet_title,
)

__all__ = ["WorkbookContext", "build_workbook"]

SHEET_PASSWORD = "nianbao"  # keeps the structure from accidental edits; not a secret
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
UNLOCKED = Protection(locked=False)
BOLD = Font(bold=True)


@dataclass
class WorkbookContext:
    school_code: str
    school_name: str
    report_id: int
    year: int
    catalog: object  # nianbao.indicators.catalog.Catalog
    values: dict[str, Decimal | str | None] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    previous: dict[str, Decimal | str | None] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)


def _cell_value(value):
    """Numbers as Excel numbers (int when whole, else float, which keeps ≤15 digits exactly)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _validation(spec) -> tuple[str, DataValidation]:
    vt = spec.value_type
    if vt == "count":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        key, msg = "count", "请填写不小于 0 的整数，不要填写单位。"
    elif vt == "percent":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
        key, msg = "percent", "请填写 0–100 之间的数（如 85.15 表示 85.15%），不要填写 % 号。"
    elif vt in ("amount", "ratio", "decimal"):
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        key, msg = "decimal", "请填写数值，不要填写单位或其他文字。"
    elif vt == "choice" and spec.choices:
        options = ",".join(spec.choices)
        dv = DataValidation(type="list", formula1=f'"{options}"')
        key, msg = f"choice:{options}", "请从下拉列表中选择。"
    else:
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="500")
        key, msg = "text", "文字不能超过 500 字。"
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorTitle = "填写内容不符合要求"
    dv.error = msg
    dv.showInputMessage = True
    dv.promptTitle = "填写提示"
    dv.prompt = msg
    return key, dv


def _table_sheet(wb: Workbook, ctx: WorkbookContext, table) -> None:
    ws = wb.create_sheet(sheet_title(table))
    ws["B1"] = f"附表{table.number} {table.name}"
    ws["B1"].font = Font(bold=True, size=13)
    ws["B2"] = (
        f"学校：{ctx.school_name}（{ctx.school_code}） · {ctx.year}年度 · "
        "只在黄色单元格中填写；空白表示未填，不要填“无”或“/”。"
    )
    for col, header in enumerate(HEADERS, start=1):
        cell = ws.cell(HEADER_ROW, col, header.format(year=ctx.year, prev=ctx.year - 1))
        cell.font, cell.fill = BOLD, HEADER_FILL
    validations: dict[str, DataValidation] = {}
    for offset, spec in enumerate(table.indicators):
        r = FIRST_ROW + offset
        ws.cell(r, COL_CODE, spec.code)
        ws.cell(r, COL_SEQ, spec.seq or "")
        name = ws.cell(r, COL_NAME, getattr(spec, "label", "") or spec.name)
        name.alignment = Alignment(indent=2 * spec.depth, wrap_text=True)
        ws.cell(r, COL_UNIT, spec.unit)
        value = ws.cell(r, COL_VALUE, _cell_value(ctx.values.get(spec.code)))
        value.fill, value.protection = INPUT_FILL, UNLOCKED
        if spec.value_type in ("text", "choice"):
            value.number_format = "@"
        elif spec.value_type == "count":
            value.number_format = "0"
        ws.cell(r, COL_PREVIOUS, _cell_value(ctx.previous.get(spec.code)))
        note = ws.cell(r, COL_NOTE, ctx.notes.get(spec.code) or None)
        note.fill, note.protection = INPUT_FILL, UNLOCKED
        key, dv = _validation(spec)
        if key not in validations:
            validations[key] = dv
            ws.add_data_validation(dv)
        validations[key].add(value.coordinate)
    for letter, width in zip("ABCDEFG", (14, 6, 46, 8, 18, 16, 30), strict=True):
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = ws.cell(FIRST_ROW, COL_VALUE)
    ws.protection.set_password(SHEET_PASSWORD)
    ws.protection.sheet = True
    ws.protection.formatColumns = False


def _instructions(wb: Workbook, ctx: WorkbookContext) -> None:
    ws = wb.active
    ws.title = INSTRUCTIONS_SHEET
    lines = [
        f"{ctx.school_name}（{ctx.school_code}） {ctx.year}年度 数据表",
        "",
        "1. 每个附表一个工作表，只在黄色单元格（填报值、备注）中填写，其余单元格已锁定。",
        "2. 单位已列在“单位”列，单元格中只填数字：不要写“人”“万元”“%”等单位，也不要用千分位以外的符号。",
        "3. 百分比填百分数本身，例如 85.15 表示 85.15%；生师比填比值，例如 18.5 表示 18.5:1。",
        "4. 没有数据请留空，不要填“无”“/”“-”；数值为零请填 0。",
        "5. 不要插入、删除或移动行，不要使用公式或合并单元格，不要修改工作表名称。",
        "6. 上传后系统会先检查，列出所有问题（工作表、行号、指标）；检查通过并确认后才会保存。",
        "7. 下载后如果他人在平台上修改了同一张表，上传会被拒绝，请重新下载后再填写。",
    ]
    for i, line in enumerate(lines, start=1):
        ws.cell(i, 1, line)
    ws["A1"].font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 110
    ws.protection.set_password(SHEET_PASSWORD)
    ws.protection.sheet = True


def _meta(wb: Workbook, ctx: WorkbookContext) -> None:
    ws = wb.create_sheet(META_SHEET)
    rows = [
        ("format", FORMAT_MARKER),
        ("school_code", ctx.school_code),
        ("report_id", str(ctx.report_id)),
        ("year", str(ctx.year)),
        ("edition", ctx.catalog.edition),
        ("level", ctx.catalog.level),
    ]
    rows += [(f"version:{t.code}", str(ctx.versions.get(t.code, 0))) for t in ctx.catalog.tables]
    for r, (key, value) in enumerate(rows, start=1):
        ws.cell(r, 1, key)
        ws.cell(r, 2, value).number_format = "@"
    ws.sheet_state = "veryHidden"
    ws.protection.set_password(SHEET_PASSWORD)
    ws.protection.sheet = True


def build_workbook(ctx: WorkbookContext) -> bytes:
    wb = Workbook()
    _instructions(wb, ctx)
    for table in ctx.catalog.tables:
        _table_sheet(wb, ctx, table)
    _meta(wb, ctx)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.security.set_workbook_password(SHEET_PASSWORD)
    out = io.BytesIO()
    workbook_as_text(wb)
    wb.save(out)
    return out.getvalue()
