"""Background generation of the 数据反馈报告."""

from __future__ import annotations

from django.core.cache import cache
from django.tasks import task

from nianbao.portal.feedback.generation import feedback_run_execute
from nianbao.portal.models import FeedbackRun


@task()
def generate_feedback_reports(*, run_id: int) -> str:
    run = FeedbackRun.objects.select_related("cycle").get(pk=run_id)
    cache.delete(refresh_key(run.cycle_id))
    return feedback_run_execute(run).status


def refresh_key(cycle_id: int) -> str:
    return f"feedback-refresh-pending:{cycle_id}"
