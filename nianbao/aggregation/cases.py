"""案例库: the cases of the region's submitted school reports, by framework part and searchable;
the bureau picks cases into its own report (with the school's name) and orders them there
with the report authoring's usual controls."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet

from nianbao.aggregation.selectors import COUNTED_STATUSES
from nianbao.core.exceptions import ApplicationError
from nianbao.cycles.models import ReportKind
from nianbao.reports.models import Case, Report
from nianbao.submissions.services.authoring import case_save

__all__ = ["case_library", "case_pick"]


def case_library(organisation, cycle, *, part_code: str = "", query: str = "") -> QuerySet[Case]:
    """Cases of the submitted or approved school reports under `organisation` in `cycle`."""
    cases = Case.objects.filter(
        report__cycle=cycle,
        report__kind=ReportKind.SCHOOL,
        report__status__in=COUNTED_STATUSES,
        report__organisation__path__startswith=organisation.path,
    ).select_related("report__organisation")
    if part_code:
        cases = cases.filter(part_code=part_code)
    if query.strip():
        words = query.split()
        for word in words:
            cases = cases.filter(
                Q(title__icontains=word)
                | Q(body__icontains=word)
                | Q(report__organisation__name__icontains=word)
            )
    return cases.order_by("part_code", "report__organisation__path", "order")


@transaction.atomic
def case_pick(*, actor, report: Report, case: Case) -> Case:
    """Copies a school's case into the bureau's report, under the same part, titled with the
    school's name; it is appended after the part's other items (reorder it there)."""
    if report.kind not in (ReportKind.CITY, ReportKind.PROVINCE):
        raise ApplicationError("案例只能选入地市级或省级年报。")
    library = case_library(report.organisation, report.cycle)
    if not library.filter(pk=case.pk).exists():
        raise ApplicationError("只能选用本地区已提交年报中的案例。")
    school = case.report.organisation.name
    title = f"{school}：{case.title}"
    if report.cases.filter(title=title[:120]).exists():
        raise ApplicationError("该案例已选入本年报。")
    return case_save(
        actor=actor, report=report, part_code=case.part_code, title=title, body=case.body
    )
