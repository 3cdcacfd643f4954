"""Permission-scoped reads of feedback reports and runs."""

from __future__ import annotations

from django.http import Http404

from nianbao.organisations.selectors import organisation_for_view
from nianbao.portal.models import FeedbackReport, FeedbackRun

__all__ = ["feedback_for_school", "latest_run", "feedback_reports_of"]


def feedback_for_school(user, school_id: int, cycle) -> tuple:
    """(school, its feedback report or None) for a school the user may view; 404 otherwise."""
    school = organisation_for_view(user, school_id)
    if not school.is_school:
        raise Http404("只有学校有数据反馈报告。")
    report = FeedbackReport.objects.filter(cycle=cycle, school=school).first()
    return school, report


def latest_run(cycle) -> FeedbackRun | None:
    return FeedbackRun.objects.filter(cycle=cycle).order_by("-created_at", "-id").first()


def feedback_reports_of(cycle):
    return (
        FeedbackReport.objects.filter(cycle=cycle)
        .select_related("school", "school__parent")
        .only("school__name", "school__parent__name", "updated_at", "cycle_id", "school_id")
        .order_by("school__path")
    )
