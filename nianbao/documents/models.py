"""导出任务: one DOCX or PDF export of a report, generated in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from nianbao.core.models import TimeStampedModel


class ExportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ExportFormat(models.TextChoices):
    DOCX = "docx", "Word（DOCX）"
    PDF = "pdf", "PDF"


def export_path(instance: DocumentExport, filename: str) -> str:
    return f"exports/{instance.report_id}/{filename}"


class DocumentExport(TimeStampedModel):
    """年报导出: the stored result (or error) of exporting a report to DOCX or PDF."""

    report = models.ForeignKey(
        "submissions.Report", on_delete=models.CASCADE, related_name="exports"
    )
    file_format = models.CharField(max_length=8, choices=ExportFormat.choices)
    status = models.CharField(
        max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to=export_path, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = "年报导出"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExportStatus.values), name="export_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(file_format__in=ExportFormat.values), name="export_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}.{self.file_format} ({self.status})"

    @property
    def filename(self) -> str:
        return f"{self.report.title}.{self.file_format}"
