"""PDF reader: the text layer via poppler's `pdftotext` when installed, else pypdf, lines re-joined into paragraphs, page numbers and
running page furniture dropped, then structure recovered from the text."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

from nianbao.checker.model import Block
from nianbao.checker.structure import blocks_from_lines

_PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*(\d{1,3}|[IVXLC]{1,5})\s*[-–—]?\s*$")


def _pdftotext(data: bytes) -> list[str] | None:
    """Pages via poppler's pdftotext when installed (several times faster than pypdf)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - fixed executable, no shell, input on stdin
            [exe, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace").split("\f")


def _pypdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def read_pdf(data: bytes) -> list[Block]:
    pages = _pdftotext(data)
    if pages is None:
        pages = _pypdf(data)
    lines: list[str] = []
    for text in pages:
        lines.extend(line for line in text.splitlines() if not _PAGE_NUMBER.match(line))
    return blocks_from_lines(lines, join_wrapped=True)
