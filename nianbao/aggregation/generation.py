"""Executing a region report run (地区年报生成): aggregate, build, render and store, with the
progress saved after every step; the files are kept with their SHA-256."""

from __future__ import annotations

import hashlib
import io
import json

from django.core.files.base import ContentFile
from django.db import transaction
from pypdf import PdfReader

from nianbao.aggregation.documents import region_report_document
from nianbao.aggregation.models import RegionReportRun
from nianbao.documents.models import ExportStatus
from nianbao.documents.render import render_docx_and_pdf

__all__ = ["region_report_claim", "region_report_execute"]

# Everything a run writes; `data_changed_at` is left out: a change saved while the run was
# rendering marks it out of date and must not be undone when the run stores its files.
_RESULT_FIELDS = [
    "docx", "pdf", "docx_sha256", "pdf_sha256", "aggregate", "pages",
    "status", "progress", "step", "error", "updated_at",
]  # fmt: skip


def _progress(run: RegionReportRun, progress: int, step: str) -> None:
    run.progress, run.step = progress, step
    run.save(update_fields=["progress", "step", "status", "updated_at"])


def region_report_claim(run_id: int) -> RegionReportRun | None:
    """Takes a queued run for execution (marks it running), or None: it was deleted, another
    delivery of the task took it, or it is an automatic regeneration that is no longer needed
    because the newest generated files already show the data (the run is then removed)."""
    with transaction.atomic():
        run = (
            RegionReportRun.objects.select_for_update()
            .select_related("organisation", "cycle")
            .filter(pk=run_id)
            .first()
        )
        if run is None or run.status != ExportStatus.PENDING:
            return None
        if run.automatic and _up_to_date(run):
            run.delete()
            return None
        run.status = ExportStatus.RUNNING
        run.save(update_fields=["status", "updated_at"])
    return run


def _up_to_date(run: RegionReportRun) -> bool:
    newest = (
        RegionReportRun.objects.filter(
            organisation_id=run.organisation_id, cycle_id=run.cycle_id, status=ExportStatus.DONE
        )
        .order_by("-created_at", "-id")
        .first()
    )
    return newest is not None and newest.data_changed_at is None


def region_report_execute(run: RegionReportRun) -> RegionReportRun:
    """Aggregates, builds, renders and stores; progress is saved after every step."""
    run.status = ExportStatus.RUNNING
    _progress(run, 5, "汇总各校数据")
    try:
        document, figures = region_report_document(run.organisation, run.cycle.year)
        _progress(run, 35, "生成 Word（DOCX）和 PDF")
        docx, pdf = render_docx_and_pdf(document)
    except Exception as exc:  # shown on the page; nothing else depends on it
        run.status, run.error = ExportStatus.FAILED, f"生成失败：{exc}"[:2000]
        run.step = "失败"
        run.save(update_fields=["status", "step", "error", "updated_at"])
        return run
    stem = f"report-{run.pk}"
    run.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    run.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    run.docx_sha256 = hashlib.sha256(docx).hexdigest()
    run.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    run.aggregate = json.loads(json.dumps(figures.as_json(), ensure_ascii=False))
    run.pages = len(PdfReader(io.BytesIO(pdf)).pages)
    run.status, run.progress, run.step = ExportStatus.DONE, 100, "已完成"
    run.save(update_fields=_RESULT_FIELDS)
    return run
