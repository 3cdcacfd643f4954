"""企业年报 of a school and the in-platform notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from nianbao.core.exceptions import ApplicationError
from nianbao.core.views import paginate
from nianbao.cycles.models import ReportKind
from nianbao.cycles.selectors import current_cycle
from nianbao.organisations.models import Organisation
from nianbao.reports.selectors import (
    enterprises_of,
    notifications_for,
    report_submitters,
    reports_visible_to,
)
from nianbao.submissions import services
from nianbao.submissions.views.common import _schools_of


@login_required
def enterprise_reports(request):
    """企业年报: a school's partner enterprises, their reports in the current cycle, and creation."""
    schools = list(_schools_of(request.user))
    cycle = current_cycle()
    if not schools:
        return _enterprise_contact_page(request, cycle)
    if request.method == "POST" and cycle is not None:
        enterprise = Organisation.objects.filter(
            pk=request.POST.get("enterprise") or 0, parent__in=schools, kind="enterprise"
        ).first()
        if enterprise is None:
            messages.error(request, "请选择本校的合作企业。")
        else:
            try:
                report = services.enterprise_report_create(
                    actor=request.user, cycle=cycle, school=enterprise.parent, enterprise=enterprise
                )
            except ApplicationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已创建《{report.title}》。")
                return redirect("submissions:report-detail", report.pk)
    enterprises = Organisation.objects.filter(parent__in=schools, kind="enterprise").order_by(
        "name"
    )
    existing = _enterprise_reports(request.user, cycle)
    rows = [{"enterprise": e, "report": existing.get(e.pk)} for e in enterprises]
    return render(
        request,
        "submissions/enterprise_reports.html",
        {"rows": rows, "cycle": cycle, "schools": schools, "can_create": True},
    )


def _enterprise_reports(user, cycle) -> dict:
    """The cycle's enterprise reports the user can see, by enterprise id."""
    if cycle is None:
        return {}
    return {
        r.organisation_id: r
        for r in reports_visible_to(user, cycle=cycle).filter(kind=ReportKind.ENTERPRISE)
    }


def _enterprise_contact_page(request, cycle):
    """An enterprise contact sees their own enterprise's report and who submits it."""
    enterprises = list(enterprises_of(request.user))
    if not enterprises:
        raise PermissionDenied(
            "企业年报页面供学校用户和合作企业联系人使用；您的账号没有学校或企业角色。"
        )
    reports = _enterprise_reports(request.user, cycle)
    rows = []
    for e in enterprises:
        report = reports.get(e.pk)
        rows.append(
            {
                "enterprise": e,
                "report": report,
                "submitters": report_submitters(report) if report else [],
            }
        )
    return render(
        request,
        "submissions/enterprise_reports.html",
        {"rows": rows, "cycle": cycle, "schools": [], "can_create": False, "contact": True},
    )


@login_required
def notification_list(request):
    context = paginate(request, notifications_for(request.user))
    return render(request, "submissions/notification_list.html", context)


@login_required
@require_POST
def notification_read(request):
    services.notifications_mark_read(user=request.user)
    messages.success(request, "通知已全部标为已读。")
    return redirect("submissions:notification-list")
