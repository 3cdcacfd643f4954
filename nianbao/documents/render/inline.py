"""Inline text (正文行内格式): `**bold**` runs and resolved `[[fig:key]]` references."""

from __future__ import annotations

from nianbao.documents.model import Numbering, resolve_references

__all__ = ["Run", "inline_runs"]

Run = tuple[str, bool]  # (text, bold)


def inline_runs(text: str, numbering: Numbering) -> list[Run]:
    """Split `text` into (text, bold) runs after replacing references by their numbers.

    An unmatched `**` is printed literally rather than bolding the rest of the paragraph.
    """
    resolved = resolve_references(text, numbering)
    parts = resolved.split("**")
    if len(parts) % 2 == 0:  # odd number of markers: keep the last one as text
        tail = parts.pop()
        parts[-1] = parts[-1] + "**" + tail
    runs: list[Run] = []
    for i, part in enumerate(parts):
        if part:
            runs.append((part, i % 2 == 1))
    return runs
