from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from nianbao.aggregation.cases import case_library, case_pick
from nianbao.aggregation.documents import bureau_report
from nianbao.aggregation.selectors import region_report_runs_for, region_run_for
from nianbao.aggregation.services import (
    bureau_report_ensure,
    region_outline_create,
    region_report_request,
)
from nianbao.core.exceptions import ApplicationError
from nianbao.documents.models import ExportStatus


def _freshness(runs: list) -> dict | None:
    """Whether the newest generated files show the data as it stands (runs newest first):
    the newest finished run, whether it is out of date, a newer run queued or running, and a
    newer run that failed. None when the report was never generated."""
    done = next((run for run in runs if run.status == ExportStatus.DONE), None)
    if done is None:
        return None
    newer = runs[: runs.index(done)]
    active = (ExportStatus.PENDING, ExportStatus.RUNNING)
    return {
        "done": done,
        "stale": done.data_changed_at is not None,
        "regenerating": next((run for run in newer if run.status in active), None),
        "failed": newer[0] if newer and newer[0].status == ExportStatus.FAILED else None,
    }


@login_required
def region_report(request, pk: int, year: int):
    organisation, cycle, runs = region_report_runs_for(request.user, pk, year)
    context = {
        "organisation": organisation,
        "cycle": cycle,
        "runs": runs,
        "freshness": _freshness(runs),
        "bureau_report": bureau_report(organisation, cycle),
    }
    return render(request, "aggregation/region_report.html", context)


@login_required
@require_POST
def region_report_generate(request, pk: int, year: int):
    organisation, cycle, _ = region_report_runs_for(request.user, pk, year)
    try:
        region_report_request(actor=request.user, organisation=organisation, cycle=cycle)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已开始生成，页面会显示进度。")
    return redirect("aggregation:region-report", pk, year)


@login_required
@require_POST
def region_outline(request, pk: int, year: int):
    organisation, cycle, _ = region_report_runs_for(request.user, pk, year)
    try:
        report = bureau_report_ensure(actor=request.user, organisation=organisation, cycle=cycle)
        added = region_outline_create(actor=request.user, report=report)
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect("aggregation:region-report", pk, year)
    messages.success(
        request, f"已生成编写提纲（{added} 个小节），请逐节撰写；未撰写的小节不会出现在年报中。"
    )
    return redirect("submissions:report-detail", report.pk)


@login_required
def region_report_status(request, run_id: int):
    run = region_run_for(request.user, run_id)
    return JsonResponse(
        {"status": run.status, "progress": run.progress, "step": run.step, "error": run.error}
    )


@login_required
def region_report_download(request, run_id: int, fmt: str):
    run = region_run_for(request.user, run_id)
    field = {"docx": run.docx, "pdf": run.pdf}.get(fmt)
    if run.status != ExportStatus.DONE or not field:
        raise Http404("文件尚未生成。")
    name = f"{run.organisation.name}{run.cycle.year}年度质量年报.{fmt}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@login_required
def region_cases(request, pk: int, year: int):
    organisation, cycle, _ = region_report_runs_for(request.user, pk, year)
    part = request.GET.get("part", "")
    query = request.GET.get("q", "")[:100]
    report = bureau_report(organisation, cycle)
    parts = cycle.framework.parts("school")
    names = {p.code: p.name for p in parts}
    cases = case_library(organisation, cycle, part_code=part, query=query)[:200]
    context = {
        "organisation": organisation,
        "cycle": cycle,
        "bureau_report": report,
        "parts": parts,
        "part": part,
        "q": query,
        "cases": [(case, names.get(case.part_code, case.part_code)) for case in cases],
    }
    return render(request, "aggregation/region_cases.html", context)


@login_required
@require_POST
def region_case_pick(request, pk: int, year: int, case_id: int):
    organisation, cycle, _ = region_report_runs_for(request.user, pk, year)
    case = get_object_or_404(case_library(organisation, cycle), pk=case_id)
    try:
        report = bureau_report_ensure(actor=request.user, organisation=organisation, cycle=cycle)
        case_pick(actor=request.user, report=report, case=case)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已选入本单位年报，可在年报的对应部分调整顺序。")
    return redirect("aggregation:region-cases", pk, year)
