"""数据表 values of a report, their per-cell history, evidence (佐证材料), per-table versions for
optimistic concurrency, and bulk imports. The catalog itself lives in files (`catalog/`); rows here
are keyed by report and indicator code."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q


class ChangeSource(models.TextChoices):
    WEB = "web", "网页填报"
    EXCEL = "excel", "Excel 上传"
    API = "api", "API"
    IMPORT = "import", "批量导入"
    DEMO = "demo", "演示数据"


class DataValue(models.Model):
    """One indicator value of one report: a number, or text for text/choice indicators."""

    report = models.ForeignKey(
        "submissions.Report", on_delete=models.CASCADE, related_name="data_values"
    )
    code = models.CharField("指标代码", max_length=80)
    number = models.DecimalField("数值", max_digits=24, decimal_places=4, null=True, blank=True)
    text = models.CharField("文本", max_length=500, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "数据值"
        constraints = [
            models.UniqueConstraint(fields=["report", "code"], name="data_value_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.code}={self.value}"

    @property
    def value(self) -> Decimal | str | None:
        if self.number is not None:
            return self.number
        return self.text or None


class DataValueChange(models.Model):
    """修改记录: one change of one cell (value or note), with who, when, old, new and source."""

    report = models.ForeignKey(
        "submissions.Report", on_delete=models.CASCADE, related_name="data_value_changes"
    )
    code = models.CharField("指标代码", max_length=80)
    field = models.CharField("字段", max_length=8, default="value")  # value | note
    old = models.CharField("原值", max_length=500, null=True, blank=True)
    new = models.CharField("新值", max_length=500, null=True, blank=True)
    source = models.CharField("来源", max_length=8, choices=ChangeSource.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "数据修改记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["report", "code"], name="data_change_report_code")]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=ChangeSource.values), name="data_change_source_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.old} → {self.new}"


class DataTableRevision(models.Model):
    """The version of one data table of a report; every save bumps it (乐观并发控制)."""

    report = models.ForeignKey(
        "submissions.Report", on_delete=models.CASCADE, related_name="table_revisions"
    )
    table_code = models.CharField("数据表", max_length=40)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "table_code"], name="table_revision_unique_table"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table_code} v{self.version}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.report_id}/{instance.code}/{filename}"


class Evidence(models.Model):
    """佐证材料 attached to one indicator value of a report."""

    report = models.ForeignKey(
        "submissions.Report", on_delete=models.CASCADE, related_name="evidence"
    )
    code = models.CharField("指标代码", max_length=80)
    file = models.FileField("文件", upload_to=evidence_path, max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["report", "code"], name="evidence_report_code")]

    def __str__(self) -> str:
        return self.original_name


class BulkImportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    CHECKING = "checking", "检查中"
    CHECKED = "checked", "检查完成"
    APPLYING = "applying", "导入中"
    APPLIED = "applied", "已导入"
    FAILED = "failed", "失败"


class BulkImport(models.Model):
    """批量导入: a zip of school workbooks or one long CSV, dry-run then applied by a task."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The scope the importer may write to.",
    )
    file = models.FileField(upload_to="bulk-imports/", max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    status = models.CharField(
        "状态", max_length=10, choices=BulkImportStatus.choices, default=BulkImportStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the task working on the job."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "批量导入"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BulkImportStatus.values), name="bulk_import_status_valid"
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_running(self) -> bool:
        return self.status in (
            BulkImportStatus.QUEUED,
            BulkImportStatus.CHECKING,
            BulkImportStatus.APPLYING,
        )
