"""年报: one per organisation, cycle and report kind (enterprise reports: one per enterprise and
compiling school), with what is written in the platform (sections, cases, figures, tables), the
uploaded finished report, the signed 内容真实性责任声明, the frozen snapshot taken at submission,
deadline extensions, reminders and in-platform notifications."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from nianbao.core.models import TimeStampedModel
from nianbao.cycles.models import ReportKind
from nianbao.reports.choices import AuthoringMode, ReportStatus


class Report(TimeStampedModel):
    """职业教育质量年度报告."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.PROTECT, related_name="reports")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField("年报类型", max_length=16, choices=ReportKind.choices)
    compiling_school = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprise_reports",
        help_text="企业年报: the school that compiles and submits it.",
    )
    status = models.CharField(
        "状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFTING
    )
    title = models.CharField("标题", max_length=200)
    publication_url = models.URLField("年报发布网址", blank=True, max_length=500)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    extended_until = models.DateField("延期至", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic-concurrency counter.")
    authoring_mode = models.CharField(
        "编写方式", max_length=16, choices=AuthoringMode.choices, default=AuthoringMode.PLATFORM
    )
    checker_findings = models.JSONField("体检结果", default=list, blank=True)
    checked_at = models.DateTimeField("体检时间", null=True, blank=True)
    return_reason = models.TextField("退回原因", blank=True)

    class Meta:
        ordering = ["cycle", "organisation__path", "kind"]
        verbose_name = "年报"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(authoring_mode__in=AuthoringMode.values),
                name="report_authoring_mode_valid",
            ),
            models.UniqueConstraint(
                fields=["cycle", "organisation", "kind"],
                condition=~Q(kind="enterprise"),
                name="report_unique_per_org",
            ),
            models.UniqueConstraint(
                fields=["cycle", "organisation", "compiling_school"],
                condition=Q(kind="enterprise"),
                name="enterprise_report_unique_per_school",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_organisation(self):
        """The organisation whose users edit and submit: the school for enterprise reports."""
        return self.compiling_school if self.kind == ReportKind.ENTERPRISE else self.organisation

    # --- deadlines: the one place that decides -------------------------------------------------

    @property
    def due_on(self) -> dt.date | None:
        """The last day to submit: an extension replaces the cycle's deadline."""
        return self.extended_until or self.cycle.deadline_for(self.kind)

    @property
    def is_overdue(self) -> bool:
        """Never submitted and past its (possibly extended) deadline."""
        due = self.due_on
        return (
            self.status == ReportStatus.DRAFTING
            and self.submitted_at is None
            and due is not None
            and timezone.localdate() > due
        )

    @property
    def is_editable(self) -> bool:
        """Text, data and attachments may change only while 编制中 and not overdue."""
        return self.status == ReportStatus.DRAFTING and not self.is_overdue

    @property
    def days_left(self) -> int | None:
        due = self.due_on
        return None if due is None else (due - timezone.localdate()).days

    @property
    def framework_parts(self):
        return self.cycle.framework.parts(self.kind)


class _ReportItem(TimeStampedModel):
    """Something placed in a framework part: ordered by `order` among all items of the part."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    part_code = models.CharField("框架部分", max_length=60)
    order = models.PositiveIntegerField("顺序", default=0)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic-concurrency counter.")

    class Meta:
        abstract = True
        ordering = ["part_code", "order", "id"]


class ReportSection(_ReportItem):
    """正文小节: a titled Markdown text in one framework part (sanitised when shown)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField("小节标题", max_length=120, blank=True)
    body = models.TextField("正文", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(_ReportItem.Meta):
        verbose_name = "正文小节"


class Case(_ReportItem):
    """案例: title and a body of at most 500 字 (counted without whitespace)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="cases")
    key = models.SlugField("引用键", max_length=40)
    title = models.CharField("案例标题", max_length=120)
    body = models.TextField("案例正文")

    class Meta(_ReportItem.Meta):
        verbose_name = "案例"
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="case_key_unique")]


def figure_path(instance: Figure, filename: str) -> str:
    return f"reports/{instance.report_id}/figures/{filename}"


class Figure(_ReportItem):
    """图: an uploaded PNG/JPEG image or a chart drawn from the report's own data values."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="figures")
    key = models.SlugField("引用键", max_length=40)
    caption = models.CharField("图题", max_length=120)
    image = models.FileField("图片", upload_to=figure_path, blank=True)
    image_sha256 = models.CharField(max_length=64, blank=True)
    chart = models.JSONField("图表定义", null=True, blank=True)
    source_note = models.CharField("数据来源", max_length=200, blank=True)

    class Meta(_ReportItem.Meta):
        verbose_name = "图"
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="figure_key_unique"),
            models.CheckConstraint(
                condition=~Q(image="") | Q(chart__isnull=False), name="figure_has_content"
            ),
        ]


class ReportTable(_ReportItem):
    """表: a caption, a header row and body rows of plain text."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="tables")
    key = models.SlugField("引用键", max_length=40)
    caption = models.CharField("表题", max_length=120)
    columns = models.JSONField("表头", default=list)
    rows = models.JSONField("表体", default=list)
    source_note = models.CharField("数据来源", max_length=200, blank=True)

    class Meta(_ReportItem.Meta):
        verbose_name = "表"
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="table_key_unique")]


def attachment_path(instance, filename: str) -> str:
    return f"reports/{instance.report_id}/{filename}"


class AuthenticityDeclaration(models.Model):
    """内容真实性责任声明: the signed and stamped scan (PDF/JPG/PNG), checked by content."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="declaration")
    file = models.FileField(upload_to=attachment_path)
    filename = models.CharField("文件名", max_length=255)
    media_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "内容真实性责任声明"

    def __str__(self) -> str:
        return self.filename


class ReportFile(models.Model):
    """上传的年报全文: a finished DOCX or PDF written in Word (the upload authoring path)."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="report_file")
    file = models.FileField(upload_to=attachment_path)
    filename = models.CharField("文件名", max_length=255)
    file_format = models.CharField(max_length=8)  # docx | pdf
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "上传的年报文件"

    def __str__(self) -> str:
        return self.filename


class ImmutableError(Exception):
    """A frozen snapshot was about to change."""


class SnapshotQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError("提交快照不可修改。")

    def delete(self):
        raise ImmutableError("提交快照不可删除。")


def snapshot_path(instance: ReportSnapshot, filename: str) -> str:
    return f"reports/{instance.report_id}/snapshots/{filename}"


class ReportSnapshot(models.Model):
    """提交快照: an immutable copy of everything submitted, with the SHA-256 of the document
    (the exported PDF, or the uploaded file for uploaded reports)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="snapshots")
    sequence = models.PositiveIntegerField("第几次提交")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    title = models.CharField(max_length=200)
    authoring_mode = models.CharField(max_length=16)
    publication_url = models.CharField(max_length=500)
    data = models.JSONField("数据表", default=dict)
    text = models.JSONField("正文与案例、图、表", default=dict)
    attachments = models.JSONField("附件指纹", default=dict)
    checker_findings = models.JSONField(default=list)
    validation_findings = models.JSONField(default=list)
    document = models.FileField(upload_to=snapshot_path, blank=True)
    document_sha256 = models.CharField("文档 SHA-256", max_length=64)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = "提交快照"
        ordering = ["report", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["report", "sequence"], name="snapshot_unique_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}#{self.sequence}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("提交快照不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("提交快照不可删除。")


class DeadlineExtension(models.Model):
    """延期: the province admin gives one organisation's report a later deadline, with a reason."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="extensions")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    until = models.DateField("延期至")
    reason = models.CharField("理由", max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "延期"
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.until}"


class ReminderSent(models.Model):
    """A reminder already sent (deadline or return), so sending is idempotent."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=60)  # e.g. "due-3:2026-01-05", "return:2"
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="reminder_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.key}"


class Notification(models.Model):
    """站内通知: one message to one user, optionally about a report."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField("内容", max_length=500)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "站内通知"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message
