"""PDF reader: the text layer via pypdf, lines re-joined into paragraphs, page numbers and
running page furniture dropped, then structure recovered from the text."""

from __future__ import annotations

import io
import re

from nianbao.checker.model import Block
from nianbao.checker.structure import blocks_from_lines

_PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*(\d{1,3}|[IVXLC]{1,5})\s*[-–—]?\s*$")


def read_pdf(data: bytes) -> list[Block]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    lines: list[str] = []
    for page in reader.pages:
        text = page.extract_text() or ""
        lines.extend(line for line in text.splitlines() if not _PAGE_NUMBER.match(line))
    return blocks_from_lines(lines, join_wrapped=True)
