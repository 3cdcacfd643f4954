"""Background generation of region reports."""

from __future__ import annotations

from django.tasks import task

from nianbao.aggregation.generation import region_report_execute
from nianbao.aggregation.models import RegionReportRun


@task()
def generate_region_report(*, run_id: int) -> str:
    run = RegionReportRun.objects.select_related("organisation", "cycle").get(pk=run_id)
    return region_report_execute(run).status
