"""提交给负责人: the filler's button that tells the submitters the report is ready."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from nianbao.core.exceptions import ApplicationError
from nianbao.reports.selectors import report_for_view
from nianbao.submissions.services.handover import report_handover


@login_required
@require_POST
def report_handover_view(request, pk: int):
    report = report_for_view(request.user, pk)
    try:
        submitters = report_handover(
            actor=request.user, report=report, note=request.POST.get("note", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        for reason in exc.reasons:
            messages.error(request, reason)
    else:
        names = "、".join(u.display_name for u in submitters)
        messages.success(
            request,
            f"已通知 {names} 检查并提交。年报仍为“编制中”，在负责人提交前您仍可修改。",
        )
    return redirect("submissions:report-detail", report.pk)
