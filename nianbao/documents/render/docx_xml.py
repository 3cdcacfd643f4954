"""Word body XML written as text (Word 正文 XML): paragraphs, runs, fields, tables, pictures.

python-docx adds one element at a time and searches the parent's children for every insertion
point, which took seconds for the ~14,000 table cells of a provincial report. The renderer
writes its body blocks as strings with these helpers and `append_blocks` parses them once.
The markup is what python-docx itself writes for the same calls.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.parts.story import StoryPart
from docx.shared import Cm
from lxml import etree

from nianbao.documents.model import DocumentError

__all__ = [
    "Pictures",
    "append_blocks",
    "box",
    "field",
    "field_begin",
    "field_end",
    "grid_table",
    "paragraph",
    "run",
]

# XML 1.0 cannot hold these at all (lxml refuses them); text pasted from other programs
# sometimes carries them, e.g. Word's vertical tab \x0b for a manual line break.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("([\t\r\n])")
_BREAK_XML = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}
_NSDECLS = nsdecls("w", "r", "wp", "a", "pic")
_BOLD = "<w:rPr><w:b/></w:rPr>"
_TBL_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0"'
    ' w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _t(text: str) -> str:
    if not text:
        return ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:t{space}>{_escape(text)}</w:t>"


def _content(text: str) -> str:
    """Run content: tabs become `w:tab`, line breaks `w:br`, characters XML cannot hold go."""
    text = _NOT_XML.sub("", text)
    if "\t" not in text and "\r" not in text and "\n" not in text:
        return _t(text)
    return "".join(_BREAK_XML.get(piece) or _t(piece) for piece in _BREAKS.split(text))


def run(text: str = "", *, bold: bool = False) -> str:
    content = _content(text)
    if not bold and not content:
        return "<w:r/>"
    return f"<w:r>{_BOLD if bold else ''}{content}</w:r>"


def field_begin(instruction: str, *, bold: bool = False) -> str:
    """`fldChar begin`, the instruction and `separate`; the cached result follows.

    `w:dirty` and the document's `w:updateFields` make Word refresh the field on opening."""
    rpr = _BOLD if bold else ""
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> {_escape(instruction)} </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
    )


def field_end(*, bold: bool = False) -> str:
    return f'<w:r>{_BOLD if bold else ""}<w:fldChar w:fldCharType="end"/></w:r>'


def field(instruction: str, cached: str, *, bold: bool = False) -> str:
    """A field (SEQ, PAGE) within one paragraph, showing `cached` until Word updates it."""
    return field_begin(instruction, bold=bold) + run(cached, bold=bold) + field_end(bold=bold)


def _ppr(
    style: str | None,
    *,
    keep_next: bool = False,
    page_break_before: bool | None = None,
    indent: int = 0,
    align: str | None = None,
) -> str:
    # Children in the order the schema requires.
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        parts.append("<w:keepNext/>")
    if page_break_before is not None:
        parts.append(
            "<w:pageBreakBefore/>" if page_break_before else '<w:pageBreakBefore w:val="0"/>'
        )
    if indent:
        parts.append(f'<w:ind w:left="{indent}"/>')
    if align:
        parts.append(f'<w:jc w:val="{align}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


def paragraph(
    content: str = "",
    *,
    style: str | None = None,
    keep_next: bool = False,
    page_break_before: bool | None = None,
    indent: int = 0,
    align: str | None = None,
) -> str:
    """A `w:p` around `content` (runs). `style` is a style id, `indent` a left indent in twips,
    `page_break_before=False` switches off a break the style asks for."""
    ppr = _ppr(
        style, keep_next=keep_next, page_break_before=page_break_before, indent=indent, align=align
    )
    if not ppr and not content:
        return "<w:p/>"
    return f"<w:p>{ppr}{content}</w:p>"


def _tbl_pr(style: str | None, *, fixed: bool) -> str:
    style_xml = f'<w:tblStyle w:val="{style}"/>' if style else ""
    layout = '<w:tblLayout w:type="fixed"/>' if fixed else ""
    return (
        f'<w:tblPr>{style_xml}<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
        f"{layout}{_TBL_LOOK}</w:tblPr>"
    )


def _tbl_grid(widths: Sequence[int]) -> str:
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return f"<w:tblGrid>{cols}</w:tblGrid>"


def _tc_pr(width: int, fill: str | None = None) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f'<w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{shading}</w:tcPr>'


def _cell(tc_pr: str, ppr: str, content: str) -> str:
    return f"<w:tc>{tc_pr}<w:p>{ppr}{content}</w:p></w:tc>"


def grid_table(
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[int],
    aligns: Sequence[str],
    style: str,
    text_style: str,
    header_fill: str,
    fixed: bool = False,
    indents: Sequence[int] = (),
) -> str:
    """A centred table whose first row is the header: bold, centred, shaded and repeated on
    every page. `widths` (twips) go to the cells, which Word reads, and to the grid, which
    LibreOffice reads; `fixed` keeps Word from resizing columns to their text. Body cells align
    column by column per `aligns`; `indents[i]` (twips) indents the second cell of body row i
    (其中 rows). Paragraphs are in the style `text_style` (an id, as is `style`)."""
    header, *body = rows
    head_ppr = _ppr(text_style, align="center")
    head = "".join(
        _cell(_tc_pr(w, header_fill), head_ppr, run(value, bold=True))
        for w, value in zip(widths, header, strict=True)
    )
    out = [
        "<w:tbl>",
        _tbl_pr(style, fixed=fixed),
        _tbl_grid(widths),
        f'<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>{head}</w:tr>',
    ]
    tc_prs = [_tc_pr(w) for w in widths]
    pprs = [_ppr(text_style, align=a) for a in aligns]
    for i, values in enumerate(body):
        row_pprs = pprs
        if i < len(indents) and indents[i]:
            row_pprs = [*pprs]
            row_pprs[1] = _ppr(text_style, indent=indents[i], align=aligns[1])
        cells = "".join(
            _cell(tc_pr, ppr, run(value))
            for tc_pr, ppr, value in zip(tc_prs, row_pprs, values, strict=True)
        )
        out.append(f"<w:tr>{cells}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def box(content: str, *, width: int, border: str, fill: str, border_size: int = 8) -> str:
    """A centred one-cell table with a coloured border and fill around `content` (paragraphs)."""
    edges = "".join(
        f'<w:{side} w:val="single" w:sz="{border_size}" w:color="{border}"/>'
        for side in ("top", "left", "bottom", "right")
    )
    tc_pr = (
        f'<w:tcPr><w:tcW w:type="dxa" w:w="{width}"/><w:tcBorders>{edges}</w:tcBorders>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>'
    )
    return (
        f"<w:tbl>{_tbl_pr(None, fixed=False)}{_tbl_grid([width])}"
        f"<w:tr><w:tc>{tc_pr}{content}</w:tc></w:tr></w:tbl>"
    )


class Pictures:
    """The pictures of a document's body, all of which must be added here: for each one
    python-docx would search the whole document for the next shape id and hash every image
    added before."""

    def __init__(self, part: StoryPart) -> None:
        self._part = part
        self._ids = itertools.count(1)
        self._images: dict[str, tuple[str, Image]] = {}  # SHA-1 → (rId, image)

    def _add(self, data: bytes) -> tuple[str, Image]:
        image = Image.from_blob(data)
        found = self._images.get(image.sha1)
        if found is None:
            partname = PackURI(f"/word/media/image{len(self._images) + 1}.{image.ext}")
            rid = self._part.relate_to(ImagePart.from_image(image, partname), RT.IMAGE)
            found = self._images[image.sha1] = (rid, image)
        return found

    def run(self, data: bytes, *, width_cm: float, max_height_cm: float) -> str:
        """A run showing the image `width_cm` wide, or `max_height_cm` high if it would be
        taller than that."""
        try:
            rid, image = self._add(data)
        except Exception as exc:  # python-docx raises several types for unreadable images
            raise DocumentError(f"无法识别的图片格式（仅支持 PNG/JPG）：{exc}") from exc
        if width_cm * image.px_height / max(image.px_width, 1) > max_height_cm:
            cx, cy = image.scaled_dimensions(height=Cm(max_height_cm))
        else:
            cx, cy = image.scaled_dimensions(width=Cm(width_cm))
        inline = CT_Inline.new_pic_inline(next(self._ids), rid, image.filename, cx, cy)
        return f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"


def append_blocks(word: DocxDocument, blocks: Sequence[str]) -> None:
    """Parse `blocks` (`w:p` and `w:tbl` strings) at once and add them at the end of the body."""
    if not blocks:
        return
    fragment = parse_xml(f"<w:body {_NSDECLS}>{''.join(blocks)}</w:body>")
    end = word.element.body.sectPr
    for element in list(fragment):
        end.addprevious(element)
