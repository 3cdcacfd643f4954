"""Pages of background downloads (文件导出): an app's export URL shows a button on GET and
queues the file on POST (`export_endpoint`); the status page reloads until the file is ready;
the download serves the stored file to its requester only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from nianbao.core.exports import export_kind, file_export_for_requester, require_export_permission
from nianbao.core.models import FileExportStatus
from nianbao.core.services import STALE_AFTER, file_export_request

__all__ = ["export_endpoint", "export_status", "export_download"]


def _safe(request, url: str) -> str:
    ok = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and ok else ""


def export_endpoint(request, kind: str, params: dict):
    """The body of an app's export view: GET shows what will be made and a button (a bookmark
    of the old download link still leads somewhere); POST queues it and shows its status."""
    spec = export_kind(kind)
    if request.method != "POST":
        require_export_permission(request.user, spec, params)
        back = _safe(request, request.META.get("HTTP_REFERER", ""))
        return render(request, "core/export_request.html", {"kind": spec, "back_url": back})
    export = file_export_request(
        actor=request.user,
        kind=kind,
        params=params,
        request_url=request.get_full_path(),
        back_url=_safe(request, request.POST.get("next", ""))
        or _safe(request, request.META.get("HTTP_REFERER", "")),
    )
    return redirect("core:export-status", pk=export.pk)


@login_required
@require_GET
def export_status(request, pk: int):
    export = file_export_for_requester(request.user, pk)
    pending = export.status in (FileExportStatus.PENDING, FileExportStatus.RUNNING)
    stale = pending and timezone.now() - export.created_at > STALE_AFTER
    return render(
        request,
        "core/export_status.html",
        {
            "export": export,
            "label": export_kind(export.kind).label,
            "pending": pending,
            "stale": stale,
        },
    )


@login_required
@require_GET
def export_download(request, pk: int):
    export = file_export_for_requester(request.user, pk)
    if export.status != FileExportStatus.DONE or not export.file:
        raise Http404("文件尚未生成或已过期，请重新导出。")
    try:
        handle = export.file.open("rb")
    except OSError:
        raise Http404("文件已过期，请重新导出。") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=export.filename,
        content_type=export.content_type or None,
    )
