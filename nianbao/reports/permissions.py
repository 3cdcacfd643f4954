"""Who may write, submit and review a report. Built on the role table in
`nianbao.core.permissions`: writing and submitting need a membership at the report's own
(owner) organisation, not at an ancestor — a city admin reads its schools' reports but writes
only the city's own."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import ROLE_ACTIONS, Action, user_can
from nianbao.cycles.models import ReportKind

__all__ = [
    "can_write",
    "can_submit",
    "can_review",
    "require_write",
    "require_submit",
    "require_review",
    "require_editable",
]


def _orgs_with(user, action: str) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_nianbao_action_orgs", None)
    if cache is None:
        cache = {}
        for m in user.memberships.filter(is_active=True):
            for act in ROLE_ACTIONS.get(m.role, ()):
                cache.setdefault(act, set()).add(m.organisation_id)
        user._nianbao_action_orgs = cache
    return cache.get(action, set())


def can_write(user, report) -> bool:
    """May write the text, cases, figures, tables and attachments (ignoring status)."""
    if report.kind == ReportKind.ENTERPRISE:
        orgs = _orgs_with(user, Action.EDIT_ENTERPRISE_REPORT)
        return report.organisation_id in orgs or report.compiling_school_id in orgs
    return report.owner_organisation.pk in _orgs_with(user, Action.EDIT_REPORT)


def can_submit(user, report) -> bool:
    """学校负责人 for school and enterprise reports; the city admin for city reports."""
    return report.owner_organisation.pk in _orgs_with(user, Action.SUBMIT_REPORT)


def can_review(user, report) -> bool:
    """Reviewers, city and province admins above the report's organisation."""
    return user_can(user, Action.REVIEW, report.owner_organisation)


def require_write(user, report) -> None:
    if not can_write(user, report):
        raise PermissionDenied("您没有编写此年报的权限。")


def require_editable(report) -> None:
    if report.is_overdue:
        raise ApplicationError(
            f"年报已超过截止日期（{report.due_on:%Y-%m-%d}）未提交，已锁定编辑；"
            "如需延期请联系省级管理员。",
            status=409,
        )
    if not report.is_editable:
        raise ApplicationError(
            f"年报当前状态为“{report.get_status_display()}”，不可修改。", status=409
        )


def require_submit(user, report) -> None:
    if not can_submit(user, report):
        raise PermissionDenied("只有学校负责人（地市年报为市级管理员）可以提交年报。")


def require_review(user, report) -> None:
    if not can_review(user, report):
        raise PermissionDenied("您没有审核此年报的权限。")
