"""The layout of a school's data workbook (数据表工作簿), shared by export and import (no ORM)."""

from __future__ import annotations

FORMAT_MARKER = "nianbao-data-workbook/1"
META_SHEET = "_meta"
INSTRUCTIONS_SHEET = "填表说明"
HEADER_ROW = 3
FIRST_ROW = 4
# Column letters and their headers. A (code) is hidden; E and G are the only unlocked columns.
COL_CODE, COL_SEQ, COL_NAME, COL_UNIT, COL_VALUE, COL_PREVIOUS, COL_NOTE = range(1, 8)
HEADERS = ["指标代码", "序号", "指标", "单位", "{year}年度填报值", "{prev}年度值", "备注"]
MAX_SHEET_ROWS = 1000


def sheet_title(table) -> str:
    """附表1 人才培养质量计分卡 (Excel allows 31 characters)."""
    return f"附表{table.number} {table.name}"[:31]
