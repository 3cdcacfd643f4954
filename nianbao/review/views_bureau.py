"""The bureaus' pages: the actionable overview with reminders and URL checks, 附件5 (the list a
city confirms) and 附件6, and the cycle's review settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require, user_can
from nianbao.core.views_exports import export_endpoint
from nianbao.cycles.selectors import cycle_from_request
from nianbao.organisations.choices import SchoolLevel
from nianbao.organisations.models import Organisation
from nianbao.reports.choices import ReportStatus
from nianbao.review import services
from nianbao.review.annex import scope_rows
from nianbao.review.export_jobs import FORMATS, SCOPE_LIST, URL_SUMMARY
from nianbao.review.models import ReviewSettings
from nianbao.review.overview import SORTS, overview, reports_behind
from nianbao.review.views import require_bureau, run_and_report

OVERVIEW_FILTERS = ("q", "status", "level", "city", "sort")


def _filters(data) -> dict:
    out = {k: data.get(k, "").strip() for k in OVERVIEW_FILTERS}
    out["behind"] = data.get("behind") == "1"
    out["sort"] = out["sort"] if out["sort"] in SORTS else "days"
    return out


@login_required
def overview_page(request):
    """进度总览: one row per report the bureau oversees, with filters, sorting and search."""
    require_bureau(request.user)
    cycle = cycle_from_request(request)
    filters = _filters(request.GET)
    data = overview(request.user, cycle, **filters)
    return render(
        request,
        "review/overview.html",
        {"cycle": cycle, "filters": filters, "statuses": ReportStatus.choices,
         "levels": SchoolLevel.choices, **data},
    )  # fmt: skip


def _bulk(request, call, done: str):
    """An action on the reports of the overview (催报, 网址检测), then back to the overview."""
    require_bureau(request.user)
    cycle = cycle_from_request(request)
    try:
        n = call(cycle)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done.format(n=n))
    return redirect(f"{reverse('review:overview')}?cycle={cycle.pk}")


@login_required
@require_POST
def remind(request):
    """催报: one action reminds every report behind among the rows the filters show."""
    filters = _filters(request.POST)
    return _bulk(request, lambda cycle: services.reminders_send(
        actor=request.user, reports=reports_behind(request.user, cycle, **filters)),
        "已催报 {n} 份年报（同一年报每天最多催报一次）。")  # fmt: skip


@login_required
@require_POST
def url_check(request):
    """Checks the publication URL of every report in scope, in the background."""
    return _bulk(request, lambda cycle: services.url_checks_request(
        actor=request.user, reports=[row.report for row in overview(request.user, cycle)["rows"]]),
        "已开始检测 {n} 个发布网址，结果显示在“网址”列。")  # fmt: skip


def _city(request, pk: int) -> Organisation:
    city = get_object_or_404(Organisation, pk=pk, kind="city")
    if not user_can(request.user, Action.RUN_VALIDATION, city):
        raise PermissionDenied("只有本市或省级管理员可以查看本市的名单。")
    return city


@login_required
def scope_list(request, pk: int):
    """附件5: the 中职 schools of the city that must report, confirmed (and locked) by the city."""
    city = _city(request, pk)
    cycle = cycle_from_request(request)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:  # the download, made in the background
        return export_endpoint(
            request, SCOPE_LIST, {"city_id": city.pk, "cycle_id": cycle.pk, "fmt": fmt}
        )
    must, exempt, confirmation = scope_rows(city, cycle)
    may_confirm = any(m.role == "city_admin" and m.organisation_id == city.pk
                      for m in request.user.memberships.filter(is_active=True))  # fmt: skip
    return render(request, "review/scope.html", {"city": city, "cycle": cycle, "must": must,
                  "exempt": exempt, "confirmation": confirmation, "may_confirm": may_confirm})  # fmt: skip


@login_required
@require_POST
def scope_confirm(request, pk: int):
    city = _city(request, pk)
    cycle = cycle_from_request(request)
    run_and_report(request, lambda: services.scope_confirm(actor=request.user, cycle=cycle, city=city),
         "报送名单已确认并锁定。")  # fmt: skip
    return redirect(f"{reverse('review:scope-list', args=[city.pk])}?cycle={cycle.pk}")


@login_required
def url_summary(request, pk: int):
    """附件6 年报公布网址汇总表 of a city."""
    city = _city(request, pk)
    cycle = cycle_from_request(request)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        raise Http404("只能导出 xlsx 或 docx。")
    return export_endpoint(
        request, URL_SUMMARY, {"city_id": city.pk, "cycle_id": cycle.pk, "fmt": fmt}
    )


@login_required
def settings_page(request):
    """审核设置 of a cycle (province): the enterprise-report quota and the review period."""
    require(request.user, Action.MANAGE_CYCLES)
    cycle = cycle_from_request(request)
    current = ReviewSettings.objects.filter(cycle=cycle).first() or ReviewSettings(cycle=cycle)
    if request.method == "POST":
        try:
            quota = int(request.POST.get("enterprise_quota", ""))
            days = int(request.POST.get("review_days", ""))
            by_school = {}
            for line in request.POST.get("quota_by_school", "").splitlines():
                if line.strip():
                    code, _, n = line.replace("，", ",").partition(",")
                    by_school[code.strip()] = int(n)
        except ValueError:
            messages.error(request, "请填写整数；按学校设置每行一条“学校代码,份数”。")
        else:
            if run_and_report(request, lambda: services.review_settings_save(
                    actor=request.user, cycle=cycle, enterprise_quota=quota,
                    quota_by_school=by_school, review_days=days), "审核设置已保存。"):  # fmt: skip
                return redirect(f"{reverse('review:settings')}?cycle={cycle.pk}")
    lines = "\n".join(f"{k},{v}" for k, v in current.enterprise_quota_by_school.items())
    return render(request, "review/settings.html",
                  {"cycle": cycle, "current": current, "quota_lines": lines})  # fmt: skip
