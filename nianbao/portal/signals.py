"""Regenerate feedback reports when a school's data table changes after they were generated;
extract the full text of a report once it is published."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from nianbao.indicators.models import DataTableRevision
from nianbao.portal.feedback.services import feedback_refresh
from nianbao.portal.tasks import extract_document_text
from nianbao.reports.choices import ReportStatus
from nianbao.submissions.signals import report_status_changed


@receiver(post_save, sender=DataTableRevision, dispatch_uid="portal-feedback-refresh")
def data_table_saved(sender, instance: DataTableRevision, **kwargs) -> None:
    report_id = instance.report_id
    transaction.on_commit(lambda: feedback_refresh(report_id=report_id))


@receiver(report_status_changed, dispatch_uid="portal-document-text")
def report_published(sender, *, report, status, **kwargs) -> None:
    # Sent after the commit already: the worker sees the published report.
    if status == ReportStatus.PUBLISHED:
        extract_document_text.enqueue(report_id=report.pk)
