"""Starting the background generation of a cycle's feedback reports (生成数据反馈报告)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from nianbao.core.audit import audit_record
from nianbao.core.permissions import Action, require
from nianbao.portal.models import FeedbackRun, FeedbackRunStatus
from nianbao.portal.tasks import generate_feedback_reports, refresh_key

__all__ = ["feedback_refresh", "feedback_run_start"]


@transaction.atomic
def feedback_run_start(*, actor, cycle) -> FeedbackRun:
    """The province admin starts a run (actor None: the platform, after a data change)."""
    if actor is not None:
        require(actor, Action.MANAGE_CYCLES)
    run = FeedbackRun.objects.create(cycle=cycle, requested_by=actor)
    audit_record(actor=actor, action="feedback.run", obj=run, after={"cycle": cycle.year})
    transaction.on_commit(lambda: generate_feedback_reports.enqueue(run_id=run.pk))
    return run


def feedback_refresh(*, report_id: int) -> FeedbackRun | None:
    """After a report's data changed: regenerate its cycle's feedback reports if they were
    generated before, with at most one pending run at a time (a run re-renders only the
    schools whose figures changed)."""
    generated = (
        FeedbackRun.objects.filter(cycle__reports__id=report_id, status=FeedbackRunStatus.DONE)
        .select_related("cycle")
        .first()
    )
    if generated is None or not cache.add(refresh_key(generated.cycle_id), True, timeout=600):
        return None
    return feedback_run_start(actor=None, cycle=generated.cycle)
