from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from nianbao.core.exceptions import ApplicationError
from nianbao.core.params import id_param
from nianbao.core.permissions import Action, require, scope_q, user_can
from nianbao.core.views import paginate
from nianbao.core.views_exports import export_endpoint
from nianbao.cycles.models import Cycle
from nianbao.cycles.selectors import cycle_from_request
from nianbao.indicators.selectors import report_catalog
from nianbao.organisations.models import Organisation
from nianbao.reports.selectors import report_for_view
from nianbao.validation import selectors, services
from nianbao.validation.choices import KIND_LABELS, SEVERITY_LABELS
from nianbao.validation.export_jobs import SCOPE_FINDINGS
from nianbao.validation.models import FindingExplanation
from nianbao.validation.tasks import validate_scope


@login_required
def report_findings(request, pk: int):
    """All findings of one report, with explanations (school) and decisions (reviewer)."""
    report = report_for_view(request.user, pk)
    snapshot = None
    if report.status in ("submitted", "approved", "published"):
        snapshot = report.snapshots.order_by("-sequence").first()
    state = services.report_findings(
        report,
        refresh=request.GET.get("refresh") != "0",
        frozen=snapshot.validation_findings if snapshot else None,
    )
    needing = {f["rule_id"] for f in state.needing_explanation()}
    cells = _cell_links(report)
    rows = [
        {
            **f,
            "severity_label": SEVERITY_LABELS.get(f["severity"], f["severity"]),
            "kind_label": KIND_LABELS.get(f.get("kind", ""), "数据核对"),
            "cells": [cells[c] for c in f.get("indicators") or () if c in cells],
            "explanation": state.explanations.get(f["rule_id"]),
            "carried_forward": f["rule_id"] in state.carried_forward,
            "needs_explanation": f["rule_id"] in needing,
        }
        for f in state.findings
    ]
    return render(
        request,
        "validation/report_findings.html",
        {
            "report": report,
            "rows": rows,
            "counts": state.counts,
            "snapshot": snapshot,
            "can_explain": user_can(request.user, Action.EDIT_REPORT, report.organisation),
            "can_decide": user_can(request.user, Action.REVIEW, report.organisation),
            "blocking": len(state.errors) + len(needing),
            "needing": len(needing),
        },
    )


def _cell_links(report) -> dict[str, dict]:
    """Indicator code → its name and the data-entry cell (table page, row anchor)."""
    try:
        catalog = report_catalog(report)
    except ApplicationError:
        return {}
    return {
        code: {
            "name": spec.name,
            "url": reverse("indicators:table-entry", args=[report.pk, spec.table]) + f"#row-{code}",
        }
        for code, spec in catalog.indicators.items()
    }


@login_required
@require_POST
def explanation_save(request, pk: int):
    report = report_for_view(request.user, pk)
    try:
        services.explanation_save(
            actor=request.user,
            report=report,
            rule_id=request.POST.get("rule_id", ""),
            text=request.POST.get("text", ""),
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "说明已保存，待审核。")
    return redirect("validation:report-findings", report.pk)


@login_required
@require_POST
def explanation_decide(request, pk: int):
    explanation = get_object_or_404(FindingExplanation.objects.select_related("report"), pk=pk)
    report_for_view(request.user, explanation.report_id)
    try:
        services.explanation_decide(
            actor=request.user,
            explanation=explanation,
            accept=request.POST.get("decision") == "accept",
            note=request.POST.get("note", ""),
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
    return redirect("validation:report-findings", explanation.report_id)


def _scope_filters(request):
    g = request.GET
    return cycle_from_request(request), {
        "rule": g.get("rule", "").strip(),
        "kind": g.get("kind", "") if g.get("kind", "") in KIND_LABELS else "",
        "severity": g.get("severity", ""),
        "city_id": id_param(g.get("city")),
        "level": g.get("level", ""),
        "school": g.get("school", "").strip(),
    }


@login_required
def scope_findings(request):
    """One list of every finding in the admin's scope, filterable and exportable."""
    require(request.user, Action.RUN_VALIDATION)
    cycle, filters = _scope_filters(request)
    rows = selectors.finding_rows(request.user, cycle=cycle, **filters)
    cities = Organisation.objects.filter(scope_q(request.user, Action.RUN_VALIDATION), kind="city")
    counts = {s: sum(1 for r in rows if r.severity == s) for s in SEVERITY_LABELS}

    context = paginate(request, rows, per_page=100)
    context.update(
        cycle=cycle,
        cycles=Cycle.objects.order_by("-year"),
        cities=cities,
        counts=counts,
        severities=SEVERITY_LABELS,
        kinds=KIND_LABELS,
    )
    return render(request, "validation/scope_findings.html", context)


@login_required
@require_POST
def scope_run(request):
    require(request.user, Action.RUN_VALIDATION)

    cycle, _ = _scope_filters(request)
    result = validate_scope.enqueue(user_id=request.user.pk, cycle_id=cycle.pk)
    if result.is_finished:
        totals = result.return_value
        messages.success(
            request,
            f"已校验 {totals['reports']} 份年报：错误 {totals['error']} 条，预警 {totals['warning']} 条。",
        )
    else:
        messages.info(request, "校验已在后台运行，完成后刷新本页即可看到结果。")
    return redirect(f"{request.path.replace('run/', '')}?cycle={cycle.pk}")


@login_required
def scope_export(request):
    """The filtered list as Excel, built by the background worker (`validation.export_jobs`)."""
    require(request.user, Action.RUN_VALIDATION)
    cycle, filters = _scope_filters(request)
    params = {"user_id": request.user.pk, "cycle_id": cycle.pk, **filters}
    return export_endpoint(request, SCOPE_FINDINGS, params)
