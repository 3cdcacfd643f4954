"""附件2 and 附件3 of the annual notice, built from the reports of a cycle:
各级年报和企业年报的报送及发布情况 (a city's own report and its 中职 schools' reports) and
发布企业年报的职业学校和企业名单 (a school's partner enterprises that filed)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from nianbao.cycles.models import ReportKind
from nianbao.documents.model import EnterpriseReportList, ProgressRow, ProgressSummary
from nianbao.documents.render.progress import Form, FormRow, Letter
from nianbao.organisations.models import Organisation
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report, ReportFile, ReportSection

__all__ = [
    "progress_summary_for",
    "progress_exempt_for",
    "progress_letter_for",
    "enterprise_report_list_for",
    "enterprise_rollup_for",
]

SUBMITTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED)


def _row(report: Report | None, name: str, with_enterprise: bool = False) -> ProgressRow:
    if report is None:
        return ProgressRow(name=name)
    submitted = report.status in SUBMITTED
    return ProgressRow(
        name=name,
        # 编制: submitted, or work stored on the platform (text, cases, an uploaded file).
        compiled=submitted or report.has_text or report.has_file,
        submitted=submitted,
        # 发布: the platform's publication state, not the mere presence of a URL.
        published=report.status == ReportStatus.PUBLISHED,
        enterprise_report=with_enterprise,
        publication_url=report.publication_url,
    )


def progress_summary_for(city: Organisation, cycle) -> ProgressSummary:
    """附件2 for one city: its 中职地市级年报 and every 中职 school's report in the cycle."""
    reports = {
        (r.organisation_id, r.kind): r
        for r in Report.objects.filter(cycle=cycle, organisation__path__startswith=city.path)
        .exclude(kind=ReportKind.ENTERPRISE)
        .annotate(
            has_text=Exists(ReportSection.objects.filter(report=OuterRef("pk")).exclude(body="")),
            has_file=Exists(ReportFile.objects.filter(report=OuterRef("pk"))),
        )
    }
    with_enterprise = set(
        Report.objects.filter(
            cycle=cycle, kind=ReportKind.ENTERPRISE, status__in=SUBMITTED,
            compiling_school__path__startswith=city.path,
        ).values_list("compiling_school_id", flat=True)
    )  # fmt: skip
    schools = _secondary_schools(city, cycle).filter(must_file_report=True)
    return ProgressSummary(
        city_name=city.short_name or city.name,
        city_report=_row(
            reports.get((city.pk, ReportKind.CITY)),
            f"{city.short_name or city.name}中等职业教育质量年度报告",
        ),
        school_reports=tuple(
            _row(reports.get((s.pk, ReportKind.SCHOOL)), s.name, s.pk in with_enterprise)
            for s in schools
        ),
    )


def enterprise_report_list_for(school: Organisation, cycle) -> EnterpriseReportList:
    """附件3 for one school: the enterprises whose 企业年报 it submitted in the cycle."""
    names = (
        Report.objects.filter(
            cycle=cycle, kind=ReportKind.ENTERPRISE, compiling_school=school, status__in=SUBMITTED
        )
        .order_by("organisation__name")
        .values_list("organisation__name", flat=True)
    )
    return EnterpriseReportList(school_name=school.name, enterprises=tuple(names))


def _secondary_schools(city: Organisation, cycle):
    return (
        Organisation.objects.filter(kind="school", level="secondary", path__startswith=city.path)
        .active_during(cycle.data_period_start, cycle.data_period_end)
        .order_by("name")
    )


def progress_exempt_for(city: Organisation, cycle) -> tuple[tuple[str, str], ...]:
    """The city's 中职 schools that do not file this cycle, with their reason (under 附件2)."""
    return tuple(
        (
            s.name,
            s.get_exemption_reason_display()
            + (f"，{s.exemption_note}" if s.exemption_note else ""),
        )
        for s in _secondary_schools(city, cycle).filter(must_file_report=False)
    )


def progress_letter_for(city: Organisation, cycle, summary: ProgressSummary, today) -> Letter:
    """The covering letter (函) of 附件2, drafted from the figures of the summary."""
    schools = summary.school_reports
    submitted = sum(r.submitted for r in schools)
    published = sum(r.published for r in schools)
    enterprise = sum(r.enterprise_report for r in schools)
    city_name = summary.city_name
    own = summary.city_report
    own_text = (
        f"{city_name}中等职业教育质量年度报告（{cycle.year}）"
        + ("已编制并在平台提交" if own and own.submitted else "尚未在平台提交")
        + ("，已面向社会发布" if own and own.published else "")
    )
    province = city.parent.name if city.parent else "省教育厅"
    return Letter(
        title=f"关于{city_name}{cycle.year}年度职业教育质量年度报告编制、发布和报送情况的函",
        recipient=province,
        body=(
            f"根据贵厅关于做好{cycle.year}年度职业教育质量年度报告编制发布和报送工作的通知要求，"
            f"现将我市年报编制、发布和报送情况报告如下。",
            f"一、{own_text}。",
            f"二、我市须编制年报的中等职业学校 {len(schools)} 所，已报送 {submitted} 份，"
            f"已发布 {published} 份，报送企业年报的学校 {enterprise} 所。",
            "具体情况见附件。",
        ),
        sender=city.name,
        date_label=f"{today.year}年{today.month}月{today.day}日",
    )


def enterprise_rollup_for(city: Organisation, cycle) -> Form:
    """附件3 rolled up for a city: every school in the city with the enterprises whose 企业年报
    it submitted, and the number of enterprises in total."""
    rows = []
    total = 0
    pairs = (
        Report.objects.filter(
            cycle=cycle, kind=ReportKind.ENTERPRISE, status__in=SUBMITTED,
            compiling_school__path__startswith=city.path,
        )
        .order_by("compiling_school__name", "organisation__name")
        .values_list("compiling_school__name", "organisation__name")
    )  # fmt: skip
    for seq, (school, enterprise) in enumerate(pairs, 1):
        rows.append(FormRow((str(seq), school, enterprise)))
        total += 1
    rows.append(FormRow(("合计", "", f"企业数量合计：{total}"), total=True))
    return Form(
        "附件3",
        "发布企业年报的职业学校和企业名单（汇总）",
        f"地市名称：{city.short_name or city.name}",
        ("序号", "学校名称", "企业名称（一个企业一行填写）"),
        tuple(rows),
        (1.6, 8.0, 9.0),
        landscape=False,
    )
