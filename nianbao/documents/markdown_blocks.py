"""Markdown body text to document blocks (正文转文档块). Pure Python: `##`/`###` become chapter
headings, blank-line separated text becomes paragraphs, list items become their own paragraphs;
`**bold**` and `[[fig:key]]` references are kept for the renderers."""

from __future__ import annotations

import re

from nianbao.documents.model import Heading, Paragraph

__all__ = ["markdown_blocks"]

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)、])\s+")
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: keep the alt text
    (re.compile(r"\[([^\]]+)\]\(([^)]*)\)"), r"\1（\2）"),  # links: text (url)
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"(?<!\*)\*(?!\*)([^*]+)(?<!\*)\*(?!\*)"), r"\1"),  # *em*
    (re.compile(r"<[^>]+>"), ""),  # raw HTML never reaches a document
]


def _inline(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text.strip()


def markdown_blocks(text: str) -> list[Heading | Paragraph]:
    blocks: list[Heading | Paragraph] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            joined = _inline("".join(s.strip() for s in buffer))
            if joined:
                blocks.append(Paragraph(joined))
            buffer.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        heading = _HEADING.match(line.strip())
        if heading:
            flush()
            level = 2 if len(heading.group(1)) <= 2 else 3
            blocks.append(Heading(level, _inline(heading.group(2))))
        elif not line.strip():
            flush()
        elif _LIST.match(line):
            flush()
            buffer.append(_LIST.sub("", line))
            flush()
        elif line.lstrip().startswith(">"):
            buffer.append(line.lstrip()[1:])
        else:
            buffer.append(line)
    flush()
    return blocks
