"""DOCX reader: body paragraphs and tables in document order (including tables after the body
such as 附表), headings from `Heading N`/`标题 N` styles or from their numbering, captions
from the `Caption`/`题注` style or their text."""

from __future__ import annotations

import io
import re

from nianbao.checker.model import Block, Caption, Heading, ListEntry, Paragraph, Table
from nianbao.checker.structure import (
    _LIST_TITLES,
    _compact,
    classify_line,
    parse_caption,
    parse_heading,
    relevel,
    table_caption,
)

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.IGNORECASE)


def _table_rows(table) -> tuple[tuple[str, ...], ...]:
    rows = []
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            # A merged cell repeats; keep its text once so sums do not count it twice.
            key = id(cell._tc)
            cells.append("" if key in seen else cell.text.strip())
            seen.add(key)
        rows.append(tuple(cells))
    return tuple(rows)


def read_docx(data: bytes) -> list[Block]:
    from docx import Document as DocxDocument
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    doc = DocxDocument(io.BytesIO(data))
    blocks: list[Block] = []
    list_kind: str | None = None
    styled_headings = any(
        _HEADING_STYLE.match((p.style.name if p.style is not None else "") or "")
        for p in doc.paragraphs
    )
    for item in doc.iter_inner_content():
        if isinstance(item, DocxTable):
            caption = next((c for b in blocks[-1:-4:-1] if (c := table_caption(b))), "")
            blocks.append(Table(_table_rows(item), caption))
            list_kind = None
            continue
        assert isinstance(item, DocxParagraph)
        text = item.text.strip()
        if not text:
            continue
        style = (item.style.name if item.style is not None else "") or ""
        key = _compact(text)
        if key in _LIST_TITLES:
            list_kind = _LIST_TITLES[key]
            blocks.append(Paragraph(text))
            continue
        m = _HEADING_STYLE.match(style)
        if m:
            list_kind = None
            heading = parse_heading(text, int(m.group(1)))
            blocks.append(heading if heading is not None else Heading(int(m.group(1)), text))
            continue
        if style.lower() in {"caption", "题注"} and (cap := parse_caption(text)):
            blocks.append(Caption(cap[0], cap[1], cap[2], text))
            continue
        block = classify_line(text, list_kind)
        if list_kind is not None and not isinstance(block, ListEntry):
            list_kind = None
            block = classify_line(text)
        if styled_headings and isinstance(block, Heading):
            block = Paragraph(block.text)  # styles are authoritative once present
        if block is not None:
            blocks.append(block)
    # Without heading styles, levels come from the numbering as for plain text.
    return blocks if styled_headings else relevel(blocks)


__all__ = ["read_docx"]
