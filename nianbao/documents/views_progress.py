"""Downloads of 附件2 (city admins and the province) and 附件3 (schools)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from nianbao.core.permissions import Action, user_can
from nianbao.cycles.selectors import cycle_from_request
from nianbao.documents import progress_forms
from nianbao.documents.render import (
    render_enterprise_report_list_docx,
    render_enterprise_report_list_xlsx,
    render_progress_summary_docx,
    render_progress_summary_xlsx,
)
from nianbao.organisations.models import Organisation

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _cycle_and_format(request):
    cycle = cycle_from_request(request)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        raise Http404("只能导出 xlsx 或 docx。")
    return cycle, fmt


def _organisation(pk: int, kind: str) -> Organisation:
    org = Organisation.objects.filter(pk=pk, kind=kind).first()
    if org is None:
        raise Http404("机构不存在。")
    return org


def _download(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
def progress_summary(request, pk: int):
    """附件2 of one city: its bureau (市级管理员) or the province."""
    city = _organisation(pk, "city")
    if not user_can(request.user, Action.RUN_VALIDATION, city):
        raise PermissionDenied("只有本市或省级管理员可以导出附件2。")
    cycle, fmt = _cycle_and_format(request)
    summary = progress_forms.progress_summary_for(city, cycle)
    render = render_progress_summary_xlsx if fmt == "xlsx" else render_progress_summary_docx
    return _download(render(summary), fmt, f"progress-summary-{city.code}-{cycle.year}")


@login_required
def enterprise_report_list(request, pk: int):
    """附件3 of one school: the school's users, its city and the province."""
    school = _organisation(pk, "school")
    if not user_can(request.user, Action.VIEW, school) or not (
        user_can(request.user, Action.EDIT_REPORT, school)
        or user_can(request.user, Action.RUN_VALIDATION, school)
    ):
        raise PermissionDenied("只有本校、本市或省级管理员可以导出附件3。")
    cycle, fmt = _cycle_and_format(request)
    listing = progress_forms.enterprise_report_list_for(school, cycle)
    render = (
        render_enterprise_report_list_xlsx if fmt == "xlsx" else render_enterprise_report_list_docx
    )
    return _download(render(listing), fmt, f"enterprise-reports-{school.code}-{cycle.year}")
