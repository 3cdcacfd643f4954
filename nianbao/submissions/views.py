from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from nianbao.core.views import paginate
from nianbao.cycles.models import Cycle, ReportKind
from nianbao.portal.dashboards import days_left
from nianbao.submissions.choices import ReportStatus
from nianbao.submissions.selectors import report_for_view, reports_visible_to


@login_required
def report_list(request):
    g = request.GET
    cycle = Cycle.objects.filter(pk=g["cycle"]).first() if g.get("cycle", "").isdigit() else None
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
    )
    return render(request, "submissions/report_list.html", context)


@login_required
def report_detail(request, pk: int):
    report = report_for_view(request.user, pk)
    due = report.extended_until or report.cycle.deadline_for(report.kind)
    return render(
        request,
        "submissions/report_detail.html",
        {"report": report, "due_on": due, "days_left": days_left(due)},
    )
