"""Regenerate feedback reports when a school's data table changes after they were generated."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from nianbao.indicators.models import DataTableRevision
from nianbao.portal.feedback.services import feedback_refresh


@receiver(post_save, sender=DataTableRevision, dispatch_uid="portal-feedback-refresh")
def data_table_saved(sender, instance: DataTableRevision, **kwargs) -> None:
    report_id = instance.report_id
    transaction.on_commit(lambda: feedback_refresh(report_id=report_id))
