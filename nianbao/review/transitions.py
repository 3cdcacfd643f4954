"""The review's transitions of the report workflow: 退回 (已提交 → 已退回) and 审核通过
(已提交 → 已通过). They live here, not in `submissions.services.workflow`, so that none is
reachable without the review app's permission check (`review.permissions.require_review`,
which knows the experts' assignments); the status change itself is the workflow's
(`lock_report`, `change_status`)."""

from __future__ import annotations

from django.db import transaction

from nianbao.core.exceptions import ApplicationError
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report
from nianbao.review.permissions import require_review
from nianbao.submissions.services.deadlines import record_reminder
from nianbao.submissions.services.notifications import notify
from nianbao.submissions.services.workflow import change_status, lock_report
from nianbao.validation.choices import ExplanationDecision
from nianbao.validation.models import FindingExplanation

__all__ = ["approval_refusals", "report_return", "report_approve"]


@transaction.atomic
def report_return(*, actor, report: Report, reason: str) -> Report:
    """退回 by a reviewer, with a reason; the school is told by e-mail and notification."""
    require_review(actor, report)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ApplicationError("请填写退回原因（至少 5 个字）。")
    report = lock_report(report)
    report = change_status(
        actor=actor,
        report=report,
        to=ReportStatus.RETURNED,
        action="report.return",
        extra={"return_reason": reason[:2000]},
    )
    sent = notify(
        report=report,
        subject=f"年报被退回：{report.title}",
        message=f"《{report.title}》被退回修改。退回原因：{reason}",
    )
    record_reminder(report=report, key=f"return:{report.version}", recipients=sent)
    return report


def approval_refusals(report: Report) -> list[str]:
    """Every reason a reviewer cannot approve the report now (empty: they can)."""
    pending = FindingExplanation.objects.filter(
        report=report, decision=ExplanationDecision.PENDING
    ).values_list("rule_id", flat=True)
    return [f"预警说明（{rule}）尚待审核，请先采纳或不采纳" for rule in pending]


@transaction.atomic
def report_approve(*, actor, report: Report) -> Report:
    """审核通过 by a reviewer of the reviewing body (never of the report's own organisation),
    refused while a warning's explanation is still 待审核."""
    require_review(actor, report)
    report = lock_report(report)
    reasons = approval_refusals(report) if report.status == ReportStatus.SUBMITTED else []
    if reasons:
        raise ApplicationError("年报暂不能审核通过", reasons=reasons, status=409)
    report = change_status(
        actor=actor, report=report, to=ReportStatus.APPROVED, action="report.approve"
    )
    notify(
        report=report,
        subject=f"年报已通过：{report.title}",
        message=f"《{report.title}》已审核通过。",
    )
    return report
