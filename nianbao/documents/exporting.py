"""Exporting a report to DOCX/PDF (年报导出) through the renderers, as a background task whose
status the page polls; the result is stored."""

from __future__ import annotations

import hashlib
import time

from django.core.files.base import ContentFile
from django.db import transaction

from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError
from nianbao.documents.models import DocumentExport, ExportFormat, ExportStatus

__all__ = ["render", "export_request", "export_execute"]


def render(doc, fmt: str) -> bytes:
    """The renderer for `fmt` ("docx" or "pdf") applied to a `ReportDocument`."""
    from nianbao.documents.render import render_docx, render_pdf

    return render_pdf(doc) if fmt == "pdf" else render_docx(doc)


@transaction.atomic
def export_request(*, actor, report, file_format: str) -> DocumentExport:
    """Queues an export (any user who may view the report may export it)."""

    if file_format not in ExportFormat.values:
        raise ApplicationError("只能导出为 DOCX 或 PDF。")
    export = DocumentExport.objects.create(
        report=report, file_format=file_format, requested_by=actor
    )
    audit_record(
        actor=actor,
        action="report.export",
        obj=export,
        object_repr=f"{report.title}.{file_format}",
        organisation=report.owner_organisation,
        after={"format": file_format},
    )
    from nianbao.documents.tasks import export_report

    transaction.on_commit(lambda: export_report.enqueue(export_id=export.pk))
    return export


def export_execute(export: DocumentExport) -> DocumentExport:
    """Builds and renders the document; stores the file or the error."""
    from nianbao.documents.builder import build_report_document

    export.status = ExportStatus.RUNNING
    export.save(update_fields=["status", "updated_at"])
    started = time.perf_counter()
    try:
        content = render(build_report_document(export.report), export.file_format)
    except Exception as exc:  # shown to the user on the export page; nothing else depends on it
        export.status = ExportStatus.FAILED
        export.error = f"导出失败：{exc}"[:2000]
        export.save(update_fields=["status", "error", "updated_at"])
        return export
    export.file.save(
        f"report-{export.report_id}-{export.pk}.{export.file_format}",
        ContentFile(content),
        save=False,
    )
    export.size = len(content)
    export.sha256 = hashlib.sha256(content).hexdigest()
    export.duration_ms = int((time.perf_counter() - started) * 1000)
    export.status = ExportStatus.DONE
    export.save()
    return export
