"""Reports owed in a cycle: created when the cycle opens."""

from __future__ import annotations

from nianbao.cycles.models import Cycle, ReportKind
from nianbao.organisations.choices import OrganisationKind
from nianbao.organisations.models import Organisation
from nianbao.reports.models import Report
from nianbao.reports.titles import report_title

__all__ = ["expected_reports_create"]


def expected_reports_create(*, cycle: Cycle, **_) -> int:
    """Creates the school and city reports owed in `cycle` (receiver of `cycle_opened`)."""
    orgs = (
        Organisation.objects.active_during(cycle.data_period_start, cycle.data_period_end)
        .filter(kind__in=[OrganisationKind.SCHOOL, OrganisationKind.CITY], must_file_report=True)
        .order_by("path")
    )
    reports = [
        Report(
            cycle=cycle,
            organisation=org,
            kind=ReportKind.SCHOOL if org.kind == OrganisationKind.SCHOOL else ReportKind.CITY,
            title=report_title(
                kind=ReportKind.SCHOOL if org.kind == OrganisationKind.SCHOOL else ReportKind.CITY,
                organisation=org,
                year=cycle.year,
            ),
        )
        for org in orgs
    ]
    Report.objects.bulk_create(reports)
    return len(reports)
