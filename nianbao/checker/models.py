"""年报体检记录: one check of one report file, with its findings and a readable rendering."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from nianbao.core.models import TimeStampedModel


class CheckStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "检查中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class CheckSource(models.TextChoices):
    UPLOAD = "upload", "上传体检"
    SUBMISSION = "submission", "年报自动体检"


class CheckRun(TimeStampedModel):
    """年报体检: a report file checked by the report checker."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="check_runs"
    )
    report = models.ForeignKey(
        "submissions.Report",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="check_runs",
    )
    source = models.CharField(
        max_length=16, choices=CheckSource.choices, default=CheckSource.UPLOAD
    )
    file = models.FileField(upload_to="checker/%Y/%m/")
    file_name = models.CharField("文件名", max_length=255)
    file_sha256 = models.CharField(max_length=64)
    framework_edition = models.CharField(max_length=16, blank=True)
    status = models.CharField(
        max_length=16, choices=CheckStatus.choices, default=CheckStatus.PENDING
    )
    error = models.TextField(blank=True)
    findings = models.JSONField(default=list)
    blocks = models.JSONField(default=list, help_text="The report as read: for the rendering.")
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    info_count = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "年报体检"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CheckStatus.values), name="check_status_valid"
            )
        ]

    def __str__(self) -> str:
        return self.file_name
