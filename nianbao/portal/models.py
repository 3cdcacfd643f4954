"""数据反馈报告: one stored feedback report per school and cycle, and the background runs that
generate them (with progress)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from nianbao.core.models import TimeStampedModel


class FeedbackRunStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class FeedbackRun(TimeStampedModel):
    """One generation of the feedback reports of a cycle: how many schools, how many done."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=16, choices=FeedbackRunStatus.choices, default=FeedbackRunStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    rendered = models.PositiveIntegerField(default=0, help_text="PDFs (re)rendered")
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "反馈报告生成"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FeedbackRunStatus.values), name="feedback_run_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}: {self.done}/{self.total} ({self.status})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def feedback_path(instance: FeedbackReport, filename: str) -> str:
    return f"feedback/{instance.cycle_id}/{filename}"


class FeedbackReport(TimeStampedModel):
    """数据反馈报告 of one school: the computed figures (shown on its page) and the PDF; the
    SHA-256 of the figures tells whether a regeneration must render it again."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="feedback_reports"
    )
    figures = models.JSONField(default=dict)
    figures_sha256 = models.CharField(max_length=64)
    pdf = models.FileField(upload_to=feedback_path, blank=True)

    class Meta:
        verbose_name = "数据反馈报告"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "school"], name="feedback_unique_school")
        ]

    def __str__(self) -> str:
        return f"{self.school_id}@{self.cycle_id}"


class PublishedDocumentText(models.Model):
    """全文检索: the plain text of a published report's document (the latest submission's
    DOCX/PDF), extracted in the background so the public search finds words only in the file.
    `error` says in Chinese why a file gave no text; the report stays findable by its name,
    title and sections."""

    report = models.OneToOneField(
        "submissions.Report", on_delete=models.CASCADE, related_name="document_text"
    )
    snapshot = models.ForeignKey(
        "submissions.ReportSnapshot", on_delete=models.CASCADE, related_name="+"
    )
    sha256 = models.CharField("文档 SHA-256", max_length=64)
    text = models.TextField(blank=True)
    extracted_at = models.DateTimeField()
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = "年报全文"

    def __str__(self) -> str:
        return f"{self.report_id}#{self.snapshot_id}"
