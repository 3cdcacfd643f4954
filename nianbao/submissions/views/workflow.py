"""Submission, the other status transitions, deadline extensions and snapshots."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require
from nianbao.reports.choices import ReportStatus
from nianbao.reports.context import report_page_context
from nianbao.reports.models import (
    ReportSnapshot,
)
from nianbao.reports.permissions import can_submit, can_write
from nianbao.reports.selectors import (
    report_for_view,
)
from nianbao.submissions import services
from nianbao.submissions.views.common import _done


@login_required
def report_submit(request, pk: int):
    """GET: the checklist (every refusal reason) and the checker findings; POST: submit."""
    report = report_for_view(request.user, pk)
    if not (can_write(request.user, report) or can_submit(request.user, report)):
        raise PermissionDenied("您没有提交此年报的权限。")
    if request.method == "POST":
        try:
            snap = services.report_submit(actor=request.user, report=report)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            for reason in exc.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, f"年报已提交。文档指纹（SHA-256）：{snap.document_sha256}")
            return redirect("submissions:report-detail", report.pk)
    reasons = services.submission_refusals(report) if report.status == ReportStatus.DRAFTING else []
    # GET reads only: the stored checker result (a stale one says so and offers a new run).
    return render(
        request,
        "submissions/report_submit.html",
        report_page_context(
            request,
            report,
            reasons=reasons,
            checker=services.checker_summary(report.checker_findings or []),
            checker_stale=report.is_editable and report.checked_at is None,
        ),
    )


TRANSITIONS = {
    "withdraw": (services.report_withdraw, "年报已撤回，可继续编辑。"),
    "reopen": (services.report_reopen, "年报已恢复为编制中。"),
    "publish": (services.report_publish, "年报已标记为已发布。"),
}
# Approval and return happen on the review page (review app): checklist, comments, grade.


@login_required
@require_POST
def report_transition(request, pk: int, action: str):
    report = report_for_view(request.user, pk)
    if action not in TRANSITIONS:
        raise Http404()
    service, ok = TRANSITIONS[action]
    return _done(
        request,
        report,
        None,
        ok,
        lambda: service(actor=request.user, report=report) and None,
    )


@login_required
def report_extend(request, pk: int):
    report = report_for_view(request.user, pk)
    require(request.user, Action.MANAGE_CYCLES, report.owner_organisation)
    if request.method == "POST":
        try:
            until = dt.date.fromisoformat(request.POST.get("until", ""))
        except ValueError:
            messages.error(request, "请填写有效的延期日期。")
        else:
            try:
                services.deadline_extend(
                    actor=request.user,
                    report=report,
                    until=until,
                    reason=request.POST.get("reason", ""),
                )
            except ApplicationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已延期至 {until:%Y-%m-%d}。")
                return redirect("submissions:report-detail", report.pk)
    return render(
        request,
        "submissions/report_extend.html",
        report_page_context(
            request, report, extensions=report.extensions.select_related("granted_by")
        ),
    )


@login_required
def snapshot_download(request, pk: int, seq: int):
    report = report_for_view(request.user, pk)
    snap = ReportSnapshot.objects.filter(report=report, sequence=seq).first()
    if snap is None or not snap.document:
        raise Http404("提交快照不存在。")
    ext = snap.document.name.rsplit(".", 1)[-1]
    return FileResponse(
        snap.document.open("rb"),
        as_attachment=True,
        filename=f"{report.title}（第{seq}次提交）.{ext}",
    )
