"""全文检索 of published reports: the plain text of the latest submission's document (the uploaded
DOCX/PDF, or the exported PDF), read with the report checker's readers in a background task and
stored for the public search. Limits keep a hostile or broken file from costing more than its
own entry: a file that cannot be read leaves the report findable by name, title and sections,
with the reason recorded in Chinese."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from nianbao.checker.model import Document, ListEntry, Table
from nianbao.checker.readers import ReadError, read_bytes
from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError
from nianbao.core.files import DOCX, PDF, inspect_archive, sniff_media
from nianbao.portal.models import PublishedDocumentText
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report, ReportSnapshot

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_TEXT_CHARS",
    "TIME_LIMIT_SECONDS",
    "ExtractionTimeout",
    "document_plain_text",
    "document_text_extract",
    "reports_needing_text",
]

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # the upload limit of a report file
MAX_TEXT_CHARS = 2_000_000  # several times the longest real 年报
TIME_LIMIT_SECONDS = 120  # pdftotext has its own 60 s per run; this bounds the rest


class ExtractionTimeout(BaseException):  # noqa: N818 - not an Exception: readers catch those
    """The reading went past TIME_LIMIT_SECONDS."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupts the reading after `seconds` with a timer signal, which only the main thread
    receives: a worker runs tasks there; elsewhere (tasks run inside a threaded web process by
    the immediate backend) only pdftotext's own timeout applies."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ExtractionTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _block_text(block) -> str:
    if isinstance(block, Table):
        return "\n".join(" ".join(cell for cell in row if cell) for row in block.rows)
    return block.text


def document_plain_text(document: Document) -> str:
    """Headings, paragraphs, captions and table rows in reading order, one block a line; the
    目录 entries are left out (they repeat headings and would give poor excerpts)."""
    return "\n".join(
        text
        for block in document.blocks
        if not isinstance(block, ListEntry) and (text := _block_text(block).strip())
    )


def _read(content: bytes, *, time_limit: float) -> tuple[str, str]:
    """(text, error) of a document's bytes, the error in Chinese."""
    if len(content) > MAX_DOCUMENT_BYTES:
        return "", f"文件过大（{len(content) // 1024 // 1024} MB），超过全文检索上限 50 MB。"
    media = sniff_media(content)
    if media not in (PDF, DOCX):
        return "", "文件不是 PDF 或 Word（.docx）文档，无法提取全文。"
    try:
        if media == DOCX:
            inspect_archive(content)  # no zip bomb reaches the reader
        with _time_limit(time_limit):
            document = read_bytes(content, "document.pdf" if media == PDF else "document.docx")
    except ApplicationError as exc:
        return "", exc.message
    except ReadError as exc:
        return "", f"文件无法读取：{exc}"
    except ExtractionTimeout:
        return "", f"提取超时（超过 {time_limit:g} 秒），文件可能过于复杂或已损坏。"
    except MemoryError:
        return "", "提取全文所需内存超过上限，文件可能过于复杂或已损坏。"
    text = document_plain_text(document)
    if not text:
        return "", "文件中没有可提取的文字（可能是扫描件或图片）。"
    if len(text) > MAX_TEXT_CHARS:
        return text[:MAX_TEXT_CHARS], f"正文过长，仅检索前 {MAX_TEXT_CHARS // 10000} 万字。"
    return text, ""


def _document_bytes(snapshot: ReportSnapshot) -> tuple[bytes, str]:
    if not snapshot.document:
        return b"", "该提交版本没有年报文件。"
    try:
        if snapshot.document.size > MAX_DOCUMENT_BYTES:
            size = snapshot.document.size // 1024 // 1024
            return b"", f"文件过大（{size} MB），超过全文检索上限 50 MB。"
        with snapshot.document.open("rb") as handle:
            return handle.read(), ""
    except (OSError, FileNotFoundError):
        return b"", "年报文件缺失，无法提取全文。"


def document_text_extract(
    *, report_id: int, force: bool = False, time_limit: float = TIME_LIMIT_SECONDS
) -> PublishedDocumentText | None:
    """Extracts and stores the text of a published report's latest submitted document; nothing
    when the report is not published or has no submission. Text already extracted from that
    very document is kept unless `force`. The reading happens outside any transaction."""
    report = Report.objects.filter(pk=report_id, status=ReportStatus.PUBLISHED).first()
    snapshot = (
        ReportSnapshot.objects.filter(report_id=report_id).order_by("-sequence").first()
        if report
        else None
    )
    if snapshot is None:
        return None
    current = PublishedDocumentText.objects.filter(report=report).first()
    if (
        current is not None
        and not force
        and current.snapshot_id == snapshot.pk
        and current.sha256 == snapshot.document_sha256
    ):
        return current
    content, error = _document_bytes(snapshot)
    text = ""
    if not error:
        text, error = _read(content, time_limit=time_limit)
    return _store(report=report, snapshot=snapshot, text=text, error=error)


@transaction.atomic
def _store(*, report: Report, snapshot: ReportSnapshot, text: str, error: str):
    stored, _created = PublishedDocumentText.objects.update_or_create(
        report=report,
        defaults={
            "snapshot": snapshot,
            "sha256": snapshot.document_sha256,
            "text": text,
            "error": error,
            "extracted_at": timezone.now(),
        },
    )
    audit_record(
        actor=None,
        action="report.index_text",
        obj=report,
        organisation=report.owner_organisation,
        after={"sequence": snapshot.sequence, "count": len(text), "reason": error},
    )
    return stored


def reports_needing_text() -> QuerySet[Report]:
    """Published reports with a submission whose text is missing or from an older one."""
    latest = ReportSnapshot.objects.filter(report=OuterRef("pk")).order_by("-sequence")
    return (
        Report.objects.filter(status=ReportStatus.PUBLISHED)
        .annotate(latest_snapshot_id=Subquery(latest.values("pk")[:1]))
        .filter(latest_snapshot_id__isnull=False)
        .filter(
            Q(document_text__isnull=True) | ~Q(document_text__snapshot_id=F("latest_snapshot_id"))
        )
        .select_related("cycle", "organisation")
        .order_by("cycle__year", "organisation__path", "kind", "pk")
    )
