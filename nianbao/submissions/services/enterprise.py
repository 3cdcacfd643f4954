"""企业年报: a school creates reports with its partner enterprises (one school, many
enterprises); the enterprise contact writes them, the school head submits them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from nianbao.core.audit import audit_record, snapshot
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, user_can
from nianbao.cycles.models import CycleStatus, ReportKind
from nianbao.organisations.choices import OrganisationKind
from nianbao.reports.models import Report
from nianbao.reports.titles import report_title

__all__ = ["enterprise_report_create"]


@transaction.atomic
def enterprise_report_create(*, actor, cycle, school, enterprise) -> Report:
    if not user_can(actor, Action.EDIT_ENTERPRISE_REPORT, school) or school.kind != (
        OrganisationKind.SCHOOL
    ):
        raise PermissionDenied("只有学校可以为其合作企业创建企业年报。")
    if enterprise.kind != OrganisationKind.ENTERPRISE or enterprise.parent_id != school.pk:
        raise ApplicationError("只能为本校的合作企业创建企业年报。")
    if cycle.status != CycleStatus.OPEN:
        raise ApplicationError(f"{cycle.name}不在编制期内。")
    if Report.objects.filter(
        cycle=cycle, kind=ReportKind.ENTERPRISE, organisation=enterprise, compiling_school=school
    ).exists():
        raise ApplicationError(f"{enterprise.name}的{cycle.name}企业年报已经存在。")
    report = Report(
        cycle=cycle,
        organisation=enterprise,
        kind=ReportKind.ENTERPRISE,
        compiling_school=school,
        title=report_title(
            kind=ReportKind.ENTERPRISE,
            organisation=enterprise,
            year=cycle.year,
            compiling_school=school,
        ),
    )
    report.full_clean()
    report.save()
    audit_record(
        actor=actor, action="report.create", obj=report, organisation=school, after=snapshot(report)
    )
    return report
