"""Published reports for the public portal (公开年报): a few schools' reports of the closed cycle,
written in the platform from each school's own data values (`demo.narrative`), rendered as the
platform renders any report, submitted before the deadline and published, so the portal has
something to list, search, download and verify. Seeded after the demo province."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from nianbao.cycles.models import Cycle, CycleStatus
from nianbao.demo.narrative import Chart, Section, Table, school_report_items
from nianbao.demo.samples import sample_declaration_png
from nianbao.documents.builder import build_report_document
from nianbao.documents.render import render_pdf
from nianbao.indicators.selectors import previous_report_values, report_catalog, report_values
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import (
    AuthenticityDeclaration,
    Figure,
    Report,
    ReportSection,
    ReportSnapshot,
    ReportTable,
)

__all__ = ["demo_published_reports"]

PUBLISHED_SCHOOLS = 3  # two 高职 in different cities and one 中职


def _reports(cycle: Cycle) -> list[Report]:
    school_reports = Report.objects.filter(cycle=cycle, kind="school").select_related(
        "organisation__parent"
    )
    higher = list(
        school_reports.filter(organisation__level="higher").order_by("organisation__path")
    )
    second_city = next(
        r for r in higher if r.organisation.parent_id != higher[0].organisation.parent_id
    )
    secondary = school_reports.filter(organisation__level="secondary").order_by(
        "organisation__path"
    )
    return [higher[0], second_city, secondary.first()][:PUBLISHED_SCHOOLS]


def _write(report: Report, values: dict) -> None:
    """The report's own sections, charts and tables, written from its values; each chart and
    table follows the section that refers to it (same order, drawn after it)."""
    items = school_report_items(
        catalog=report_catalog(report),
        now=values,
        before=previous_report_values(report),
        year=report.cycle.year,
    )
    order = -1
    for item in items:
        if isinstance(item, Section):
            order += 1
            ReportSection.objects.create(report=report, part_code=item.part, order=order,
                                         title=item.title, body=item.body)  # fmt: skip
        elif isinstance(item, Chart):
            Figure.objects.create(
                report=report, part_code=item.part, order=order, key=item.key,
                caption=item.caption, source_note="数据来源：本校年报数据表",
                chart={"kind": item.kind, "codes": list(item.codes), "title": "",
                       "series_name": f"{report.cycle.year}年"},
            )  # fmt: skip
        elif isinstance(item, Table):
            ReportTable.objects.create(
                report=report, part_code=item.part, order=order, key=item.key,
                caption=item.caption, columns=list(item.columns),
                rows=[list(r) for r in item.rows], source_note="数据来源：本校年报数据表",
            )  # fmt: skip


def _frozen_text(report: Report) -> dict:
    """What a submission freezes of the written report (as `report_submit` does)."""
    return {
        "sections": [{"part": s.part_code, "order": s.order, "title": s.title, "body": s.body}
                     for s in report.sections.all()],
        "cases": [{"part": c.part_code, "order": c.order, "key": c.key, "title": c.title,
                   "body": c.body} for c in report.cases.all()],
        "figures": [{"part": f.part_code, "order": f.order, "key": f.key, "caption": f.caption,
                     "chart": f.chart, "image_sha256": f.image_sha256}
                    for f in report.figures.all()],
        "tables": [{"part": t.part_code, "order": t.order, "key": t.key, "caption": t.caption,
                    "columns": t.columns, "rows": t.rows} for t in report.tables.all()],
    }  # fmt: skip


@transaction.atomic
def demo_published_reports() -> list[Report]:
    """Publishes three reports of the latest closed cycle; returns them."""
    cycle = Cycle.objects.filter(status=CycleStatus.CLOSED).order_by("-year").first()
    if cycle is None:
        return []
    published = []
    for n, report in enumerate(_reports(cycle)):
        school = report.organisation
        submitted = timezone.make_aware(dt.datetime(cycle.year + 1, 1, 2 + n, 16, 30))
        url = f"{school.website.rstrip('/')}/xxgk/ndbg{cycle.year}.pdf"
        values = report_values(report)
        _write(report, values)
        png = sample_declaration_png(
            school=school.name, year=cycle.year, signed_on=submitted.date()
        )
        declaration = AuthenticityDeclaration(
            report=report, filename="内容真实性责任声明.png", media_type="image/png",
            size=len(png), sha256=hashlib.sha256(png).hexdigest(),
        )  # fmt: skip
        declaration.file.save(f"declaration-{report.pk}.png", ContentFile(png), save=True)
        report.refresh_from_db()
        document = replace(
            build_report_document(report),
            date_label=f"{submitted.year}年{submitted.month}月",
        )
        pdf = render_pdf(document)
        snapshot = ReportSnapshot(
            report=report, sequence=1, title=report.title, authoring_mode=report.authoring_mode,
            publication_url=url, document_sha256=hashlib.sha256(pdf).hexdigest(),
            data={k: (None if v is None else str(v)) for k, v in values.items()},
            text=_frozen_text(report),
            attachments={"declaration": {"filename": declaration.filename,
                                         "sha256": declaration.sha256}},
        )  # fmt: skip
        snapshot.document.save(f"report-{report.pk}-1.pdf", ContentFile(pdf), save=False)
        snapshot.save()
        # Back-date the demo submission (auto_now_add stamps the seeding time); the snapshot
        # manager refuses updates, so the plain QuerySet.update does this one demo step.
        models.QuerySet.update(ReportSnapshot.objects.filter(pk=snapshot.pk), created_at=submitted)
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.PUBLISHED, submitted_at=submitted, publication_url=url
        )
        published.append(report)
    return published
