"""Pages of the rankings: committee pages (lists, anomaly worklist, verification record,
candidates, 公示 and objections, final list, exports) and each school's own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from nianbao.core.exceptions import ApplicationError
from nianbao.core.views_exports import export_endpoint
from nianbao.cycles.selectors import cycle_from_request, cycles_list
from nianbao.rankings import export_jobs, exports, selectors, services
from nianbao.rankings.forms import (
    NoticeForm,
    ObjectionDecisionForm,
    ObjectionForm,
    VerificationForm,
    first_error,
)
from nianbao.rankings.models import Objection
from nianbao.rankings.permissions import (
    can_manage,
    is_committee,
    require_committee,
    require_manage,
)
from nianbao.rankings.tasks import rankings_recompute
from nianbao.rankings.views_context import anomaly_rows, indicator_rows, ranked_rows
from nianbao.reports.models import Report


@login_required
def index(request):
    cycle = selectors.ranking_cycle_from_request(request)
    committee = is_committee(request.user)
    return render(
        request,
        "rankings/index.html",
        {
            "cycle": cycle,
            "cycles": cycles_list(),
            "committee": committee,
            "can_manage": can_manage(request.user),
            "rankings": selectors.rankings_for_committee(request.user, cycle) if committee else [],
            "own": selectors.school_rows_for(request.user, cycle),
        },
    )


@login_required
@require_POST
def compute(request):
    require_committee(request.user)
    cycle = cycle_from_request(request)
    result = rankings_recompute.enqueue(user_id=request.user.pk, cycle_id=cycle.pk)
    if result.is_finished:
        messages.success(request, f"已计算 {result.return_value} 个榜单。")
    else:
        messages.info(request, "榜单正在后台计算，完成后刷新本页即可看到结果。")
    return redirect(f"{request.path.replace('compute/', '')}?cycle={cycle.pk}")


@login_required
def detail(request, pk: int):
    ranking = selectors.ranking_for_committee(request.user, pk)
    return render(
        request,
        "rankings/detail.html",
        {
            "ranking": ranking,
            "rows": ranked_rows(ranking),
            "excluded": [s for s in ranking.result.get("schools", ()) if s["excluded"]],
            "indicators": indicator_rows(ranking),
            "pending": len(services.unverified(ranking)),
            "can_manage": can_manage(request.user),
            "notice_form": NoticeForm(),
        },
    )


@login_required
def anomalies(request, pk: int):
    ranking = selectors.ranking_for_committee(request.user, pk)
    rows = anomaly_rows(ranking, selectors.verifications_for(ranking))
    if request.GET.get("show") != "all":
        rows = [r for r in rows if r["verification"] is None]
    return render(request, "rankings/anomalies.html", {"ranking": ranking, "rows": rows})


@login_required
def verifications(request, pk: int):
    ranking = selectors.ranking_for_committee(request.user, pk)
    names = ranking.result.get("names", {})
    rows = [(v, names.get(v.code, v.code)) for v in selectors.verifications_for(ranking)]
    return render(request, "rankings/verifications.html", {"ranking": ranking, "rows": rows})


@login_required
@require_POST
def verify(request, pk: int):
    ranking = selectors.ranking_for_committee(request.user, pk)
    form = VerificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("rankings:anomalies", ranking.pk)
    keys = {s["key"] for s in ranking.result.get("schools", ())}
    report = get_object_or_404(Report, pk=form.cleaned_data["report"], pk__in=keys)
    try:
        services.verification_record(
            actor=request.user,
            report=report,
            code=form.cleaned_data["code"],
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, f"已记录 {report.organisation.name} 的核实结论，榜单已重新计算。")
    except ApplicationError as exc:
        messages.error(request, str(exc))
    return redirect("rankings:anomalies", ranking.pk)


def _manage_post(request, pk: int, action, success: str):
    require_manage(request.user)
    ranking = selectors.ranking_for_committee(request.user, pk)
    try:
        action(ranking)
        messages.success(request, success)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    return ranking


@login_required
@require_POST
def notice(request, pk: int):
    require_manage(request.user)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        selectors.ranking_for_committee(request.user, pk)
        messages.error(request, first_error(form))
        return redirect("rankings:detail", pk)
    _manage_post(
        request,
        pk,
        lambda r: services.ranking_notice_start(actor=request.user, ranking=r, **form.cleaned_data),
        "候选名单已进入公示。",
    )
    return redirect("rankings:final", pk)


@login_required
@require_POST
def notice_withdraw(request, pk: int):
    _manage_post(
        request,
        pk,
        lambda r: services.ranking_notice_withdraw(actor=request.user, ranking=r),
        "公示已撤回，榜单回到核实阶段。",
    )
    return redirect("rankings:detail", pk)


@login_required
@require_POST
def objection_add(request, pk: int):
    require_manage(request.user)
    ranking = selectors.ranking_for_committee(request.user, pk)
    form = ObjectionForm(request.POST, candidates=ranking.candidates)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("rankings:final", pk)
    _manage_post(
        request,
        pk,
        lambda r: services.objection_record(
            actor=request.user,
            ranking=r,
            report_id=form.cleaned_data["report"],
            received_on=form.cleaned_data["received_on"],
            text=form.cleaned_data["text"],
        ),
        "异议已登记。",
    )
    return redirect("rankings:final", pk)


@login_required
@require_POST
def objection_decide(request, pk: int):
    require_manage(request.user)
    objection = get_object_or_404(Objection, pk=pk)
    form = ObjectionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        _manage_post(
            request,
            objection.ranking_id,
            lambda r: services.objection_decide(
                actor=request.user, objection=objection, **form.cleaned_data
            ),
            "异议处理结论已记录。",
        )
    return redirect("rankings:final", objection.ranking_id)


@login_required
@require_POST
def confirm(request, pk: int):
    _manage_post(
        request,
        pk,
        lambda r: services.ranking_confirm(actor=request.user, ranking=r),
        "名单已确定。",
    )
    return redirect("rankings:final", pk)


@login_required
def final(request, pk: int):
    ranking = selectors.ranking_for_committee(request.user, pk)
    kind, rows = exports.published_rows(ranking)
    return render(
        request,
        "rankings/final.html",
        {
            "ranking": ranking,
            "kind": kind,
            "rows": rows,
            "objections": selectors.objections_for(ranking),
            "can_manage": can_manage(request.user),
            "objection_form": ObjectionForm(candidates=ranking.candidates),
            "decision_form": ObjectionDecisionForm(),
        },
    )


@login_required
def export_xlsx(request, pk: int):
    return export_endpoint(request, export_jobs.RANKING_XLSX, {"ranking_id": pk})


@login_required
def export_docx(request, pk: int):
    return export_endpoint(request, export_jobs.RANKING_DOCX, {"ranking_id": pk})


@login_required
def school(request, pk: int, report_pk: int):
    page = selectors.ranking_school_page(request.user, pk, report_pk)
    return render(
        request,
        "rankings/school.html",
        {
            "page": page,
            "ranking": page.ranking,
            "row": page.row,
            "cells": indicator_rows(page.ranking, page.row),
            "committee": is_committee(request.user),
        },
    )
