"""Region reports follow the data: a change to what the aggregates count — a report submitted,
approved or returned, or saved values of a report that counts — marks the generated city and
provincial reports of that cycle as out of date. A draft's values count only once submitted."""

from __future__ import annotations

from django.dispatch import receiver

from nianbao.aggregation.selectors import COUNTED_STATUSES
from nianbao.aggregation.services import region_reports_mark_stale
from nianbao.indicators.signals import data_values_saved
from nianbao.reports.choices import ReportStatus
from nianbao.submissions.signals import report_status_changed

# Statuses entered when a report starts or stops counting (returned: it counted until now).
_COUNT_CHANGES = {ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.RETURNED}


@receiver(data_values_saved, dispatch_uid="aggregation.stale_after_save")
def stale_after_save(sender, *, report, **kwargs) -> None:
    if report.status in COUNTED_STATUSES:
        region_reports_mark_stale(report=report)


@receiver(report_status_changed, dispatch_uid="aggregation.stale_after_status")
def stale_after_status(sender, *, report, status, **kwargs) -> None:
    if status in _COUNT_CHANGES:
        region_reports_mark_stale(report=report)
