"""Markdown reader: `#` headings give the level; pipe tables; the rest like plain text."""

from __future__ import annotations

import re

from nianbao.checker.model import Block, Heading
from nianbao.checker.structure import blocks_from_lines, parse_heading

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MARKUP = re.compile(r"\*\*|__|`|^>\s?|^[-*+]\s+(?=\S)")


def read_markdown(text: str) -> list[Block]:
    marked: dict[int, int] = {}
    lines: list[str] = []
    for raw in text.splitlines():
        m = _ATX.match(raw)
        if m:
            marked[len(lines)] = len(m.group(1))
            lines.append(m.group(2))
        else:
            lines.append(_MARKUP.sub("", raw) if not raw.lstrip().startswith("|") else raw)
    if not marked:
        return blocks_from_lines(lines)
    # Headings come from the markup; everything else is classified from its text.
    blocks: list[Block] = []
    chunk: list[str] = []
    for i, line in enumerate(lines):
        if i in marked:
            blocks.extend(blocks_from_lines(chunk, headings=False))
            chunk = []
            level = marked[i]
            heading = parse_heading(line, level)
            if heading is None:  # pragma: no cover - parse_heading with a level always returns
                heading = Heading(level, line)
            blocks.append(heading)
        else:
            chunk.append(line)
    blocks.extend(blocks_from_lines(chunk, headings=False))
    return blocks
