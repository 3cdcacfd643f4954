from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from nianbao.core.exceptions import ApplicationError
from nianbao.documents.exporting import export_request
from nianbao.documents.models import DocumentExport, ExportStatus
from nianbao.reports.context import report_page_context
from nianbao.reports.selectors import report_for_view


@login_required
def export_list(request, pk: int):
    report = report_for_view(request.user, pk)
    exports = DocumentExport.objects.filter(report=report).select_related("requested_by")[:20]
    return render(
        request, "documents/export_list.html", report_page_context(request, report, exports=exports)
    )


@login_required
@require_POST
def export_create(request, pk: int):
    report = report_for_view(request.user, pk)
    try:
        export_request(
            actor=request.user, report=report, file_format=request.POST.get("format", "")
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已开始导出，完成后可在下方下载。")
    return redirect("documents:export-list", report.pk)


def _export_for(request, export_id: int) -> DocumentExport:
    export = get_object_or_404(DocumentExport.objects.select_related("report"), pk=export_id)
    report_for_view(request.user, export.report_id)
    return export


@login_required
def export_status(request, export_id: int):
    export = _export_for(request, export_id)
    return JsonResponse(
        {
            "status": export.status,
            "label": export.get_status_display(),
            "error": export.error,
            "download": reverse("documents:export-download", args=[export.pk])
            if export.status == ExportStatus.DONE
            else None,
        }
    )


@login_required
def export_download(request, export_id: int):
    export = _export_for(request, export_id)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404("导出文件尚未生成。")
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename)
