"""The report list, the report overview, the authoring mode and the checker run."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from nianbao.core.params import id_param
from nianbao.core.permissions import Action, user_can
from nianbao.core.views import paginate
from nianbao.cycles.models import Cycle, ReportKind
from nianbao.documents.builder import part_items
from nianbao.reports.choices import AuthoringMode, ReportStatus
from nianbao.reports.context import report_page_context
from nianbao.reports.models import (
    AuthenticityDeclaration,
    ReportFile,
    ReportSnapshot,
)
from nianbao.reports.selectors import (
    report_for_view,
    report_for_write,
    reports_visible_to,
)
from nianbao.reports.text import (
    count_chars,
)
from nianbao.submissions import services, tasks
from nianbao.submissions.services.authoring import ITEM_MODELS
from nianbao.submissions.views.common import _done, _schools_of


@login_required
def report_list(request):
    g = request.GET
    cycle_id = id_param(g.get("cycle"))
    cycle = Cycle.objects.filter(pk=cycle_id).first() if cycle_id else None
    qs = reports_visible_to(request.user, cycle=cycle)
    if g.get("kind"):
        qs = qs.filter(kind=g["kind"])
    if g.get("status"):
        qs = qs.filter(status=g["status"])
    if g.get("q"):
        qs = qs.filter(title__icontains=g["q"].strip())
    context = paginate(request, qs)
    context.update(
        cycles=Cycle.objects.order_by("-year"),
        kinds=ReportKind.choices,
        statuses=ReportStatus.choices,
        can_create_enterprise=user_can(request.user, Action.EDIT_ENTERPRISE_REPORT)
        and _schools_of(request.user).exists(),
    )
    return render(request, "submissions/report_list.html", context)


@login_required
def report_detail(request, pk: int):
    report = report_for_view(request.user, pk)

    items = part_items(report)
    part_rows = []
    for part in report.framework_parts:
        entries = items.get(part.code, [])
        counts = {k: sum(1 for kind, _ in entries if kind == k) for k in ITEM_MODELS}
        words = sum(count_chars(obj.body) for kind, obj in entries if kind in ("section", "case"))
        part_rows.append({"part": part, "counts": counts, "words": words})
    declaration = AuthenticityDeclaration.objects.filter(report=report).first()
    return render(
        request,
        "submissions/report_overview.html",
        report_page_context(
            request,
            report,
            part_rows=part_rows,
            declaration=declaration,
            report_file=ReportFile.objects.filter(report=report).first(),
            checker=services.checker_summary(report.checker_findings or []),
            url_warning=services.publication_url_warning(report, report.publication_url),
            snapshots=ReportSnapshot.objects.filter(report=report).order_by("-sequence"),
            modes=AuthoringMode.choices,
        ),
    )


@login_required
@require_POST
def report_mode(request, pk: int):
    report = report_for_write(request.user, pk)
    return _done(
        request,
        report,
        None,
        "编写方式已切换。",
        lambda: (
            services.authoring_mode_set(
                actor=request.user, report=report, mode=request.POST.get("mode", "")
            )
            and None
        ),
    )


@login_required
@require_POST
def report_check(request, pk: int):
    report = report_for_write(request.user, pk)
    tasks.check_report.enqueue(report_id=report.pk)
    messages.success(request, "年报体检已开始，完成后刷新本页即可看到结果。")
    return redirect("submissions:report-detail", report.pk)
