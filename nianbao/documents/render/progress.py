"""Progress forms of the notices as DOCX and XLSX (报送及发布情况表).

附件2 各级年报和企业年报的报送及发布情况 (`progress_summary`, exempt schools listed under the
table with their reason) and the bureau's covering letter (函) with it; 附件3 发布企业年报的职业
学校和企业名单 (`enterprise_report_list`) and its city roll-up; 辽宁's 附件5 报送年报中职学校名单
and 附件6 年报公布网址汇总表 (`simple_form`). The notice's columns and a computed 合计 row.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from nianbao.core.spreadsheets import workbook_as_text
from nianbao.documents.fonts import SANS_FAMILY, SERIF_FAMILY
from nianbao.documents.model import EnterpriseReportList, ProgressRow, ProgressSummary
from nianbao.documents.render import docx_base as base

__all__ = [
    "Form",
    "FormRow",
    "Letter",
    "enterprise_report_list_rows",
    "render_form_docx",
    "render_form_xlsx",
    "render_progress_letter_docx",
    "progress_summary_rows",
    "render_enterprise_report_list_docx",
    "render_enterprise_report_list_xlsx",
    "render_progress_summary_docx",
    "render_progress_summary_xlsx",
]

PROGRESS_COLUMNS = (
    "序号",
    "学校名称",
    "是否编制",
    "是否报送",
    "是否发布",
    "是否报送企业年报",
    "年报发布网址",
)
ENTERPRISE_COLUMNS = ("序号", "企业名称（一个企业一行填写）")


@dataclass(frozen=True)
class FormRow:
    """One table row; a `section` row spans the whole width (分组标题 / 合计)."""

    cells: tuple[str, ...]
    section: bool = False
    total: bool = False


@dataclass(frozen=True)
class Form:
    attachment_label: str
    title: str
    name_line: str
    columns: tuple[str, ...]
    rows: tuple[FormRow, ...]
    widths_cm: tuple[float, ...]
    landscape: bool
    notes: tuple[str, ...] = ()  # lines under the table (e.g. 不编制年报的学校及原因)


@dataclass(frozen=True)
class Letter:
    """函: the bureau's covering letter; 附件2 follows it on a landscape page."""

    title: str
    recipient: str
    body: tuple[str, ...]
    sender: str
    date_label: str


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _progress_cells(seq: int, row: ProgressRow) -> tuple[str, ...]:
    return (
        str(seq),
        row.name,
        _yes(row.compiled),
        _yes(row.submitted),
        _yes(row.published),
        _yes(row.enterprise_report),
        row.publication_url,
    )


def progress_summary_rows(summary: ProgressSummary) -> tuple[FormRow, ...]:
    """附件2 rows: 地市年报 group, 学校年报 group with 份数, and 合计（份） of every 是 column."""
    rows = [FormRow(("中等职业教育地市年报",), section=True)]
    reports = list(summary.school_reports)
    if summary.city_report is not None:
        rows.append(FormRow(_progress_cells(1, summary.city_report)))
        reports.insert(0, summary.city_report)
    rows.append(
        FormRow((f"所属中等职业学校年报（份数：{len(summary.school_reports)}）",), section=True)
    )
    rows.extend(FormRow(_progress_cells(i, r)) for i, r in enumerate(summary.school_reports, 1))
    totals = (
        sum(r.compiled for r in reports),
        sum(r.submitted for r in reports),
        sum(r.published for r in reports),
        sum(r.enterprise_report for r in reports),
    )
    rows.append(FormRow(("合计（份）", "", *(str(t) for t in totals), ""), total=True))
    return tuple(rows)


def enterprise_report_list_rows(listing: EnterpriseReportList) -> tuple[FormRow, ...]:
    """附件3 rows: one enterprise a line, then 合计 with the number of enterprises."""
    rows = [FormRow((str(i), name)) for i, name in enumerate(listing.enterprises, 1)]
    rows.append(FormRow(("合计", f"企业数量合计：{len(listing.enterprises)}"), total=True))
    return tuple(rows)


def _exempt_notes(exempt: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    if not exempt:
        return ()
    return ("不编制年报的学校：",) + tuple(
        f"{i}. {name}（{reason}）" for i, (name, reason) in enumerate(exempt, 1)
    )


def _progress_form(summary: ProgressSummary, exempt: tuple[tuple[str, str], ...] = ()) -> Form:
    return Form(
        summary.attachment_label,
        summary.title,
        f"地市名称：{summary.city_name}",
        PROGRESS_COLUMNS,
        progress_summary_rows(summary),
        (1.4, 7.0, 2.0, 2.0, 2.0, 2.8, 7.5),
        landscape=True,
        notes=_exempt_notes(exempt),
    )


def _enterprise_form(listing: EnterpriseReportList) -> Form:
    return Form(
        listing.attachment_label,
        listing.title,
        f"学校名称：{listing.school_name}",
        ENTERPRISE_COLUMNS,
        enterprise_report_list_rows(listing),
        (2.0, 13.0),
        landscape=False,
    )


# --- DOCX -------------------------------------------------------------------------------------


def _form_docx(form: Form, word=None) -> bytes:
    """The form as a Word document, or appended on a new section of `word` (after a letter)."""
    if word is None:
        word = Document()
        base.setup_styles(word)
        section = word.sections[0]
        base.setup_page(section, page_format=None)
    else:
        section = base.new_section(word, page_format=None)
    if form.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    label = word.add_paragraph()
    run = label.add_run(form.attachment_label)
    base.set_east_asian_font(run, SANS_FAMILY, base.LATIN_SANS)
    run.font.size = Pt(14)
    title = word.add_paragraph(form.title, style="Title")
    title.runs[0].font.size = Pt(18)
    word.add_paragraph(form.name_line)

    table = word.add_table(rows=1 + len(form.rows), cols=len(form.columns))
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, name in enumerate(form.columns):
        cell = table.rows[0].cells[c]
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(name).bold = True
        base.set_cell_shading(cell, "D9E2F3")
    for r, row in enumerate(form.rows, start=1):
        cells = table.rows[r].cells
        if row.section:
            merged = cells[0].merge(cells[-1])
            merged.paragraphs[0].add_run(row.cells[0]).bold = True
            continue
        if row.total and len(form.columns) > 2:
            cells[0].merge(cells[1])
        for c, value in enumerate(row.cells):
            if row.total and c == 1 and len(form.columns) > 2:
                continue
            paragraph = table.rows[r].cells[c].paragraphs[0]
            paragraph.alignment = (
                WD_ALIGN_PARAGRAPH.LEFT
                if form.columns[c] in ("学校名称", "年报发布网址") or c == len(form.columns) - 1
                else WD_ALIGN_PARAGRAPH.CENTER
            )
            run = paragraph.add_run(value)
            run.bold = row.total
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Cm(form.widths_cm[c])
    base.set_repeat_header(table)
    for line in form.notes:
        word.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def render_progress_summary_docx(
    summary: ProgressSummary, exempt: tuple[tuple[str, str], ...] = ()
) -> bytes:
    """附件2 as a Word document (landscape); `exempt`: (school, reason) listed under it."""
    return _form_docx(_progress_form(summary, exempt))


def render_progress_letter_docx(
    letter: Letter, summary: ProgressSummary, exempt: tuple[tuple[str, str], ...] = ()
) -> bytes:
    """The covering letter (函) on A4 portrait, then 附件2 on a landscape page."""
    word = Document()
    base.setup_styles(word)
    base.setup_page(word.sections[0], page_format=None)
    title = word.add_paragraph(letter.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_paragraph(f"{letter.recipient}：")
    for text in letter.body:
        paragraph = word.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(24)
    word.add_paragraph(f"附件：{summary.attachment_label[-1]}. {summary.title}")
    for text in (letter.sender, letter.date_label):
        word.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _form_docx(_progress_form(summary, exempt), word)


def render_form_docx(form: Form) -> bytes:
    """Any other form of the notices (附件5, 附件6, the city roll-up of 附件3)."""
    return _form_docx(form)


def render_form_xlsx(form: Form, sheet_title: str) -> bytes:
    return _form_xlsx(form, sheet_title)


def render_enterprise_report_list_docx(listing: EnterpriseReportList) -> bytes:
    """附件3 as a Word document."""
    return _form_docx(_enterprise_form(listing))


# --- XLSX -------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")


def _form_xlsx(form: Form, sheet_title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    width = len(form.columns)
    last = get_column_letter(width)
    sheet["A1"] = form.attachment_label
    sheet["A1"].font = Font(name=SANS_FAMILY, size=12, bold=True)
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = form.title
    sheet["A2"].font = Font(name=SANS_FAMILY, size=16, bold=True)
    sheet["A2"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[2].height = 30
    sheet.merge_cells(f"A3:{last}3")
    sheet["A3"] = form.name_line
    sheet["A3"].font = Font(name=SERIF_FAMILY, size=11)

    header_row = 4
    for c, name in enumerate(form.columns, start=1):
        cell = sheet.cell(row=header_row, column=c, value=name)
        cell.font = Font(name=SANS_FAMILY, size=11, bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    for offset, row in enumerate(form.rows, start=1):
        r = header_row + offset
        for c in range(1, width + 1):
            cell = sheet.cell(row=r, column=c)
            cell.border = _BORDER
            cell.font = Font(name=SERIF_FAMILY, size=11, bold=row.section or row.total)
        if row.section:
            sheet.cell(row=r, column=1, value=row.cells[0])
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            continue
        for c, value in enumerate(row.cells, start=1):
            if row.total and c == 2 and width > 2:
                continue
            # Numbers as numbers so that Excel can sum them again.
            typed: object = int(value) if value.isdigit() else value
            cell = sheet.cell(row=r, column=c, value=typed)
            left = form.columns[c - 1] in ("学校名称", "年报发布网址") or c == width
            cell.alignment = Alignment(horizontal="left" if left else "center", vertical="center")
        if row.total and width > 2:
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
            sheet.cell(row=r, column=1).alignment = Alignment(horizontal="center")
    note_row = header_row + len(form.rows) + 2
    for offset, line in enumerate(form.notes):
        sheet.cell(row=note_row + offset, column=1, value=line)
    for c, cm in enumerate(form.widths_cm, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = round(cm * 4.5, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape" if form.landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    out = io.BytesIO()
    workbook_as_text(book)
    book.save(out)
    return out.getvalue()


def render_progress_summary_xlsx(
    summary: ProgressSummary, exempt: tuple[tuple[str, str], ...] = ()
) -> bytes:
    """附件2 as an Excel workbook; `exempt` schools listed under the table."""
    return _form_xlsx(_progress_form(summary, exempt), "附件2")


def render_enterprise_report_list_xlsx(listing: EnterpriseReportList) -> bytes:
    """附件3 as an Excel workbook."""
    return _form_xlsx(_enterprise_form(listing), "附件3")
