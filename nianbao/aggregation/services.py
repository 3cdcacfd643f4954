"""Requesting a region report (地区年报生成): the run is queued and generated in the background
by `nianbao.aggregation.generation`."""

from __future__ import annotations

import yaml
from django.db import transaction
from django.utils import timezone

from nianbao.aggregation.models import RegionReportRun
from nianbao.aggregation.tasks import generate_region_report
from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require
from nianbao.documents.models import ExportStatus
from nianbao.paths import CATALOG_DIR
from nianbao.submissions.services.authoring import section_save

__all__ = [
    "region_outline",
    "region_outline_create",
    "region_report_request",
    "region_reports_mark_stale",
]


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


def region_reports_mark_stale(*, report) -> int:
    """Marks the generated reports of the city and province above `report`'s organisation for
    its cycle as out of date (their data changed); returns how many runs were marked. A derived
    flag, not a user's action: no audit event."""
    regions = report.organisation.ancestor_ids()
    return RegionReportRun.objects.filter(
        organisation_id__in=regions,
        organisation__kind__in=("city", "province"),
        cycle_id=report.cycle_id,
        data_changed_at__isnull=True,
    ).update(data_changed_at=timezone.now())


def region_outline(edition: str) -> dict[str, list[str]]:
    """The draft outline of chapters 2–8: {part code: [section heading, ...]}."""
    path = CATALOG_DIR / "frameworks" / "outlines" / f"region_{edition}.yaml"
    if not path.exists():
        return {}
    return {
        code: list(titles)
        for code, titles in yaml.safe_load(path.read_text("utf-8"))["parts"].items()
    }


@transaction.atomic
def region_outline_create(*, actor, report) -> int:
    """Adds the draft outline's sections (empty, to be written) to the parts of the bureau's
    report that have none yet; returns how many were added. Empty sections are not printed."""
    if report.kind not in ("city", "province"):
        raise ApplicationError("编写提纲只用于地市级和省级年报。")
    written = set(report.sections.values_list("part_code", flat=True))
    parts = {p.code for p in report.cycle.framework.parts(report.kind)}
    added = 0
    for part_code, titles in region_outline(report.cycle.framework_edition).items():
        if part_code in written or part_code not in parts:
            continue
        for title in titles:
            section_save(actor=actor, report=report, part_code=part_code, title=title, body="")
            added += 1
    return added
