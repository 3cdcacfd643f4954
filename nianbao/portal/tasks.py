"""Background work of the portal: the 数据反馈报告 and the full text of published reports."""

from __future__ import annotations

from django.core.cache import cache
from django.tasks import task

from nianbao.core.tasks import limit_task_memory
from nianbao.portal.document_text import document_text_extract
from nianbao.portal.feedback.generation import feedback_run_execute
from nianbao.portal.models import FeedbackRun


@task()
def generate_feedback_reports(*, run_id: int) -> str:
    run = FeedbackRun.objects.select_related("cycle").get(pk=run_id)
    cache.delete(refresh_key(run.cycle_id))
    return feedback_run_execute(run).status


def refresh_key(cycle_id: int) -> str:
    return f"feedback-refresh-pending:{cycle_id}"


@task()
def extract_document_text(*, report_id: int) -> str:
    """全文检索: reads the published report's document (never in a request)."""
    limit_task_memory()
    stored = document_text_extract(report_id=report_id)
    if stored is None:
        return "skipped"
    return stored.error or "done"
