"""Requesting a region report (地区年报生成): the run is queued and generated in the background
by `nianbao.aggregation.generation`."""

from __future__ import annotations

from django.db import transaction

from nianbao.accounts.permissions import Action, require
from nianbao.aggregation.models import RegionReportRun
from nianbao.aggregation.tasks import generate_region_report
from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError
from nianbao.documents.models import ExportStatus

__all__ = ["region_report_request"]


@transaction.atomic
def region_report_request(*, actor, organisation, cycle) -> RegionReportRun:
    """Queues a generation of the bureau's own report for `cycle` (its admins only)."""
    require(actor, Action.EDIT_REPORT, organisation)
    if organisation.kind not in ("city", "province"):
        raise ApplicationError("只有市教育局和教育厅可以生成地区年报。")
    if RegionReportRun.objects.filter(
        organisation=organisation,
        cycle=cycle,
        status__in=[ExportStatus.PENDING, ExportStatus.RUNNING],
    ).exists():
        raise ApplicationError("该年报正在生成中，请等待完成后再重新生成。")
    run = RegionReportRun.objects.create(
        organisation=organisation, cycle=cycle, requested_by=actor, step="排队中"
    )
    audit_record(
        actor=actor,
        action="region_report.generate",
        obj=run,
        object_repr=f"{organisation.name} {cycle.year}年度年报",
        organisation=organisation,
    )
    transaction.on_commit(lambda: generate_region_report.enqueue(run_id=run.pk))
    return run
