"""榜单 (四个50强): a list of a cycle with its computed result, the committee's verification of
anomalous values (核实), the 公示 and its objections (异议), and the confirmed final list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from nianbao.core.models import TimeStampedModel
from nianbao.rankings.choices import ObjectionDecision, RankingStatus, VerificationOutcome


class Ranking(TimeStampedModel):
    """榜单: one list (e.g. 育人成效50强) of a cycle, one row per group when grouped by city.

    `result` is the engine's result (schools with scores, ranks, intervals, cells) as JSON,
    `anomalies` the screen's worklist; `candidates` is frozen when the 公示 starts and `final`
    when the committee confirms the list."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="+")
    code = models.CharField("榜单代码", max_length=40)
    group = models.CharField("分组", max_length=60, blank=True)
    name = models.CharField("榜单名称", max_length=60)
    edition = models.CharField("定义版本", max_length=20)
    status = models.CharField(
        "状态", max_length=12, choices=RankingStatus.choices, default=RankingStatus.VERIFYING
    )
    result = models.JSONField(default=dict, blank=True)
    anomalies = models.JSONField(default=list, blank=True)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    notice_starts_on = models.DateField("公示开始", null=True, blank=True)
    notice_ends_on = models.DateField("公示结束", null=True, blank=True)
    candidates = models.JSONField("候选名单", default=list, blank=True)
    final = models.JSONField("确定名单", default=list, blank=True)
    confirmed_at = models.DateTimeField("确定时间", null=True, blank=True)

    class Meta:
        verbose_name = "榜单"
        ordering = ["cycle", "code", "group"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code", "group"], name="ranking_unique"),
            models.CheckConstraint(
                condition=Q(status__in=RankingStatus.values), name="ranking_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(notice_starts_on__isnull=True)
                | Q(notice_ends_on__gte=models.F("notice_starts_on")),
                name="ranking_notice_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}{'（' + self.group + '）' if self.group else ''}"


class Verification(TimeStampedModel):
    """核实: the committee's outcome on one value of one report (kept or removed), with a note.
    One per value; it applies to every list that uses the value."""

    report = models.ForeignKey("submissions.Report", on_delete=models.CASCADE, related_name="+")
    code = models.CharField("指标代码", max_length=80)
    outcome = models.CharField("核实结论", max_length=12, choices=VerificationOutcome.choices)
    note = models.CharField("核实说明", max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "异常数据核实"
        ordering = ["report", "code"]
        constraints = [
            models.UniqueConstraint(fields=["report", "code"], name="verification_unique_value"),
            models.CheckConstraint(
                condition=Q(outcome__in=VerificationOutcome.values),
                name="verification_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.code} {self.get_outcome_display()}"


class Objection(TimeStampedModel):
    """公示期异议: an objection received against one candidate during the 公示, and its outcome."""

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="objections")
    report = models.ForeignKey("submissions.Report", on_delete=models.CASCADE, related_name="+")
    received_on = models.DateField("收到日期")
    text = models.TextField("异议内容")
    decision = models.CharField(
        "处理结论",
        max_length=12,
        choices=ObjectionDecision.choices,
        default=ObjectionDecision.PENDING,
    )
    decision_note = models.CharField("处理说明", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "公示异议"
        ordering = ["ranking", "received_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=ObjectionDecision.values),
                name="objection_decision_valid",
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]
