"""Test helper: put a report in the state a real publication leaves it in (a submission
snapshot with its document, status 已发布) without running the whole workflow."""

import hashlib

from django.core.files.base import ContentFile

from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report, ReportSnapshot

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def publish(report: Report, content: bytes = PDF, *, url: str = "") -> ReportSnapshot:
    snapshot = ReportSnapshot(
        report=report,
        sequence=report.snapshots.count() + 1,
        title=report.title,
        authoring_mode=report.authoring_mode,
        publication_url=url,
        document_sha256=hashlib.sha256(content).hexdigest(),
    )
    snapshot.document.save(f"report-{report.pk}.pdf", ContentFile(content), save=False)
    snapshot.save()
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.PUBLISHED,
        publication_url=url or "https://www.example.edu.cn/nianbao.pdf",
    )
    report.refresh_from_db()
    return snapshot
