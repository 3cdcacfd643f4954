"""Downloads of 附件2 and its covering letter (函), the city roll-up of 附件3 (city admins and
the province) and 附件3 (schools): GET shows the button, POST queues the file, which a
background task renders (`documents.progress_exports`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404

from nianbao.core.views_exports import export_endpoint
from nianbao.cycles.selectors import cycle_from_request
from nianbao.documents.progress_exports import (
    ENTERPRISE_REPORT_LIST,
    ENTERPRISE_ROLLUP,
    FORMATS,
    PROGRESS_LETTER,
    PROGRESS_SUMMARY,
)


def _format(request) -> str:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        raise Http404("只能导出 xlsx 或 docx。")
    return fmt


@login_required
def progress_summary(request, pk: int):
    """附件2 of one city: its bureau (市级管理员) or the province."""
    params = {"city_id": pk, "cycle_id": cycle_from_request(request).pk, "fmt": _format(request)}
    return export_endpoint(request, PROGRESS_SUMMARY, params)


@login_required
def progress_letter(request, pk: int):
    """The bureau's covering letter (函) with 附件2, as a Word draft."""
    params = {"city_id": pk, "cycle_id": cycle_from_request(request).pk}
    return export_endpoint(request, PROGRESS_LETTER, params)


@login_required
def enterprise_rollup(request, pk: int):
    """附件3 for the whole city: every school's enterprises."""
    params = {"city_id": pk, "cycle_id": cycle_from_request(request).pk, "fmt": _format(request)}
    return export_endpoint(request, ENTERPRISE_ROLLUP, params)


@login_required
def enterprise_report_list(request, pk: int):
    """附件3 of one school: the school's users, its city and the province."""
    params = {"school_id": pk, "cycle_id": cycle_from_request(request).pk, "fmt": _format(request)}
    return export_endpoint(request, ENTERPRISE_REPORT_LIST, params)
