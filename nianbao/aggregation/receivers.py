"""Region reports follow the data: a school's saved values or a report submitted or approved
mark the generated city and provincial reports of that cycle as out of date."""

from __future__ import annotations

from django.dispatch import receiver

from nianbao.aggregation.services import region_reports_mark_stale
from nianbao.indicators.signals import data_values_saved
from nianbao.reports.choices import ReportStatus
from nianbao.submissions.signals import report_status_changed

# The statuses that change which reports count in an aggregate (see the engine's coverage).
_COUNTED = {ReportStatus.SUBMITTED, ReportStatus.APPROVED}


@receiver(data_values_saved, dispatch_uid="aggregation.stale_after_save")
def stale_after_save(sender, *, report, **kwargs) -> None:
    region_reports_mark_stale(report=report)


@receiver(report_status_changed, dispatch_uid="aggregation.stale_after_status")
def stale_after_status(sender, *, report, status, **kwargs) -> None:
    if status in _COUNTED:
        region_reports_mark_stale(report=report)
