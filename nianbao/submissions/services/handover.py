"""提交给负责人: the filler tells the people who submit (学校负责人; for a city report the city
admins) that the report is ready. Nothing about the report changes: it stays 编制中 and editable,
and only the submitter's own "确认提交" moves it on."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from nianbao.accounts.models import User
from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report
from nianbao.reports.permissions import require_write
from nianbao.reports.selectors import report_submitters
from nianbao.submissions.services.notifications import notify

__all__ = ["report_handover"]

MAX_NOTE_CHARS = 300


@transaction.atomic
def report_handover(*, actor, report: Report, note: str = "") -> list[User]:
    """Notifies every submitter of the report; returns them. Refused when the report is not
    being written, when nobody can submit it, or when the filler is themselves the submitter."""
    require_write(actor, report)
    if report.status != ReportStatus.DRAFTING:
        raise ApplicationError(
            f"年报当前状态为“{report.get_status_display()}”，不需要再交给负责人。"
        )
    note = note.strip()
    if len(note) > MAX_NOTE_CHARS:
        raise ApplicationError(f"留言不能超过 {MAX_NOTE_CHARS} 字（现为 {len(note)} 字）。")
    submitters = [u for u in report_submitters(report) if u.pk != actor.pk]
    if not submitters:
        raise ApplicationError(
            f"“{report.owner_organisation.name}”还没有可以提交年报的负责人账号。",
            reasons=["请联系市级管理员在“用户管理”中为本单位负责人开通“学校负责人”角色。"],
        )
    link = reverse("submissions:report-submit", args=[report.pk])
    who = actor.display_name
    message = (
        f"{who}已完成《{report.title}》的填报，请您检查后提交（{link}）。"
        + (f"留言：{note}" if note else "")
    )
    notify(report=report, subject=f"《{report.title}》待您提交", message=message, users=submitters)
    audit_record(
        actor=actor,
        action="report.handover",
        obj=report,
        organisation=report.owner_organisation,
        after={"recipients": [u.display_name for u in submitters], "note": note},
    )
    return submitters
