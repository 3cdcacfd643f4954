"""Exported workbooks hold data, never live formulas (CSV/formula injection)."""

from __future__ import annotations

__all__ = ["FORMULA_TRIGGERS", "workbook_as_text"]

# A cell starting with one of these is run by Excel/WPS as a formula (or a DDE command).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def workbook_as_text(workbook) -> None:
    """Marks every text cell that a spreadsheet would run as a formula as plain text, shown
    with Excel's quote prefix: the value is kept as typed (a re-import reads the same text)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
                    cell.data_type = "s"
                    cell.quotePrefix = True
