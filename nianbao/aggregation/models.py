"""生成的地市级/省级年报: one background generation of a region report, its progress and its
files (the last generated file is kept with its SHA-256)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from nianbao.core.models import TimeStampedModel
from nianbao.documents.models import ExportStatus


def region_report_path(instance: RegionReportRun, filename: str) -> str:
    return f"region-reports/{instance.organisation_id}/{instance.cycle_id}/{filename}"


class RegionReportRun(TimeStampedModel):
    """One generation of a city's or the province's report: progress while it runs, then the
    DOCX, PDF and aggregate JSON with their SHA-256."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="region_reports"
    )
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    step = models.CharField("当前步骤", max_length=60, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    docx = models.FileField(upload_to=region_report_path, blank=True)
    pdf = models.FileField(upload_to=region_report_path, blank=True)
    aggregate = models.JSONField(default=dict, blank=True)
    docx_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # Set when a counted school's data or report status changes after this run was requested:
    # the files no longer show the data as it stands (重新生成).
    data_changed_at = models.DateTimeField("数据变更时间", null=True, blank=True)
    # Queued by the platform because the data changed, not by a user (自动重新生成).
    automatic = models.BooleanField("自动重新生成", default=False)

    class Meta:
        verbose_name = "地区年报生成"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExportStatus.values), name="region_report_status_valid"
            ),
            # At most one queued run per report: concurrent changes coalesce into it.
            models.UniqueConstraint(
                fields=["organisation", "cycle"],
                condition=Q(status=ExportStatus.PENDING),
                name="region_report_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.cycle_id} ({self.status})"
