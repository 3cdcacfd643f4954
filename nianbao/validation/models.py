"""数据校验结果与预警说明."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from nianbao.core.models import TimeStampedModel
from nianbao.validation.choices import ExplanationDecision


class ValidationResult(TimeStampedModel):
    """The latest validation of a report's data tables: findings as the school saw them."""

    report = models.OneToOneField(
        "submissions.Report", on_delete=models.CASCADE, related_name="validation_result"
    )
    findings = models.JSONField(default=list)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    info_count = models.PositiveIntegerField(default=0)
    ruleset = models.CharField(max_length=40, blank=True, help_text="edition/level of the rules")

    class Meta:
        verbose_name = "校验结果"


class FindingExplanation(TimeStampedModel):
    """预警说明: the school's written explanation of a warning, and the reviewer's decision.
    An accepted explanation also covers the same rule for the same school in later cycles."""

    report = models.ForeignKey(
        "submissions.Report", on_delete=models.CASCADE, related_name="finding_explanations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    rule_id = models.CharField("规则", max_length=80)
    text = models.TextField("说明")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        "审核结论",
        max_length=16,
        choices=ExplanationDecision.choices,
        default=ExplanationDecision.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("审核意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "预警说明"
        constraints = [
            models.UniqueConstraint(fields=["report", "rule_id"], name="explanation_unique_rule"),
            models.CheckConstraint(
                condition=Q(decision__in=ExplanationDecision.values),
                name="explanation_decision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.text[:30]}"
