"""辽宁's 附件5 报送年报中职学校名单 (the list a city confirms) and 附件6 年报公布网址汇总表, as
forms for the notice renderers."""

from __future__ import annotations

from nianbao.documents.render.progress import Form, FormRow
from nianbao.organisations.models import Organisation
from nianbao.reports.models import Report
from nianbao.review.models import ScopeConfirmation, UrlCheck

__all__ = ["scope_form", "scope_rows", "url_summary_form"]

URL_STATUS = {"reachable": "可访问", "unreachable": "无法访问", "differs": "内容与提交文件不一致",
              "pending": "检测中"}  # fmt: skip


def scope_rows(
    city: Organisation, cycle
) -> tuple[list[dict], list[dict], ScopeConfirmation | None]:
    """(must report, exempt, confirmation): the confirmed list once confirmed, else the live one."""
    confirmation = ScopeConfirmation.objects.filter(cycle=cycle, city=city).first()
    if confirmation is not None:
        return confirmation.schools, confirmation.exempt, confirmation
    schools = (
        Organisation.objects.filter(kind="school", level="secondary", path__startswith=city.path)
        .active_during(cycle.data_period_start, cycle.data_period_end)
        .order_by("name")
    )
    must = [{"id": s.pk, "code": s.code, "name": s.name} for s in schools if s.must_file_report]
    exempt = [
        {"id": s.pk, "code": s.code, "name": s.name, "reason": s.get_exemption_reason_display()}
        for s in schools
        if not s.must_file_report
    ]
    return must, exempt, None


def scope_form(city: Organisation, cycle) -> Form:
    must, exempt, confirmation = scope_rows(city, cycle)
    rows = [FormRow((str(i), s["name"], s["code"], "是", "")) for i, s in enumerate(must, 1)]
    rows += [
        FormRow((str(i), s["name"], s["code"], "否", s["reason"]))
        for i, s in enumerate(exempt, len(must) + 1)
    ]
    rows.append(
        FormRow(("合计", "", f"须报送 {len(must)} 所", "", f"不报送 {len(exempt)} 所"), total=True)
    )
    note = (
        (f"已于 {confirmation.confirmed_at:%Y-%m-%d %H:%M} 由 {confirmation.confirmed_by} 确认。",)
        if confirmation
        else ("（尚未确认）",)
    )
    return Form("附件5", "报送年报中职学校名单", f"地市名称：{city.short_name or city.name}",
                ("序号", "学校名称", "学校代码", "是否报送年报", "备注（不报送原因）"),
                tuple(rows), (1.4, 8.0, 3.0, 2.6, 5.0), landscape=False, notes=note)  # fmt: skip


def url_summary_form(city: Organisation, cycle) -> Form:
    """附件6: the city's report and its schools' (both levels) with their publication URLs."""
    reports = list(
        Report.objects.filter(cycle=cycle, organisation__path__startswith=city.path)
        .exclude(kind__in=("enterprise", "province"))
        .select_related("organisation")
        .order_by("-kind", "organisation__name")
    )
    checks = dict(UrlCheck.objects.filter(report__in=reports).values_list("report_id", "status"))
    rows = [
        FormRow((str(i), r.organisation.name, r.get_kind_display(), r.publication_url,
                 URL_STATUS.get(checks.get(r.pk, ""), "未检测")))
        for i, r in enumerate(reports, 1)
    ]  # fmt: skip
    rows.append(
        FormRow(("合计", "", f"{len(reports)} 份", f"已填写网址 {sum(bool(r.publication_url) for r in reports)} 份", ""),
                total=True)
    )  # fmt: skip
    return Form("附件6", "年报公布网址汇总表", f"地市名称：{city.short_name or city.name}",
                ("序号", "单位名称", "年报类型", "年报公布网址", "网址检测"),
                tuple(rows), (1.4, 7.0, 3.0, 8.0, 3.2), landscape=True)  # fmt: skip
