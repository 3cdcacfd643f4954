"""What every report page shows in its header: the countdown, the user's rights, navigation."""

from __future__ import annotations

from nianbao.core.permissions import Action, user_can
from nianbao.reports.permissions import can_submit, can_write, is_reviewing_admin
from nianbao.reports.selectors import report_submitters

__all__ = ["report_page_context"]


def report_page_context(request, report, **extra) -> dict:
    """What every report page shows in its header: countdown, rights, navigation."""
    parts = report.framework_parts
    submit = can_submit(request.user, report)
    return {
        "report": report,
        "due_on": report.due_on,
        "days_left": report.days_left,
        "parts": parts,
        "can_write": can_write(request.user, report),
        "can_submit": submit,
        # Whoever cannot submit is told who does (the school's head, for an enterprise report
        # the partner school's head).
        "submitters": [] if submit else report_submitters(report),
        # Assigned experts find their reports in the review queue (the review app knows them).
        "can_review": is_reviewing_admin(request.user, report),
        "can_extend": user_can(request.user, Action.MANAGE_CYCLES, report.owner_organisation),
        **extra,
    }
