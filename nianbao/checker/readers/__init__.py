"""Readers turning a report file into a `Document` (读取报告): DOCX, PDF (text layer), Markdown
and plain text."""

from __future__ import annotations

from pathlib import Path

from nianbao.checker.model import Document

__all__ = ["ReadError", "read_bytes", "read_path", "FORMATS"]

FORMATS = {".docx": "docx", ".pdf": "pdf", ".md": "markdown", ".markdown": "markdown",
           ".txt": "text", ".text": "text"}  # fmt: skip


class ReadError(ValueError):
    """The file cannot be read as a report (message in Chinese)."""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别文本编码（请使用 UTF-8 或 GB18030）")


def read_bytes(data: bytes, filename: str) -> Document:
    """Read a report from its bytes; the format comes from the file name's extension."""
    fmt = FORMATS.get(Path(filename).suffix.lower())
    if fmt is None:
        raise ReadError(f"不支持的文件格式：{filename}（支持 DOCX、PDF、Markdown、TXT）")
    try:
        if fmt == "docx":
            from nianbao.checker.readers.docx import read_docx

            blocks = read_docx(data)
        elif fmt == "pdf":
            from nianbao.checker.readers.pdf import read_pdf

            blocks = read_pdf(data)
        elif fmt == "markdown":
            from nianbao.checker.readers.markdown import read_markdown

            blocks = read_markdown(_decode(data))
        else:
            from nianbao.checker.structure import blocks_from_lines

            blocks = blocks_from_lines(_decode(data).splitlines())
    except ReadError:
        raise
    except Exception as exc:  # a corrupt file surfaces as many library-specific errors
        raise ReadError(f"无法读取文件 {filename}：{exc.__class__.__name__}") from exc
    return Document(blocks, source=filename)


def read_path(path: str | Path) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法打开文件：{path.name}（{exc.strerror or exc}）") from exc
    return read_bytes(data, path.name)
