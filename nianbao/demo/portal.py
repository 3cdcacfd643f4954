"""Published reports for the public portal (公开年报): a few schools' reports of the closed cycle,
written from the sample school report, submitted before the deadline and published, so the
portal has something to list, search, download and verify. Seeded after the demo province."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from nianbao.cycles.models import Cycle, CycleStatus
from nianbao.demo.samples import sample_declaration_png, sample_school_report
from nianbao.documents.model import Heading, Paragraph
from nianbao.documents.render import render_pdf
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import (
    AuthenticityDeclaration,
    Report,
    ReportSection,
    ReportSnapshot,
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


def _sections(report: Report, document) -> None:
    """The sample's chapters as the report's own sections, so the portal searches its text."""
    parts = {p.name: p.code for p in report.framework_parts}
    for chapter in document.chapters:
        code = parts.get(chapter.title)
        if code is None:
            continue
        title, body, order = "", [], 0
        for block in (*chapter.blocks, Heading(2, "")):
            if isinstance(block, Heading):
                if body:
                    ReportSection.objects.create(
                        report=report, part_code=code, order=order, title=title[:120],
                        body="\n\n".join(body),
                    )  # fmt: skip
                    order += 1
                title, body = block.text, []
            elif isinstance(block, Paragraph):
                body.append(block.text)


@transaction.atomic
def demo_published_reports() -> list[Report]:
    """Publishes three reports of the latest closed cycle; returns them."""
    cycle = Cycle.objects.filter(status=CycleStatus.CLOSED).order_by("-year").first()
    if cycle is None:
        return []
    published = []
    for n, report in enumerate(_reports(cycle)):
        school = report.organisation
        document = replace(
            sample_school_report(),
            title=f"《{report.title}》",
            organisation_name=school.name,
            organisation_code=school.code,
            year_label=str(cycle.year),
            date_label=f"{cycle.year + 1}年1月",
        )
        pdf = render_pdf(document)
        submitted = timezone.make_aware(dt.datetime(cycle.year + 1, 1, 2 + n, 16, 30))
        url = f"{school.website.rstrip('/')}/xxgk/ndbg{cycle.year}.pdf"
        report.cases.all().delete()  # the published text is the sample's, cases included
        _sections(report, document)
        png = sample_declaration_png()
        declaration = AuthenticityDeclaration(
            report=report, filename="内容真实性责任声明.png", media_type="image/png",
            size=len(png), sha256=hashlib.sha256(png).hexdigest(),
        )  # fmt: skip
        declaration.file.save("declaration.png", ContentFile(png), save=True)
        snapshot = ReportSnapshot(
            report=report, sequence=1, title=report.title, authoring_mode=report.authoring_mode,
            publication_url=url, document_sha256=hashlib.sha256(pdf).hexdigest(),
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
