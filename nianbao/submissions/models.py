"""年报: one per organisation, cycle and report kind (enterprise reports: one per enterprise and
compiling school)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from nianbao.core.models import TimeStampedModel
from nianbao.cycles.models import ReportKind
from nianbao.submissions.choices import ReportStatus


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

    class Meta:
        ordering = ["cycle", "organisation__path", "kind"]
        verbose_name = "年报"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
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
