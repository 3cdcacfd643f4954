"""DOCX renderer for annual reports (年报 Word 导出).

Layout: cover (+ declaration scan) → front matter with Roman page numbers (目录, 图目录, 表目录,
案例目录) → chapters with Arabic page numbers and a running header → 附表.

Styles, sections and the cover go through python-docx; the body is written as XML text
(`docx_xml`) and parsed once per section, which is many times faster for large reports.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Pt

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
from nianbao.documents.render import docx_xml as xml
from nianbao.documents.render.inline import inline_runs
from nianbao.documents.render.layout import (
    appendix_alignments,
    appendix_widths_cm,
    column_alignment,
)

__all__ = ["render_docx"]

_MAX_IMAGE_HEIGHT_CM = 18.0
_TEXT_WIDTH_CM = 15.4  # A4 minus 2.8 cm margins
_CASE_FILL = "EEF3FA"
_CASE_BORDER = "5B7DB1"
_HEADER_FILL = "D9E2F3"
_INDENT_PT = 21  # 其中 rows: two characters per level, as in the printed tables


@dataclass(frozen=True)
class _Body:
    """What the body writers share."""

    numbering: Numbering
    pictures: xml.Pictures
    text_width: Length  # of the page, for tables without their own column widths


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

    first = word.sections[0]
    base.setup_page(first, page_format=None)
    body = _Body(
        numbering,
        xml.Pictures(word.part),
        Emu(first.page_width - first.left_margin - first.right_margin),
    )
    _cover(word, doc)
    if doc.declaration is not None:
        _declaration(word, doc, body.pictures)

    front = base.new_section(word, page_format="upperRoman")
    base.add_page_number_footer(front, cached="I")
    blocks: list[str] = []
    for ci in range(doc.front_count):  # 前言 before 目录, in Roman pages
        _chapter(blocks, body, doc, ci, first=ci == 0)
    _contents(blocks, doc, numbering, new_page=doc.front_count > 0)
    xml.append_blocks(word, blocks)

    chapters = base.new_section(word, page_format="decimal")
    base.add_page_number_footer(chapters)
    base.add_running_header(chapters, doc.running_title)
    blocks = []
    for ci in range(doc.front_count, len(doc.chapters)):
        _chapter(blocks, body, doc, ci, first=ci == doc.front_count)
    if doc.appendix:
        _appendix(blocks, doc, first=len(doc.chapters) == doc.front_count)
    xml.append_blocks(word, blocks)

    base.set_update_fields_on_open(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- styles ---------------------------------------------------------------------------------


@functools.cache
def _style_ids() -> dict[str, str]:
    """Style name → id, as the XML names styles by id."""
    word = Document()
    base.setup_styles(word)
    return {style.name: style.style_id for style in word.styles if style.name}


def _para(style: str, content: str = "", **fmt) -> str:
    """A paragraph in the Word style named `style`; `fmt` as for `docx_xml.paragraph`."""
    return xml.paragraph(content, style=_style_ids()[style], **fmt)


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
    title = word.add_paragraph(doc.title, style=word.styles["Title"])
    title.paragraph_format.space_after = Pt(12)
    if doc.subtitle:
        _centered(word, doc.subtitle, size=16)
    for _ in range(10):
        word.add_paragraph()
    name = doc.organisation_name
    _centered(word, name, size=18, bold=True)
    if doc.date_label:
        _centered(word, doc.date_label, size=16)


def _declaration(word: DocxDocument, doc: ReportDocument, pictures: xml.Pictures) -> None:
    attachment = doc.declaration
    assert attachment is not None
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if attachment.is_pdf:
        # Word cannot embed PDF pages; the PDF export inserts them, here we leave a pointer.
        _centered(word, "内容真实性责任声明", size=18, bold=True)
        _centered(word, f"（已签章的声明见附件：{attachment.filename}）", size=12, sans=False)
        return
    scan = pictures.run(attachment.content, width_cm=15.4, max_height_cm=23.0)
    xml.append_blocks(word, [xml.paragraph(scan, align="center")])


def _field_paragraphs(
    out: list[str], instruction: str, entries: list[tuple[str, str]], empty: str
) -> None:
    """A field whose cached result spans several paragraphs (TOC-style lists)."""
    entries = entries or [("Normal", empty)]
    last = len(entries) - 1
    for i, (style, text) in enumerate(entries):
        content = xml.run(text)
        if i == 0:
            content = xml.field_begin(instruction) + content
        if i == last:
            content += xml.field_end()
        out.append(_para(style, content))


def _contents(
    out: list[str], doc: ReportDocument, numbering: Numbering, *, new_page: bool = False
) -> None:
    out.append(_para("TOC Heading", xml.run("目  录"), page_break_before=new_page or None))
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
    _field_paragraphs(out, r'TOC \o "1-3" \h \z \u', entries, "（请更新域以生成目录）")

    for kind, heading in (("fig", "图目录"), ("table", "表目录"), ("case", "案例目录")):
        items = [(key, label) for key, label in numbering.items.items() if key.startswith(kind)]
        if not items:
            continue
        out.append(_para("TOC Heading", xml.run(heading)))
        titles = _item_titles(doc)
        entries = [("table of figures", f"{label} {titles[key]}") for key, label in items]
        _field_paragraphs(out, f'TOC \\h \\z \\c "{ITEM_LABELS[kind]}"', entries, "")


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


def _chapter(out: list[str], body: _Body, doc: ReportDocument, ci: int, *, first: bool) -> None:
    chapter = doc.chapters[ci]
    numbering = body.numbering
    chapter_no = numbering.chapters[ci]
    # The first chapter of a section: the section break already starts a new page.
    title = xml.run(_chapter_title(chapter.title, chapter_no))
    out.append(_para("Heading 1", title, page_break_before=False if first else None))
    for bi, block in enumerate(chapter.blocks):
        if isinstance(block, Heading):
            label = numbering.headings[(ci, bi)]
            text = f"{label} {block.text}".strip()
            out.append(_para(f"Heading {block.level}", xml.run(text) if text else ""))
        elif isinstance(block, Paragraph):
            out.append(_para("Body Text", _rich_runs(block.text, numbering)))
        elif isinstance(block, Figure):
            _figure(out, body, block, chapter_no)
        elif isinstance(block, TableBlock):
            _table(out, body, block, chapter_no)
        elif isinstance(block, Case):
            _case(out, body, block, chapter_no)


def _rich_runs(text: str, numbering: Numbering) -> str:
    return "".join(xml.run(t, bold=bold) for t, bold in inline_runs(text, numbering))


def _caption(word_label: str, chapter_no: str, seq: int, text: str, *, bold=False) -> str:
    """`图 2-` + SEQ field (cached `3`) + title; SEQ restarts at every Heading 1."""
    return (
        xml.run(f"{word_label} {chapter_no}-", bold=bold)
        + xml.field(f"SEQ {word_label} \\* ARABIC \\s 1", str(seq), bold=bold)
        + xml.run(f" {text}", bold=bold)
    )


def _figure(out: list[str], body: _Body, figure: Figure, chapter_no: str) -> None:
    data = figure.image if figure.image is not None else None
    if data is None:
        if figure.chart is None:
            raise DocumentError(f"图“{figure.caption}”（fig:{figure.key}）既没有图片也没有图表数据")
        data = render_chart(figure.chart)
    picture = body.pictures.run(data, width_cm=figure.width_cm, max_height_cm=_MAX_IMAGE_HEIGHT_CM)
    out.append(xml.paragraph(picture, keep_next=True, align="center"))
    seq = body.numbering.sequence[f"fig:{figure.key}"]
    out.append(_para("Caption", _caption("图", chapter_no, seq, figure.caption)))
    if figure.source_note:
        out.append(_para("Source Note", xml.run(figure.source_note)))


def _grid_table(rows, aligns, widths, *, fixed=False, indents=()) -> str:
    """A `Table Grid` table in `Table Text`, its first row the header."""
    ids = _style_ids()
    return xml.grid_table(
        rows,
        widths=widths,
        aligns=aligns,
        style=ids["Table Grid"],
        text_style=ids["Table Text"],
        header_fill=_HEADER_FILL,
        fixed=fixed,
        indents=indents,
    )


def _table(out: list[str], body: _Body, block: TableBlock, chapter_no: str) -> None:
    for row in block.rows:
        if len(row) != len(block.columns):
            raise DocumentError(
                f"表“{block.caption}”（table:{block.key}）有一行是 {len(row)} 列，"
                f"表头是 {len(block.columns)} 列"
            )
    seq = body.numbering.sequence[f"table:{block.key}"]
    out.append(_para("Caption", _caption("表", chapter_no, seq, block.caption), keep_next=True))
    aligns = [
        "center" if name == "序号" else column_alignment([r[i] for r in block.rows])
        for i, name in enumerate(block.columns)
    ]
    # Even columns over the text width; without a fixed layout Word still fits them to the text.
    width = Emu(body.text_width // max(len(block.columns), 1)).twips
    out.append(_grid_table([block.columns, *block.rows], aligns, [width] * len(block.columns)))
    if block.source_note:
        out.append(_para("Source Note", xml.run(block.source_note)))
    else:
        out.append(xml.paragraph())


def _case(out: list[str], body: _Body, case: Case, chapter_no: str) -> None:
    numbering = body.numbering
    seq = numbering.sequence[f"case:{case.key}"]
    title = _para(
        "Caption", _caption("案例", chapter_no, seq, case.title, bold=True), keep_next=True
    )
    paragraphs = [_para("Body Text", _rich_runs(text, numbering)) for text in case.body]
    width = body.text_width.twips
    out.append(xml.paragraph())
    out.append(
        xml.box("".join([title, *paragraphs]), width=width, border=_CASE_BORDER, fill=_CASE_FILL)
    )
    out.append(xml.paragraph())


# --- appendix ---------------------------------------------------------------------------------


def _appendix(out: list[str], doc: ReportDocument, *, first: bool) -> None:
    title = xml.run(doc.appendix_title)
    out.append(_para("Heading 1", title, page_break_before=False if first else None))
    for table in doc.appendix:
        _data_table(out, doc, table)


def _data_table(out: list[str], doc: ReportDocument, table: DataTable) -> None:
    # With both levels, “高职：” / “中职：” head their tables (a heading, so the level scopes
    # every table under it for readers and the checker alike).
    if table.opens_group:
        out.append(_para("Heading 2", xml.run(f"{table.group}：")))
    title = xml.run(f"{table.label} {table.title}")
    out.append(_para("Heading 3" if table.group else "Heading 2", title))
    out.append(xml.paragraph(xml.run(doc.name_line)))
    columns = ("序号", "指标", "单位", *table.columns)
    for row in table.rows:
        if len(row.values) != len(table.columns):
            raise DocumentError(
                f"{table.label}“{row.name}”一行有 {len(row.values)} 个值，"
                f"表头有 {len(table.columns)} 个数据列"
            )
    display = table.display_rows()
    rows = [columns, *((r.seq, r.name, r.unit, *r.values) for r in display)]
    widths = [Cm(w).twips for w in appendix_widths_cm(table, total_cm=_TEXT_WIDTH_CM)]
    indents = [Pt(_INDENT_PT * r.depth).twips for r in display]
    out.append(_grid_table(rows, appendix_alignments(table), widths, fixed=True, indents=indents))
    out.append(xml.paragraph())
