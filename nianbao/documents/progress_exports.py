"""附件2, its covering letter (函), the city roll-up of 附件3 and a school's 附件3 as background
downloads (core.exports): who may ask for each, and its renderer. File names in Chinese with
the organisation and the year."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from nianbao.core.exports import DOCX, XLSX, register_export
from nianbao.core.permissions import Action, user_can
from nianbao.cycles.models import Cycle
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

__all__ = [
    "PROGRESS_SUMMARY",
    "PROGRESS_LETTER",
    "ENTERPRISE_ROLLUP",
    "ENTERPRISE_REPORT_LIST",
    "FORMATS",
    "register",
]

PROGRESS_SUMMARY = "documents.progress_summary"
PROGRESS_LETTER = "documents.progress_letter"
ENTERPRISE_ROLLUP = "documents.enterprise_rollup"
ENTERPRISE_REPORT_LIST = "documents.enterprise_report_list"
FORMATS = {"xlsx": XLSX, "docx": DOCX}
CITY_DENIED = "只有本市或省级管理员可以导出本市的报送情况。"
SCHOOL_DENIED = "只有本校、本市或省级管理员可以导出附件3。"


def organisation(pk: int, kind: str) -> Organisation:
    org = Organisation.objects.filter(pk=pk, kind=kind).first()
    if org is None:
        raise Http404("机构不存在。")
    return org


def _cycle(pk: int) -> Cycle:
    cycle = Cycle.objects.filter(pk=pk).first()
    if cycle is None:
        raise Http404("年度不存在。")
    return cycle


def _name(org: Organisation) -> str:
    return org.short_name or org.name


def can_export_city(user, *, city_id: int, **_params) -> bool:
    return user_can(user, Action.RUN_VALIDATION, organisation(city_id, "city"))


def can_export_school(user, *, school_id: int, **_params) -> bool:
    school = organisation(school_id, "school")
    return user_can(user, Action.VIEW, school) and (
        user_can(user, Action.EDIT_REPORT, school) or user_can(user, Action.RUN_VALIDATION, school)
    )


def render_progress_summary(*, city_id: int, cycle_id: int, fmt: str):
    """附件2 of one city."""
    city, cycle = organisation(city_id, "city"), _cycle(cycle_id)
    summary = progress_forms.progress_summary_for(city, cycle)
    exempt = progress_forms.progress_exempt_for(city, cycle)
    render = render_progress_summary_xlsx if fmt == "xlsx" else render_progress_summary_docx
    name = f"附件2_{_name(city)}{cycle.year}年度年报报送及发布情况.{fmt}"
    return render(summary, exempt), name, FORMATS[fmt]


def render_progress_letter(*, city_id: int, cycle_id: int):
    """The bureau's covering letter (函) with 附件2, as a Word draft dated the day it is made."""
    city, cycle = organisation(city_id, "city"), _cycle(cycle_id)
    summary = progress_forms.progress_summary_for(city, cycle)
    exempt = progress_forms.progress_exempt_for(city, cycle)
    letter = progress_forms.progress_letter_for(city, cycle, summary, timezone.localdate())
    name = f"{_name(city)}{cycle.year}年度年报编制发布和报送情况的函（含附件2）.docx"
    return render_progress_letter_docx(letter, summary, exempt), name, DOCX


def render_enterprise_rollup(*, city_id: int, cycle_id: int, fmt: str):
    """附件3 for the whole city: every school's enterprises."""
    city, cycle = organisation(city_id, "city"), _cycle(cycle_id)
    form = progress_forms.enterprise_rollup_for(city, cycle)
    content = render_form_xlsx(form, "附件3") if fmt == "xlsx" else render_form_docx(form)
    return content, f"附件3_{_name(city)}{cycle.year}年度企业年报名单汇总.{fmt}", FORMATS[fmt]


def render_enterprise_report_list(*, school_id: int, cycle_id: int, fmt: str):
    """附件3 of one school."""
    school, cycle = organisation(school_id, "school"), _cycle(cycle_id)
    listing = progress_forms.enterprise_report_list_for(school, cycle)
    render = (
        render_enterprise_report_list_xlsx if fmt == "xlsx" else render_enterprise_report_list_docx
    )
    name = f"附件3_{school.name}{cycle.year}年度企业年报名单.{fmt}"
    return render(listing), name, FORMATS[fmt]


def register() -> None:
    register_export(
        PROGRESS_SUMMARY,
        label="附件2 各级年报和企业年报的报送及发布情况",
        can_request=can_export_city,
        render=render_progress_summary,
        denied=CITY_DENIED,
    )
    register_export(
        PROGRESS_LETTER,
        label="年报编制发布和报送情况的函（含附件2）",
        can_request=can_export_city,
        render=render_progress_letter,
        denied=CITY_DENIED,
    )
    register_export(
        ENTERPRISE_ROLLUP,
        label="附件3 发布企业年报的职业学校和企业名单（汇总）",
        can_request=can_export_city,
        render=render_enterprise_rollup,
        denied=CITY_DENIED,
    )
    register_export(
        ENTERPRISE_REPORT_LIST,
        label="附件3 发布企业年报的职业学校和企业名单",
        can_request=can_export_school,
        render=render_enterprise_report_list,
        denied=SCHOOL_DENIED,
    )
