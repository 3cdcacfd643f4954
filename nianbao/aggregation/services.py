"""Requesting a region report (地区年报生成): the run is queued and generated in the background
by `nianbao.aggregation.generation`."""

from __future__ import annotations

import datetime as dt

import yaml
from django.db import IntegrityError, transaction
from django.utils import timezone

from nianbao.aggregation.documents import bureau_report_kind
from nianbao.aggregation.models import RegionReportRun
from nianbao.aggregation.tasks import generate_region_report
from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require
from nianbao.documents.models import ExportStatus
from nianbao.organisations.models import Organisation
from nianbao.paths import CATALOG_DIR
from nianbao.reports.models import Report
from nianbao.reports.titles import report_title
from nianbao.submissions.services.authoring import section_save

__all__ = [
    "bureau_report_ensure",
    "region_outline",
    "region_outline_create",
    "region_report_regeneration_schedule",
    "region_report_request",
    "region_reports_mark_stale",
]

# A burst of saves (a workbook upload, a school typing table after table) ends in one
# regeneration that starts this long after the first change, when the backend can defer.
REGENERATION_DELAY = dt.timedelta(seconds=60)


@transaction.atomic
def bureau_report_ensure(*, actor, organisation, cycle) -> Report:
    """The bureau's own report for `cycle` (地市级/省级年报), created the first time the bureau
    starts writing it: the province has none until then, and a city one made when the cycle
    opened is reused."""
    require(actor, Action.EDIT_REPORT, organisation)
    if organisation.kind not in ("city", "province"):
        raise ApplicationError("只有市教育局和教育厅编写地区年报。")
    kind = bureau_report_kind(organisation)
    report, created = Report.objects.get_or_create(
        cycle=cycle,
        organisation=organisation,
        kind=kind,
        defaults={"title": report_title(kind=kind, organisation=organisation, year=cycle.year)},
    )
    if created:
        audit_record(actor=actor, action="report.create", obj=report, organisation=organisation)
    return report


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


@transaction.atomic
def region_reports_mark_stale(*, report) -> int:
    """Marks the generated reports of the city and province above `report`'s organisation for
    its cycle as out of date (their data changed) and schedules their automatic regeneration;
    returns how many runs were marked. A queued run has not read the data yet and stays as it
    is. A derived flag, not a user's action: no audit event."""
    regions = list(
        Organisation.objects.filter(
            pk__in=report.organisation.ancestor_ids(), kind__in=("city", "province")
        ).order_by("path")
    )
    marked = (
        RegionReportRun.objects.filter(
            organisation__in=regions, cycle_id=report.cycle_id, data_changed_at__isnull=True
        )
        .exclude(status=ExportStatus.PENDING)
        .update(data_changed_at=timezone.now())
    )
    for organisation in regions:
        region_report_regeneration_schedule(organisation=organisation, cycle_id=report.cycle_id)
    return marked


def region_report_regeneration_schedule(*, organisation, cycle_id: int) -> RegionReportRun | None:
    """Queues one automatic regeneration of a report generated before (never a first one),
    unless one is queued already: every change until it starts is coalesced into it. Enqueued
    on commit, after `REGENERATION_DELAY` when the task backend can defer."""
    runs = RegionReportRun.objects.filter(organisation=organisation, cycle_id=cycle_id)
    if not runs.filter(status=ExportStatus.DONE).exists():
        return None
    if runs.filter(status=ExportStatus.PENDING).exists():
        return None
    try:
        with transaction.atomic():  # a concurrent change queued it first (unique pending run)
            run = RegionReportRun.objects.create(
                organisation=organisation,
                cycle_id=cycle_id,
                automatic=True,
                step="排队中（数据已变化，自动重新生成）",
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    task = generate_region_report
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + REGENERATION_DELAY)
    task.enqueue(run_id=run_id)


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
