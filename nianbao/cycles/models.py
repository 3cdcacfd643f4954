"""年度 (annual cycle) and its deadlines per report kind."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from nianbao.core.models import TimeStampedModel
from nianbao.cycles.frameworks import Framework, load_framework


class CycleStatus(models.TextChoices):
    DRAFT = "draft", "筹备中"
    OPEN = "open", "编制中"
    CLOSED = "closed", "已结束"


class ReportKind(models.TextChoices):
    SCHOOL = "school", "学校年报"
    CITY = "city", "中职地市级年报"
    ENTERPRISE = "enterprise", "企业年报"
    PROVINCE = "province", "省级年报"


class Cycle(TimeStampedModel):
    """年度 / 编制周期, e.g. 2025年度: data period, framework edition, indicator edition."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    name = models.CharField("名称", max_length=40)
    data_period_start = models.DateField("数据统计起")
    data_period_end = models.DateField("数据统计止")
    framework_edition = models.CharField("报告框架版本", max_length=16)
    indicator_edition = models.CharField("指标体系版本", max_length=16)
    status = models.CharField(
        "状态", max_length=16, choices=CycleStatus.choices, default=CycleStatus.DRAFT
    )
    opened_at = models.DateTimeField("开启时间", null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "年度"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CycleStatus.values), name="cycle_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(data_period_start__lt=models.F("data_period_end")),
                name="cycle_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def framework(self) -> Framework:
        return load_framework(self.framework_edition)

    @property
    def edition_label(self) -> str:
        """The year in report titles: 2025年度 reports are titled （2025）."""
        return str(self.year)

    def deadline_for(self, kind: str) -> dt.date | None:
        for deadline in self.deadlines.all():
            if deadline.report_kind == kind:
                return deadline.due_on
        return None


class Deadline(models.Model):
    """截止日期 for one report kind in a cycle (the last day a submission is on time)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="deadlines")
    report_kind = models.CharField("年报类型", max_length=16, choices=ReportKind.choices)
    due_on = models.DateField("截止日期")

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "report_kind"], name="deadline_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.get_report_kind_display()} {self.due_on}"
