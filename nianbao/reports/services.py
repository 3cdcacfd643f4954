"""Reports owed in a cycle: created when the cycle opens."""

from __future__ import annotations

from nianbao.cycles.models import Cycle, CycleStatus, ReportKind
from nianbao.organisations.choices import OrganisationKind
from nianbao.organisations.models import Organisation
from nianbao.reports.models import Report
from nianbao.reports.titles import report_title

__all__ = ["expected_reports_create", "open_cycles_reports_ensure"]


def expected_reports_create(*, cycle: Cycle, organisations=None, **_) -> int:
    """Creates the school and city report each organisation (all, or those given) owes in
    `cycle` and does not have yet; idempotent. Receiver of `cycle_opened`."""
    orgs = (
        (organisations if organisations is not None else Organisation.objects.all())
        .active_during(cycle.data_period_start, cycle.data_period_end)
        .filter(kind__in=[OrganisationKind.SCHOOL, OrganisationKind.CITY], must_file_report=True)
        .exclude(
            pk__in=Report.objects.filter(
                cycle=cycle, kind__in=[ReportKind.SCHOOL, ReportKind.CITY]
            ).values("organisation_id")
        )
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


def open_cycles_reports_ensure(*, pks, **_) -> int:
    """A school (or city) added or made to file during an open cycle owes that cycle's report
    too: it gets one, and so counts as owing it. Receiver of `organisations_changed`."""
    organisations = Organisation.objects.filter(pk__in=pks)
    return sum(
        expected_reports_create(cycle=cycle, organisations=organisations)
        for cycle in Cycle.objects.filter(status=CycleStatus.OPEN)
    )
