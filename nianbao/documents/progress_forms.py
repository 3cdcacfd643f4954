"""附件2 and 附件3 of the annual notice, built from the reports of a cycle:
各级年报和企业年报的报送及发布情况 (a city's own report and its 中职 schools' reports) and
发布企业年报的职业学校和企业名单 (a school's partner enterprises that filed)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from nianbao.cycles.models import ReportKind
from nianbao.documents.model import EnterpriseReportList, ProgressRow, ProgressSummary
from nianbao.organisations.models import Organisation
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report, ReportFile, ReportSection

__all__ = ["progress_summary_for", "enterprise_report_list_for"]

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
        published=bool(report.publication_url),
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
    schools = (
        Organisation.objects.filter(kind="school", level="secondary", path__startswith=city.path)
        .active_during(cycle.data_period_start, cycle.data_period_end)
        .filter(must_file_report=True)
        .order_by("name")
    )
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
