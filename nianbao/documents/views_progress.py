"""Downloads of 附件2 and its covering letter (函), the city roll-up of 附件3 (city admins and
the province) and 附件3 (schools). File names in Chinese with the organisation and the year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from nianbao.core.permissions import Action, user_can
from nianbao.cycles.selectors import cycle_from_request
from nianbao.documents import progress_forms
from nianbao.documents.render import (
    render_enterprise_report_list_docx,
    render_enterprise_report_list_xlsx,
    render_progress_summary_docx,
    render_progress_summary_xlsx,
)
from nianbao.documents.render.progress import (
    render_form_docx,
    render_form_xlsx,
    render_progress_letter_docx,
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
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    return response


def _city_for_bureau(request, pk: int) -> Organisation:
    city = _organisation(pk, "city")
    if not user_can(request.user, Action.RUN_VALIDATION, city):
        raise PermissionDenied("只有本市或省级管理员可以导出本市的报送情况。")
    return city


def _name(org: Organisation) -> str:
    return org.short_name or org.name


@login_required
def progress_summary(request, pk: int):
    """附件2 of one city: its bureau (市级管理员) or the province."""
    city = _city_for_bureau(request, pk)
    cycle, fmt = _cycle_and_format(request)
    summary = progress_forms.progress_summary_for(city, cycle)
    exempt = progress_forms.progress_exempt_for(city, cycle)
    render = render_progress_summary_xlsx if fmt == "xlsx" else render_progress_summary_docx
    return _download(
        render(summary, exempt), fmt, f"附件2_{_name(city)}{cycle.year}年度年报报送及发布情况"
    )


@login_required
def progress_letter(request, pk: int):
    """The bureau's covering letter (函) with 附件2, as a Word draft."""
    city = _city_for_bureau(request, pk)
    cycle = cycle_from_request(request)
    summary = progress_forms.progress_summary_for(city, cycle)
    exempt = progress_forms.progress_exempt_for(city, cycle)
    letter = progress_forms.progress_letter_for(city, cycle, summary, timezone.localdate())
    return _download(
        render_progress_letter_docx(letter, summary, exempt),
        "docx",
        f"{_name(city)}{cycle.year}年度年报编制发布和报送情况的函（含附件2）",
    )


@login_required
def enterprise_rollup(request, pk: int):
    """附件3 for the whole city: every school's enterprises."""
    city = _city_for_bureau(request, pk)
    cycle, fmt = _cycle_and_format(request)
    form = progress_forms.enterprise_rollup_for(city, cycle)
    content = render_form_xlsx(form, "附件3") if fmt == "xlsx" else render_form_docx(form)
    return _download(content, fmt, f"附件3_{_name(city)}{cycle.year}年度企业年报名单汇总")


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
    return _download(render(listing), fmt, f"附件3_{school.name}{cycle.year}年度企业年报名单")
