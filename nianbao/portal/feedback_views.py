"""数据反馈报告 pages: the province starts generation and follows its progress; a school (and
those above it) reads its report as a page or PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from nianbao.core.permissions import Action, require
from nianbao.core.views import paginate
from nianbao.cycles.selectors import cycle_from_request
from nianbao.portal.feedback.document import comparison_rows, number_text
from nianbao.portal.feedback.selectors import feedback_for_school, feedback_reports_of, latest_run
from nianbao.portal.feedback.services import feedback_run_start
from nianbao.portal.models import FeedbackRunStatus


@login_required
@require_http_methods(["GET", "POST"])
def feedback_runs(request):
    require(request.user, Action.MANAGE_CYCLES)
    cycle = cycle_from_request(request)
    if request.method == "POST":
        feedback_run_start(actor=request.user, cycle=cycle)
        messages.success(request, "已开始生成数据反馈报告，本页会显示进度。")
        return redirect(f"{request.path}?cycle={cycle.pk}")
    run = latest_run(cycle)
    context = paginate(request, feedback_reports_of(cycle))
    context.update(
        cycle=cycle,
        run=run,
        running=run is not None
        and run.status in (FeedbackRunStatus.PENDING, FeedbackRunStatus.RUNNING),
    )
    return render(request, "portal/feedback/runs.html", context)


@login_required
def feedback_report(request, school_id: int):
    cycle = cycle_from_request(request)
    school, report = feedback_for_school(request.user, school_id, cycle)
    context = {"cycle": cycle, "school": school, "report": report}
    if report is not None:
        figures = report.figures
        context["rows"] = comparison_rows(figures)
        context["trend"] = [
            (row["name"], [number_text(v) for v in figures["trend"][row["code"]]])
            for row in figures["rows"]
        ]
        context["years"] = figures["years"]
        context["percentiles"] = [
            (row["name"], round(row["province"]["percentile"]))
            for row in figures["rows"]
            if row["province"] and row["province"]["percentile"] is not None
        ]
    return render(request, "portal/feedback/report.html", context)


@login_required
def feedback_pdf(request, school_id: int):
    cycle = cycle_from_request(request)
    school, report = feedback_for_school(request.user, school_id, cycle)
    if report is None or not report.pdf:
        raise Http404("该校的数据反馈报告尚未生成。")
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=f"{school.name}{cycle.year}年度数据反馈报告.pdf",
    )
