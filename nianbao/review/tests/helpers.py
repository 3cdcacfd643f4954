"""Putting reports into review without the whole submission path: a snapshot as the workflow
would freeze it, and the status the workflow would set (tested in submissions)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from nianbao.reports.models import Report, ReportSnapshot

PARTS = (
    "talent_cultivation", "service_contribution", "cultural_heritage",
    "international_cooperation", "industry_education_integration", "development_support",
    "challenges",
)  # fmt: skip


def snapshot_text(body: str = "2025年共有1200名学生参加。", cases: tuple = ()) -> dict:
    return {
        "sections": [{"part": p, "order": 0, "title": "", "body": body} for p in PARTS],
        "cases": [
            {"part": "talent_cultivation", "order": 1, "key": k, "title": t, "body": b}
            for k, t, b in cases
        ],
        "figures": [],
        "tables": [],
    }


def submit(
    report: Report,
    *,
    text: dict | None = None,
    url: str = "https://www.qczy.edu.cn/nb/2025",
    validation: list | None = None,
    checker: list | None = None,
    declaration: bool = True,
    when: dt.datetime | None = None,
    user=None,
) -> ReportSnapshot:
    """Freeze a snapshot and mark the report 已提交."""
    sequence = ReportSnapshot.objects.filter(report=report).count() + 1
    snap = ReportSnapshot(
        report=report,
        sequence=sequence,
        submitted_by=user,
        title=report.title,
        authoring_mode="platform",
        publication_url=url,
        text=text if text is not None else snapshot_text(),
        data={"a": "1"},
        attachments={"declaration": {"filename": "声明.png", "sha256": "d" * 64}}
        if declaration
        else {},
        checker_findings=checker or [],
        validation_findings=validation or [],
        document_sha256="0" * 64,
    )
    snap.document.save(f"r{report.pk}-{sequence}.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    snap.save()
    Report.objects.filter(pk=report.pk).update(
        status="submitted", submitted_at=when or timezone.now(), publication_url=url
    )
    report.refresh_from_db()
    return snap
