"""Recognising uploaded files by their content: the file name does not count."""

from __future__ import annotations

import io
import zipfile

from nianbao.core.exceptions import ApplicationError

__all__ = ["PDF", "PNG", "JPEG", "DOCX", "XLSX", "MEDIA_LABELS", "sniff_media", "require_upload"]

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_LABELS = {PDF: "PDF", PNG: "PNG", JPEG: "JPG", DOCX: "Word（.docx）", XLSX: "Excel（.xlsx）"}


def sniff_media(data: bytes) -> str | None:
    """The media type of a PDF, PNG, JPEG, DOCX or XLSX file by its bytes, else None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


def _either(labels) -> str:
    """ "PDF、JPG 或 PNG"; no space after a full-width bracket: "Word（.docx）或 PDF"."""
    labels = list(labels)
    if len(labels) == 1:
        return labels[0]
    head = "、".join(labels[:-1])
    return head + ("或 " if head.endswith("）") else " 或 ") + labels[-1]


def require_upload(content: bytes, *, allowed: tuple[str, ...], max_bytes: int, what: str) -> str:
    """The media type of an acceptable upload; otherwise an ApplicationError listing every
    reason (empty, wrong kind of file, too large)."""
    media = sniff_media(content) if content else None
    reasons = []
    if not content:
        reasons.append("文件为空")
    elif media not in allowed:
        kinds = _either(MEDIA_LABELS[m] for m in allowed)
        reasons.append(f"{what}须为 {kinds} 文件（按文件内容判断，与文件名无关）")
    if len(content) > max_bytes:
        reasons.append(
            f"文件过大（{len(content) / 1024 / 1024:.1f} MB），上限为 {max_bytes // 1024 // 1024} MB"
        )
    if reasons:
        raise ApplicationError(f"{what}无法上传", reasons=reasons)
    return media
