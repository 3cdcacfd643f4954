"""Recognising uploaded files by their content: the file name does not count."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from nianbao.core.exceptions import ApplicationError

__all__ = [
    "PDF",
    "PNG",
    "JPEG",
    "DOCX",
    "XLSX",
    "MEDIA_LABELS",
    "OLE_MAGIC",
    "sniff_media",
    "require_upload",
    "inspect_xlsx",
    "inspect_archive",
    "ARCHIVE_MEDIA",
]

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


ARCHIVE_MEDIA = (DOCX, XLSX)
ZIP_MAGIC = b"PK\x03\x04"


def inspect_archive(
    content: bytes,
    *,
    max_entries: int = 2000,
    max_uncompressed: int = 200 * 1024 * 1024,
    max_member: int = 64 * 1024 * 1024,
    max_ratio: int = 100,
    refuse: Callable[[str], Exception] = ApplicationError,
) -> list[zipfile.ZipInfo]:
    """The one inspection every zipped upload (DOCX, XLSX) passes before any parser sees it:
    member count, unpacked size (each and in total) and compression ratio, judged from the zip
    directory alone (nothing is inflated). Returns the members; raises `refuse(message)`.

    The directory's sizes are what a parser trusts too (zipfile stops at `file_size`), so a
    member that lies about its size cannot inflate beyond it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise refuse("文件已损坏，无法读取。") from None
    if len(infos) > max_entries:
        raise refuse(f"文件结构异常（内部文件 {len(infos)} 个，上限 {max_entries} 个），已拒绝。")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > max_member or (info.file_size > 1024 * 1024 and ratio > max_ratio):
            raise refuse("文件解压后异常膨胀（疑似“压缩炸弹”），已拒绝。")
    if total > max_uncompressed:
        raise refuse("文件解压后体积过大（疑似“压缩炸弹”），已拒绝。")
    return infos


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
    if not reasons and media in ARCHIVE_MEDIA:
        try:
            inspect_archive(content)
        except ApplicationError as exc:
            reasons.append(exc.message)
    if reasons:
        raise ApplicationError(f"{what}无法上传", reasons=reasons)
    return media


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def inspect_xlsx(
    content: bytes,
    *,
    what: str,
    max_bytes: int,
    max_uncompressed: int,
    max_entries: int = 300,
    max_ratio: int = 100,
    max_sheet_xml: int | None = None,
    sheet_too_large: str = "",
    hint: str = "",
    refuse: Callable[[str], Exception] = ApplicationError,
) -> None:
    """Refuses what is not a sane .xlsx, judging by the zip directory only (nothing is
    inflated): empty, too large, an old .xls, not a workbook, too many parts, a zip bomb, or a
    worksheet part over `max_sheet_xml`. Raises `refuse(message)` with a Chinese message."""
    if not content:
        raise refuse("文件为空。")
    if len(content) > max_bytes:
        raise refuse(
            f"文件过大（{len(content) / 1048576:.1f} MB），{what}不应超过 {max_bytes // 1048576} MB。"
        )
    if content.startswith(OLE_MAGIC):
        raise refuse(
            "这是旧版 .xls 文件或加密的工作簿，请在 Excel/WPS 中“另存为 .xlsx”（不设密码）后上传。"
        )
    not_a_workbook = f"文件不是有效的 Excel 工作簿（.xlsx）{hint}。"
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise refuse(not_a_workbook)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise refuse("文件已损坏，无法读取。") from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise refuse(not_a_workbook)
    infos = inspect_archive(
        content,
        max_entries=max_entries,
        max_uncompressed=max_uncompressed,
        max_member=max_uncompressed,
        max_ratio=max_ratio,
        refuse=refuse,
    )
    for info in infos:
        if (
            max_sheet_xml is not None
            and info.filename.startswith("xl/worksheets/")
            and info.file_size > max_sheet_xml
        ):
            raise refuse(sheet_too_large or "工作表过大，已拒绝。")
