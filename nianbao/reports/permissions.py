"""Who may write, submit and review a report. Built on the role table in
`nianbao.core.permissions`: writing and submitting need a membership at the report's own
(owner) organisation, not at an ancestor — a city admin reads its schools' reports but writes
only the city's own. Of reviewing, this layer knows the reviewing body and its admins; experts
review what they are assigned, which only the review app knows (`nianbao.review.permissions`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import ROLE_ACTIONS, Action
from nianbao.core.roles import Role
from nianbao.cycles.models import ReportKind

__all__ = [
    "can_write",
    "can_submit",
    "reviewing_body",
    "reviewing_roles",
    "is_reviewing_admin",
    "require_write",
    "require_submit",
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


def reviewing_roles(user, report) -> set[str]:
    """The user's reviewing roles at the report's reviewing body; empty for anyone with a
    membership in the report's own organisation (no self-approval), or when no body reviews it."""
    if not getattr(user, "is_authenticated", False):
        return set()
    body = reviewing_body(report)
    if body is None:
        return set()
    own = _own_organisation_ids(user)
    if report.organisation_id in own or report.owner_organisation.pk in own:
        return set()
    return {
        m.role
        for m in user.memberships.all()
        if m.is_active
        and m.organisation_id == body.pk
        and Action.REVIEW in ROLE_ACTIONS.get(m.role, ())
    }


def is_reviewing_admin(user, report) -> bool:
    """The reviewing body's admins review every report of their body. An expert (审核专家) is
    not one: experts review what they are assigned (`nianbao.review.permissions.can_review`)."""
    return bool(reviewing_roles(user, report) - {Role.REVIEWER})


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
