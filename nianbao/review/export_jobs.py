"""附件5 (the city's list of 中职 schools that must report) and 附件6 (publication URLs) as
background downloads (core.exports) for the city's bureau and the province."""

from __future__ import annotations

from django.http import Http404

from nianbao.core.exports import DOCX, XLSX, register_export
from nianbao.core.permissions import Action, user_can
from nianbao.cycles.models import Cycle
from nianbao.documents.render.progress import render_form_docx, render_form_xlsx
from nianbao.organisations.models import Organisation
from nianbao.review.annex import scope_form, url_summary_form

__all__ = ["SCOPE_LIST", "URL_SUMMARY", "FORMATS", "register"]

SCOPE_LIST = "review.scope_list"
URL_SUMMARY = "review.url_summary"
FORMATS = {"xlsx": XLSX, "docx": DOCX}


def _city(city_id: int) -> Organisation:
    city = Organisation.objects.filter(pk=city_id, kind="city").first()
    if city is None:
        raise Http404("机构不存在。")
    return city


def can_export(user, *, city_id: int, **_params) -> bool:
    return user_can(user, Action.RUN_VALIDATION, _city(city_id))


def _render(form, fmt: str, filename: str):
    content = (
        render_form_xlsx(form, form.attachment_label) if fmt == "xlsx" else render_form_docx(form)
    )
    return content, f"{filename}.{fmt}", FORMATS[fmt]


def _city_and_cycle(city_id: int, cycle_id: int):
    cycle = Cycle.objects.filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404("年度不存在。")
    city = _city(city_id)
    return city, cycle, city.short_name or city.name


def render_scope_list(*, city_id: int, cycle_id: int, fmt: str):
    city, cycle, name = _city_and_cycle(city_id, cycle_id)
    return _render(
        scope_form(city, cycle), fmt, f"附件5_{name}{cycle.year}年度报送年报中职学校名单"
    )


def render_url_summary(*, city_id: int, cycle_id: int, fmt: str):
    city, cycle, name = _city_and_cycle(city_id, cycle_id)
    return _render(
        url_summary_form(city, cycle), fmt, f"附件6_{name}{cycle.year}年度年报公布网址汇总表"
    )


def register() -> None:
    denied = "只有本市或省级管理员可以查看本市的名单。"
    register_export(
        SCOPE_LIST,
        label="附件5 报送年报中职学校名单",
        can_request=can_export,
        render=render_scope_list,
        denied=denied,
    )
    register_export(
        URL_SUMMARY,
        label="附件6 年报公布网址汇总表",
        can_request=can_export,
        render=render_url_summary,
        denied=denied,
    )
