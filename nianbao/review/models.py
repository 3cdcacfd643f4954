"""年报审核: who reviews which report (assignment, queue, due date), the checklist marks,
score and grade of each submission, comments anchored to a place in the report, the cycle's
review settings, the 附件5 confirmation of the schools that must report, publication-URL checks
and the province's 通报 files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from nianbao.core.models import TimeStampedModel
from nianbao.review.choices import AnchorKind, AssignmentRole, ReviewOutcome, UrlCheckStatus


class ReviewSettings(models.Model):
    """Per-cycle review settings: the enterprise-report quota (辽宁 2023: 兴辽卓越 schools at
    least 2, others at least 1) and the days a reviewer has after submission."""

    cycle = models.OneToOneField("cycles.Cycle", on_delete=models.CASCADE, related_name="+")
    enterprise_quota = models.PositiveSmallIntegerField("企业年报最低份数", default=1)
    enterprise_quota_by_school = models.JSONField(
        "按学校的企业年报最低份数", default=dict, blank=True, help_text="{学校代码: 份数}"
    )
    review_days = models.PositiveSmallIntegerField("审核期限（天）", default=10)

    class Meta:
        verbose_name = "审核设置"

    def __str__(self) -> str:
        return f"{self.cycle_id}"

    def quota_for(self, school) -> int:
        return int(self.enterprise_quota_by_school.get(school.code, self.enterprise_quota))


class ReviewAssignment(TimeStampedModel):
    """A named reviewer (an expert from the pool, or a bureau user) for a report."""

    report = models.ForeignKey(
        "submissions.Report", on_delete=models.CASCADE, related_name="review_assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    role = models.CharField("角色", max_length=16, choices=AssignmentRole.choices)
    due_on = models.DateField("审核截止")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "审核分配"
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "role"], name="assignment_unique_role"),
            models.CheckConstraint(
                condition=Q(role__in=AssignmentRole.values), name="assignment_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.reviewer_id}:{self.role}"


class Review(TimeStampedModel):
    """One reviewer's review of one submission (snapshot sequence): checklist marks, score,
    grade and the outcome."""

    report = models.ForeignKey(
        "submissions.Report", on_delete=models.CASCADE, related_name="reviews"
    )
    sequence = models.PositiveIntegerField("第几次提交")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marks = models.JSONField("审核项结论", default=dict, blank=True)
    score = models.PositiveSmallIntegerField("得分", default=0)
    maximum = models.PositiveSmallIntegerField("满分", default=0)
    grade = models.CharField("等次", max_length=2, blank=True)
    outcome = models.CharField(
        "结论", max_length=16, choices=ReviewOutcome.choices, default=ReviewOutcome.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "审核"
        ordering = ["report", "sequence", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "sequence", "reviewer"], name="review_unique_per_submission"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=ReviewOutcome.values), name="review_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}#{self.sequence} {self.grade}"


class ReviewComment(TimeStampedModel):
    """审核意见 anchored to a section, case, table or finding of one submission."""

    report = models.ForeignKey(
        "submissions.Report", on_delete=models.CASCADE, related_name="review_comments"
    )
    sequence = models.PositiveIntegerField("第几次提交")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    anchor_kind = models.CharField("位置类型", max_length=16, choices=AnchorKind.choices)
    anchor_key = models.CharField("位置", max_length=120, blank=True)
    anchor_label = models.CharField("位置名称", max_length=200, blank=True)
    text = models.TextField("意见")

    class Meta:
        verbose_name = "审核意见"
        ordering = ["sequence", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anchor_kind__in=AnchorKind.values), name="comment_anchor_valid"
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]


class ScopeConfirmation(models.Model):
    """附件5 报送年报中职学校名单: the city confirms which of its 中职 schools must report in a
    cycle; the confirmed list is recorded and locks the list for the cycle."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="+")
    city = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    schools = models.JSONField("须报送学校", default=list)  # [{"id", "code", "name"}]
    exempt = models.JSONField("不报送学校", default=list)  # [{"id", "code", "name", "reason"}]
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "报送名单确认"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "city"], name="scope_confirmation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}:{self.city_id}"


class UrlCheck(models.Model):
    """年报发布网址检测: the latest background fetch of a report's publication URL."""

    report = models.OneToOneField(
        "submissions.Report", on_delete=models.CASCADE, related_name="url_check"
    )
    url = models.CharField(max_length=500)
    status = models.CharField(
        max_length=16, choices=UrlCheckStatus.choices, default=UrlCheckStatus.PENDING
    )
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.CharField(max_length=500, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "发布网址检测"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=UrlCheckStatus.values), name="url_check_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.url} {self.status}"


def notice_path(instance: EvaluationNotice, filename: str) -> str:
    return f"notices/{instance.cycle_id}/{filename}"


class EvaluationNotice(TimeStampedModel):
    """通报: the province's evaluation of every city's and school's report, rendered in the
    background as DOCX or PDF; public once published (`published_at`)."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="+")
    file_format = models.CharField(max_length=8)
    status = models.CharField(max_length=16, default="pending")  # pending / done / failed
    file = models.FileField(upload_to=notice_path, blank=True)
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set once when the province admin publishes the file; the public portal offers it then.
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "评价通报"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.cycle_id}.{self.file_format}"
