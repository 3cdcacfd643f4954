"""批量导入 pages: upload (enqueues the dry run), progress + summary, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require
from nianbao.core.views import paginate
from nianbao.cycles.models import Cycle, CycleStatus
from nianbao.indicators import bulk
from nianbao.indicators.forms import BulkImportForm


@login_required
@require_http_methods(["GET", "POST"])
def bulk_import_list(request):
    require(request.user, Action.MANAGE_CYCLES)
    cycle = Cycle.objects.filter(status=CycleStatus.OPEN).order_by("-year").first()
    form = BulkImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if cycle is None:
            form.add_error(None, "当前没有编制中的年度，无法导入。")
        else:
            upload = form.cleaned_data["file"]
            try:
                job = bulk.bulk_import_start(
                    actor=request.user, cycle=cycle, name=upload.name, content=upload.read()
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, "文件已上传，正在检查（不会修改任何数据）。")
                return redirect("indicators:bulk-import-detail", pk=job.pk)
    context = {"form": form, "cycle": cycle}
    context.update(paginate(request, bulk.bulk_imports_visible_to(request.user), per_page=20))
    return render(request, "indicators/bulk_import_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def bulk_import_detail(request, pk: int):
    require(request.user, Action.MANAGE_CYCLES)
    job = bulk.bulk_imports_visible_to(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404("导入任务不存在。")
    if request.method == "POST":
        retry = request.POST.get("action") == "retry"
        try:
            if retry:
                bulk.bulk_import_retry(actor=request.user, job=job)
            else:
                bulk.bulk_import_confirm(actor=request.user, job=job)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已重新开始检查。" if retry else "已确认，正在导入。")
        return redirect("indicators:bulk-import-detail", pk=job.pk)
    schools = job.result.get("schools", [])
    if request.GET.get("only") == "bad":
        schools = [s for s in schools if not s["ok"]]
    return render(
        request,
        "indicators/bulk_import_detail.html",
        {
            "job": job,
            "schools": schools,
            "result": job.result,
            "stale": bulk.bulk_import_is_stale(job),
        },
    )
