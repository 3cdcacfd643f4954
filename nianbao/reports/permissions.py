"""Who may write, submit and review a report. Built on the role table in
`nianbao.core.permissions`: writing and submitting need a membership at the report's own
(owner) organisation, not at an ancestor — a city admin reads its schools' reports but writes
only the city's own."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import ROLE_ACTIONS, Action
from nianbao.core.roles import Role
from nianbao.cycles.models import ReportKind

__all__ = [
    "can_write",
    "can_submit",
    "can_review",
    "reviewing_body",
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


def reviewing_body(report):
    """The bureau that reviews the report: the city for its (municipal) 中职 schools' reports;
    the province for 高职 and 职业本科, 省属中职, city and enterprise reports. None for the
    provincial report (reviewed outside the platform)."""
    org = report.organisation
    if (
        report.kind == ReportKind.SCHOOL
        and org.level == "secondary"
        and org.affiliation != "provincial"
    ):
        return org.parent
    if report.kind == ReportKind.PROVINCE:
        return None
    top = report.owner_organisation
    while top.parent_id is not None:
        top = top.parent
    return top


def _own_organisation_ids(user) -> set[int]:
    return {m.organisation_id for m in user.memberships.all() if m.is_active}


def can_review(user, report) -> bool:
    """The reviewing body's admins, and experts of its pool who are assigned the report; never
    anyone with a membership in the report's own organisation (no self-approval)."""
    if not getattr(user, "is_authenticated", False):
        return False
    body = reviewing_body(report)
    if body is None:
        return False
    own = _own_organisation_ids(user)
    if report.organisation_id in own or report.owner_organisation.pk in own:
        return False
    roles = {
        m.role
        for m in user.memberships.all()
        if m.is_active
        and m.organisation_id == body.pk
        and Action.REVIEW in ROLE_ACTIONS.get(m.role, ())
    }
    if roles - {Role.REVIEWER}:
        return True
    # Experts review only what they are assigned (`review.ReviewAssignment`, reverse relation).
    return bool(roles) and report.review_assignments.filter(reviewer=user).exists()


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
