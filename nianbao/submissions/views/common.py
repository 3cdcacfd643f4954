"""Helpers shared by the report views."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect

from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, scope_q
from nianbao.organisations.models import Organisation

MAX_UPLOAD = 60 * 1024 * 1024


def _wants_json(request) -> bool:
    return request.headers.get("x-requested-with") == "fetch"


def _done(request, report, part: str | None, ok: str, call):
    """Runs `call`; on ApplicationError shows every reason. JSON for fetch requests."""
    try:
        result = call()
    except ApplicationError as exc:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": str(exc)}, status=exc.status)
        messages.error(request, str(exc))
        result = None
    else:
        if _wants_json(request):
            return JsonResponse({"ok": True, **(result if isinstance(result, dict) else {})})
        messages.success(request, ok)
    if part:
        return redirect("submissions:report-part", report.pk, part)
    return redirect("submissions:report-detail", report.pk)


def _upload(request, name: str) -> tuple[str, bytes]:
    f = request.FILES.get(name)
    if f is None:
        raise ApplicationError("请选择要上传的文件。")
    if f.size > MAX_UPLOAD:
        raise ApplicationError("文件过大。")
    return f.name, f.read()


def _schools_of(user):
    return Organisation.objects.filter(
        scope_q(user, Action.EDIT_ENTERPRISE_REPORT), kind="school"
    ).order_by("path")
