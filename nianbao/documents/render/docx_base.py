"""Low-level DOCX helpers (Word 文档基础): fonts on styles, fields, shading, sections.

Word fields (TOC, SEQ, PAGE) are written with a cached result so the document reads right
before the user updates fields; `w:updateFields` asks Word to refresh them on open.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

__all__ = [
    "add_field",
    "add_page_number_footer",
    "begin_field",
    "end_field",
    "new_section",
    "set_cell_shading",
    "set_east_asian_font",
    "set_repeat_header",
    "setup_styles",
]

# The Chinese standard font names that Word and WPS have (the PDF uses Noto CJK, which
# LibreOffice substitutes for them on systems without these fonts).
SERIF_FAMILY = "宋体"
SANS_FAMILY = "黑体"
LATIN_SERIF = "Times New Roman"
LATIN_SANS = "Arial"
BLACK = RGBColor(0, 0, 0)


def set_east_asian_font(style_or_run, east_asian: str, latin: str) -> None:
    """Set `w:rFonts` (ascii/hAnsi/eastAsia) on a style or a run."""
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    # Theme fonts would override the explicit names in Word.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _set_lang(style: BaseStyle) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def _paragraph_style(doc: DocxDocument, name: str, base: str | None = None):
    try:
        return doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = doc.styles[base]
        return style


def setup_styles(doc: DocxDocument) -> None:
    """Configure Normal, Title, Heading 1–3, Caption, TOC and table styles for Chinese text."""
    normal = doc.styles["Normal"]
    set_east_asian_font(normal, SERIF_FAMILY, LATIN_SERIF)
    _set_lang(normal)
    normal.font.size = Pt(12)  # 小四
    pf = normal.paragraph_format
    pf.line_spacing = 1.5
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)

    body = _paragraph_style(doc, "Body Text", "Normal")
    body.paragraph_format.first_line_indent = Pt(24)  # two characters
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = doc.styles["Title"]
    set_east_asian_font(title, SANS_FAMILY, LATIN_SANS)
    title.font.size = Pt(26)
    title.font.bold = True
    title.font.color.rgb = BLACK
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The default Title style draws a blue rule under the text.
    ppr = title.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)

    for level, size in ((1, 16), (2, 14), (3, 12)):  # 三号, 四号, 小四
        heading = doc.styles[f"Heading {level}"]
        set_east_asian_font(heading, SANS_FAMILY, LATIN_SANS)
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = BLACK
        hpf = heading.paragraph_format
        hpf.space_before = Pt(12 if level > 1 else 0)
        hpf.space_after = Pt(6)
        hpf.keep_with_next = True
        if level == 1:
            hpf.alignment = WD_ALIGN_PARAGRAPH.CENTER
            hpf.page_break_before = True

    caption = doc.styles["Caption"]
    set_east_asian_font(caption, SANS_FAMILY, LATIN_SANS)
    caption.font.size = Pt(10.5)  # 五号
    caption.font.bold = False
    caption.font.italic = False
    caption.font.color.rgb = BLACK
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(3)
    caption.paragraph_format.space_after = Pt(6)

    table_text = _paragraph_style(doc, "Table Text", "Normal")
    table_text.font.size = Pt(10.5)
    table_text.paragraph_format.line_spacing = 1.15

    note = _paragraph_style(doc, "Source Note", "Normal")
    note.font.size = Pt(9)
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for level in (1, 2, 3):
        toc = _paragraph_style(doc, f"toc {level}", "Normal")
        toc.paragraph_format.left_indent = Pt(12 * (level - 1))
    _paragraph_style(doc, "table of figures", "Normal")
    toc_heading = _paragraph_style(doc, "TOC Heading", "Heading 1")
    toc_heading.paragraph_format.page_break_before = True


def begin_field(paragraph: Paragraph, instruction: str) -> None:
    """Write `fldChar begin`, the instruction and `separate`; the cached result follows."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                char.set(qn("w:dirty"), "true")
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)


def end_field(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    run._r.append(char)


def add_field(paragraph: Paragraph, instruction: str, cached: str) -> None:
    """A one-paragraph field (PAGE) whose cached result is `cached`."""
    begin_field(paragraph, instruction)
    paragraph.add_run(cached)
    end_field(paragraph)


def set_cell_shading(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def set_repeat_header(table: Table) -> None:
    """Repeat the first row on every page the table spans."""
    trpr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def set_update_fields_on_open(doc: DocxDocument) -> None:
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def setup_page(section, *, page_format: str | None) -> None:
    """A4 portrait with the usual report margins; `page_format` is a PAGE number format."""
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(2.8)
    section.header_distance = section.footer_distance = Cm(1.5)
    sectpr = section._sectPr
    for old in sectpr.findall(qn("w:pgNumType")):
        sectpr.remove(old)
    if page_format:
        pg = OxmlElement("w:pgNumType")
        pg.set(qn("w:fmt"), page_format)
        pg.set(qn("w:start"), "1")
        successors = [qn(f"w:{t}") for t in _SECTPR_AFTER_PGNUM]
        anchor = next((c for c in sectpr if c.tag in successors), None)
        if anchor is None:
            sectpr.append(pg)
        else:
            anchor.addprevious(pg)


_SECTPR_AFTER_PGNUM = (
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)


def new_section(doc: DocxDocument, *, page_format: str | None):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_page(section, page_format=page_format)
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    return section


def add_page_number_footer(section, *, cached: str = "1") -> None:
    """Centered `— PAGE —` footer."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    add_field(paragraph, "PAGE", cached)
    paragraph.add_run(" —")


def add_running_header(section, text: str) -> None:
    paragraph = section.header.paragraphs[0]
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    border.append(bottom)
    ppr.append(border)  # before jc: python-docx inserts jc after unknown children
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(9)
