"""Background generation of region reports."""

from __future__ import annotations

from django.tasks import task

from nianbao.aggregation.generation import region_report_claim, region_report_execute


@task()
def generate_region_report(*, run_id: int) -> str:
    """Runs a queued generation once; a second delivery, or an automatic regeneration that
    another run made unnecessary, does nothing."""
    run = region_report_claim(run_id)
    if run is None:
        return "skipped"
    return region_report_execute(run).status
