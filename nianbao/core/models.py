"""Base model and the audit trail (审计日志)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """审计事件: who changed what, when, with the state before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("操作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation whose subtree may see this event.",
    )
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "审计事件"

    def __str__(self) -> str:
        return (
            f"{timezone.localtime(self.created_at):%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
        )


class FileExportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


def file_export_path(instance: FileExport, filename: str) -> str:
    return f"file-exports/{instance.pk}/{filename}"


class FileExport(TimeStampedModel):
    """文件导出: one download (附件, 榜单, 数据表工作簿 …) rendered by a background task for the
    user who asked for it; `kind` names the renderer an app registered (`core.exports`)."""

    kind = models.CharField("类别", max_length=80)
    params = models.JSONField("参数", default=dict)
    # Identical requests share a key, so a repeated click reuses the job (core.services).
    params_key = models.CharField(max_length=64, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=16, choices=FileExportStatus.choices, default=FileExportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField("进度", default=0)
    file = models.FileField(upload_to=file_export_path, blank=True)
    filename = models.CharField("文件名", max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField("大小", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField("错误", blank=True)
    request_url = models.CharField(max_length=1000, blank=True)
    back_url = models.CharField(max_length=1000, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "文件导出"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=FileExportStatus.values),
                name="file_export_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"
