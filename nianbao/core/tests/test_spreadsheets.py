"""Exported workbooks never carry a live formula from user text (formula injection)."""

import io
from decimal import Decimal

import openpyxl

from nianbao.indicators.catalog import load_catalog
from nianbao.indicators.excel_export import WorkbookContext, build_workbook

HOSTILE = ['=HYPERLINK("http://evil.example","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def test_a_note_and_a_school_name_starting_with_a_formula_stay_text():
    catalog = load_catalog("2023", "higher")
    code = next(iter(catalog.indicators))
    content = build_workbook(
        WorkbookContext(
            school_code="9999",
            school_name=HOSTILE[0],
            report_id=1,
            year=2025,
            catalog=catalog,
            values={code: Decimal("-5")},
            notes={code: HOSTILE[0]},
        )
    )
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert HOSTILE[0] in texts
    assert -5 in {c.value for c in cells}  # numbers stay numbers


def test_every_trigger_is_marked_as_text():
    from nianbao.core.spreadsheets import workbook_as_text

    book = openpyxl.Workbook()
    for i, text in enumerate(HOSTILE, start=1):
        book.active.cell(i, 1, text)
    workbook_as_text(book)
    cells = [book.active.cell(i, 1) for i in range(1, len(HOSTILE) + 1)]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
