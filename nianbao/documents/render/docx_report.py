"""DOCX renderer for annual reports (年报 Word 导出).

Layout: cover (+ declaration scan) → front matter with Roman page numbers (目录, 图目录, 表目录,
案例目录) → chapters with Arabic page numbers and a running header → 附表.
"""

from __future__ import annotations

import functools
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.image import Image as DocxImage
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from nianbao.documents.charts import prerender_charts, render_chart
from nianbao.documents.model import (
    ITEM_LABELS,
    Case,
    DataTable,
    DocumentError,
    Figure,
    Heading,
    Numbering,
    Paragraph,
    ReportDocument,
    TableBlock,
    number_items,
)
from nianbao.documents.render import docx_base as base
from nianbao.documents.render.inline import inline_runs
from nianbao.documents.render.layout import (
    appendix_alignments,
    appendix_widths_cm,
    column_alignment,
)

__all__ = ["render_docx"]

_MAX_IMAGE_HEIGHT_CM = 18.0
_TEXT_WIDTH_CM = 15.4  # A4 minus 2.8 cm margins
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
_CASE_FILL = "EEF3FA"
_CASE_BORDER = "5B7DB1"
_HEADER_FILL = "D9E2F3"


def render_docx(doc: ReportDocument) -> bytes:
    """Render `doc` as a Word document and return its bytes."""
    numbering = number_items(doc)
    prerender_charts(b.chart for c in doc.chapters for b in c.blocks if getattr(b, "chart", None))
    word = Document()
    base.setup_styles(word)
    _outline_level(word.styles["TOC Heading"], 9)
    word.core_properties.title = doc.running_title
    word.core_properties.author = doc.organisation_name
    word.core_properties.language = "zh-CN"

    base.setup_page(word.sections[0], page_format=None)
    _cover(word, doc)
    if doc.declaration is not None:
        _declaration(word, doc)

    front = base.new_section(word, page_format="upperRoman")
    base.add_page_number_footer(front, cached="I")
    for ci in range(doc.front_count):  # 前言 before 目录, in Roman pages
        _chapter(word, doc, numbering, ci, first=ci == 0)
    _contents(word, doc, numbering, new_page=doc.front_count > 0)

    body = base.new_section(word, page_format="decimal")
    base.add_page_number_footer(body)
    base.add_running_header(body, doc.running_title)
    for ci in range(doc.front_count, len(doc.chapters)):
        _chapter(word, doc, numbering, ci, first=ci == doc.front_count)
    if doc.appendix:
        _appendix(word, doc, first=len(doc.chapters) == doc.front_count)

    base.set_update_fields_on_open(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- styles ---------------------------------------------------------------------------------


@functools.cache
def _style_ids() -> dict[str, str]:
    """Style name → id. python-docx looks styles up by scanning, which is slow per paragraph."""
    word = Document()
    base.setup_styles(word)
    return {style.name: style.style_id for style in word.styles if style.name}


def _set_style(paragraph, name: str) -> None:
    paragraph._p.get_or_add_pPr().style = _style_ids()[name]


def _para(container, style: str, text: str = ""):
    paragraph = container.add_paragraph()
    _set_style(paragraph, style)
    if text:
        paragraph.add_run(text)
    return paragraph


# --- front matter -----------------------------------------------------------------------------


def _outline_level(style, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    ppr.append(outline)


def _centered(word: DocxDocument, text: str, *, size: float, bold: bool = False, sans=True):
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    if sans:
        base.set_east_asian_font(run, base.SANS_FAMILY, base.LATIN_SANS)
    return paragraph


def _cover(word: DocxDocument, doc: ReportDocument) -> None:
    for _ in range(5):
        word.add_paragraph()
    _centered(word, doc.year_label, size=36, bold=True)
    word.add_paragraph()
    title = _para(word, "Title", doc.title)
    title.paragraph_format.space_after = Pt(12)
    if doc.subtitle:
        _centered(word, doc.subtitle, size=16)
    for _ in range(10):
        word.add_paragraph()
    name = doc.organisation_name
    _centered(word, name, size=18, bold=True)
    if doc.date_label:
        _centered(word, doc.date_label, size=16)


def _declaration(word: DocxDocument, doc: ReportDocument) -> None:
    attachment = doc.declaration
    assert attachment is not None
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if attachment.is_pdf:
        # Word cannot embed PDF pages; the PDF export inserts them, here we leave a pointer.
        _centered(word, "内容真实性责任声明", size=18, bold=True)
        _centered(word, f"（已签章的声明见附件：{attachment.filename}）", size=12, sans=False)
        return
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_picture(paragraph, attachment.content, width_cm=15.4, max_height_cm=23.0)


def _field_paragraphs(
    word: DocxDocument, instruction: str, entries: list[tuple[str, str]], empty: str
) -> None:
    """A field whose cached result spans several paragraphs (TOC-style lists)."""
    entries = entries or [("Normal", empty)]
    paragraphs = [_para(word, style) for style, _ in entries]
    base.begin_field(paragraphs[0], instruction)
    for paragraph, (_, text) in zip(paragraphs, entries, strict=True):
        paragraph.add_run(text)
    base.end_field(paragraphs[-1])


def _contents(
    word: DocxDocument, doc: ReportDocument, numbering: Numbering, *, new_page: bool = False
) -> None:
    title = _para(word, "TOC Heading", "目  录")
    if new_page:
        title.paragraph_format.page_break_before = True
    entries: list[tuple[str, str]] = []
    for ci, chapter in enumerate(doc.chapters):
        entries.append(("toc 1", _chapter_title(chapter.title, numbering.chapters[ci])))
        for bi, block in enumerate(chapter.blocks):
            if isinstance(block, Heading):
                label = numbering.headings[(ci, bi)]
                entries.append((f"toc {block.level}", f"{label} {block.text}".strip()))
    if doc.appendix:
        entries.append(("toc 1", doc.appendix_title))
        for t in doc.appendix:
            if t.opens_group:
                entries.append(("toc 2", f"{t.group}："))
            entries.append(("toc 3" if t.group else "toc 2", f"{t.label} {t.title}"))
    _field_paragraphs(word, r'TOC \o "1-3" \h \z \u', entries, "（请更新域以生成目录）")

    for kind, heading in (("fig", "图目录"), ("table", "表目录"), ("case", "案例目录")):
        items = [(key, label) for key, label in numbering.items.items() if key.startswith(kind)]
        if not items:
            continue
        _para(word, "TOC Heading", heading)
        titles = _item_titles(doc)
        entries = [("table of figures", f"{label} {titles[key]}") for key, label in items]
        _field_paragraphs(word, f'TOC \\h \\z \\c "{ITEM_LABELS[kind]}"', entries, "")


def _item_titles(doc: ReportDocument) -> dict[str, str]:
    titles: dict[str, str] = {}
    for chapter in doc.chapters:
        for block in chapter.blocks:
            if isinstance(block, Figure):
                titles[f"fig:{block.key}"] = block.caption
            elif isinstance(block, TableBlock):
                titles[f"table:{block.key}"] = block.caption
            elif isinstance(block, Case):
                titles[f"case:{block.key}"] = block.title
    return titles


def _chapter_title(title: str, number: str) -> str:
    return f"{number} {title}" if number else title


# --- body -------------------------------------------------------------------------------------


def _chapter(word: DocxDocument, doc: ReportDocument, numbering: Numbering, ci: int, *, first):
    chapter = doc.chapters[ci]
    heading = word.add_paragraph(_chapter_title(chapter.title, numbering.chapters[ci]))
    _set_style(heading, "Heading 1")
    if first:  # the section break already starts a new page
        heading.paragraph_format.page_break_before = False
    chapter_no = numbering.chapters[ci]
    for bi, block in enumerate(chapter.blocks):
        if isinstance(block, Heading):
            label = numbering.headings[(ci, bi)]
            _para(word, f"Heading {block.level}", f"{label} {block.text}".strip())
        elif isinstance(block, Paragraph):
            _rich_paragraph(_para(word, "Body Text"), block.text, numbering)
        elif isinstance(block, Figure):
            _figure(word, block, chapter_no, numbering.sequence[f"fig:{block.key}"])
        elif isinstance(block, TableBlock):
            _table(word, block, chapter_no, numbering.sequence[f"table:{block.key}"])
        elif isinstance(block, Case):
            _case(word, block, chapter_no, numbering)


def _rich_paragraph(paragraph, text: str, numbering: Numbering) -> None:
    for run_text, bold in inline_runs(text, numbering):
        run = paragraph.add_run(run_text)
        if bold:
            run.bold = True


def _caption(paragraph, word_label: str, chapter_no: str, seq: int, text: str) -> None:
    """`图 2-` + SEQ field (cached `3`) + title; SEQ restarts at every Heading 1."""
    paragraph.add_run(f"{word_label} {chapter_no}-")
    base.add_field(paragraph, f"SEQ {word_label} \\* ARABIC \\s 1", str(seq))
    paragraph.add_run(f" {text}")


def _add_picture(paragraph, data: bytes, *, width_cm: float, max_height_cm: float) -> None:
    try:
        image = DocxImage.from_blob(data)
    except Exception as exc:  # python-docx raises several types for unreadable images
        raise DocumentError(f"无法识别的图片格式（仅支持 PNG/JPG）：{exc}")
    height_cm = width_cm * image.px_height / max(image.px_width, 1)
    run = paragraph.add_run()
    if height_cm > max_height_cm:
        run.add_picture(io.BytesIO(data), height=Cm(max_height_cm))
    else:
        run.add_picture(io.BytesIO(data), width=Cm(width_cm))


def _figure(word: DocxDocument, figure: Figure, chapter_no: str, seq: int) -> None:
    data = figure.image if figure.image is not None else None
    if data is None:
        if figure.chart is None:
            raise DocumentError(f"图“{figure.caption}”（fig:{figure.key}）既没有图片也没有图表数据")
        data = render_chart(figure.chart)
    holder = word.add_paragraph()
    holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
    holder.paragraph_format.keep_with_next = True
    _add_picture(holder, data, width_cm=figure.width_cm, max_height_cm=_MAX_IMAGE_HEIGHT_CM)
    _caption(_para(word, "Caption"), "图", chapter_no, seq, figure.caption)
    if figure.source_note:
        _para(word, "Source Note", figure.source_note)


def _grid_table(word: DocxDocument, columns, rows, widths_cm=None) -> list[list]:
    """A table with a shaded header row; returns its cells row by row. (The cells are read
    once: python-docx rebuilds the whole grid on every `row.cells`, which is quadratic.)"""
    table = word.add_table(rows=1 + len(rows), cols=len(columns))
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    flat = table._cells
    width = len(columns)
    grid = [flat[r * width : (r + 1) * width] for r in range(1 + len(rows))]
    for r, values in enumerate([columns, *rows]):
        cells = grid[r]
        for c, value in enumerate(values):
            cell = cells[c]
            paragraph = cell.paragraphs[0]
            _set_style(paragraph, "Table Text")
            run = paragraph.add_run(value)
            if r == 0:
                run.bold = True
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                base.set_cell_shading(cell, _HEADER_FILL)
            if widths_cm:
                cell.width = Cm(widths_cm[c])
    if widths_cm:
        # Word reads the cell widths, LibreOffice the grid: set both.
        table.autofit = False
        for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
            col.w = Cm(width)
    base.set_repeat_header(table)
    return grid


def _table(word: DocxDocument, block: TableBlock, chapter_no: str, seq: int) -> None:
    for row in block.rows:
        if len(row) != len(block.columns):
            raise DocumentError(
                f"表“{block.caption}”（table:{block.key}）有一行是 {len(row)} 列，"
                f"表头是 {len(block.columns)} 列"
            )
    caption = _para(word, "Caption")
    caption.paragraph_format.keep_with_next = True
    _caption(caption, "表", chapter_no, seq, block.caption)
    grid = _grid_table(word, block.columns, block.rows)
    aligns = [
        "center" if name == "序号" else column_alignment([r[i] for r in block.rows])
        for i, name in enumerate(block.columns)
    ]
    for r in range(1, len(block.rows) + 1):
        for cell, align in zip(grid[r], aligns, strict=True):
            cell.paragraphs[0].alignment = _ALIGN[align]
    if block.source_note:
        _para(word, "Source Note", block.source_note)
    else:
        word.add_paragraph()


def _case(word: DocxDocument, case: Case, chapter_no: str, numbering: Numbering) -> None:
    word.add_paragraph()
    box = word.add_table(rows=1, cols=1)
    box.alignment = WD_TABLE_ALIGNMENT.CENTER
    cell = box.rows[0].cells[0]
    base.set_cell_borders(cell, _CASE_BORDER, size=8)
    base.set_cell_shading(cell, _CASE_FILL)
    title = cell.paragraphs[0]
    _set_style(title, "Caption")
    title.paragraph_format.keep_with_next = True
    seq = numbering.sequence[f"case:{case.key}"]
    _caption(title, "案例", chapter_no, seq, case.title)
    for run in title.runs:
        run.bold = True
    for text in case.body:
        _rich_paragraph(_para(cell, "Body Text"), text, numbering)
    word.add_paragraph()


# --- appendix ---------------------------------------------------------------------------------


def _appendix(word: DocxDocument, doc: ReportDocument, *, first: bool) -> None:
    heading = _para(word, "Heading 1", doc.appendix_title)
    if first:
        heading.paragraph_format.page_break_before = False
    for table in doc.appendix:
        _data_table(word, doc, table)


def _data_table(word: DocxDocument, doc: ReportDocument, table: DataTable) -> None:
    # With both levels, “高职：” / “中职：” head their tables (a heading, so the level scopes
    # every table under it for readers and the checker alike).
    if table.opens_group:
        _para(word, "Heading 2", f"{table.group}：")
    _para(word, "Heading 3" if table.group else "Heading 2", f"{table.label} {table.title}")
    word.add_paragraph(doc.name_line)
    columns = ("序号", "指标", "单位", *table.columns)
    for row in table.rows:
        if len(row.values) != len(table.columns):
            raise DocumentError(
                f"{table.label}“{row.name}”一行有 {len(row.values)} 个值，"
                f"表头有 {len(table.columns)} 个数据列"
            )
    display = table.display_rows()
    rows = [(r.seq, r.name, r.unit, *r.values) for r in display]
    grid = _grid_table(word, columns, rows, appendix_widths_cm(table, total_cm=_TEXT_WIDTH_CM))
    aligns = [_ALIGN[a] for a in appendix_alignments(table)]
    for i, row in enumerate(display, start=1):
        cells = grid[i]
        for cell, align in zip(cells, aligns, strict=True):
            cell.paragraphs[0].alignment = align
        if row.depth:
            # 其中 rows: indent two characters per level, as in the printed tables.
            cells[1].paragraphs[0].paragraph_format.left_indent = Pt(21 * row.depth)
    word.add_paragraph()
