"""截止日期: extensions granted by the province admin and the reminders sent 3 days and 1 day
before a deadline (idempotent: every reminder sent is recorded)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import DeadlineExtension, ReminderSent, Report
from nianbao.submissions.services.notifications import notify

__all__ = ["deadline_extend", "record_reminder", "send_deadline_reminders", "REMINDER_DAYS"]

REMINDER_DAYS = (3, 1)


@transaction.atomic
def deadline_extend(*, actor, report: Report, until: dt.date, reason: str) -> DeadlineExtension:
    """延期: one organisation's report gets a later deadline; an overdue report unlocks."""
    require(actor, Action.MANAGE_CYCLES, report.owner_organisation)
    reason = (reason or "").strip()
    reasons = []
    if len(reason) < 5:
        reasons.append("请填写延期理由（至少 5 个字）")
    if until is None or until < timezone.localdate():
        reasons.append("延期日期不能早于今天")
    due = report.cycle.deadline_for(report.kind)
    if until is not None and due is not None and until <= due:
        reasons.append(f"延期日期须晚于原截止日期（{due:%Y-%m-%d}）")
    if reasons:
        raise ApplicationError("无法延期", reasons=reasons)
    report = Report.objects.select_for_update().get(pk=report.pk)
    before = {"extended_until": report.extended_until}
    extension = DeadlineExtension.objects.create(
        report=report,
        organisation=report.organisation,
        until=until,
        reason=reason[:500],
        granted_by=actor,
    )
    report.extended_until = until
    report.save(update_fields=["extended_until", "updated_at"])
    audit_record(
        actor=actor,
        action="report.extend_deadline",
        obj=report,
        organisation=report.owner_organisation,
        before=before,
        after={"extended_until": until, "reason": reason},
    )
    notify(
        report=report,
        subject=f"截止日期已延至 {until:%Y-%m-%d}",
        message=f"《{report.title}》的提交截止日期已延至 {until:%Y-%m-%d}。理由：{reason}",
    )
    return extension


def record_reminder(*, report: Report, key: str, recipients: int) -> bool:
    """Records a reminder; False when it had been recorded before."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(report=report, key=key, recipients=recipients)
    except IntegrityError:
        return False
    return True


def send_deadline_reminders(*, today: dt.date | None = None) -> list[tuple[Report, str]]:
    """Reminds the writers of every report still 编制中 whose deadline is 3 or 1 days away.
    Running it twice on the same day sends nothing the second time."""
    today = today or timezone.localdate()
    sent: list[tuple[Report, str]] = []
    reports = (
        Report.objects.filter(status=ReportStatus.DRAFTING, cycle__status="open")
        .select_related("cycle", "organisation", "compiling_school")
        .prefetch_related("cycle__deadlines")
    )
    for report in reports:
        due = report.due_on
        if due is None:
            continue
        days = (due - today).days
        if days not in REMINDER_DAYS:
            continue
        key = f"due-{days}:{due.isoformat()}"
        if ReminderSent.objects.filter(report=report, key=key).exists():
            continue
        with transaction.atomic():
            if not record_reminder(report=report, key=key, recipients=0):
                continue
            count = notify(
                report=report,
                subject=f"年报提交截止还剩 {days} 天",
                message=(
                    f"《{report.title}》须于 {due:%Y-%m-%d} 前提交，还剩 {days} 天。"
                    "逾期未提交的年报将被锁定编辑。"
                ),
            )
            ReminderSent.objects.filter(report=report, key=key).update(recipients=count)
        sent.append((report, key))
    return sent
