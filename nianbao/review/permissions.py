"""Who may review a report: the reviewing body's admins (`reports.permissions`), and the
experts of its pool who are assigned the report (`ReviewAssignment`, known here only); never
anyone with a membership in the report's own organisation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from nianbao.core.roles import Role
from nianbao.reports.permissions import reviewing_roles
from nianbao.review.models import ReviewAssignment

__all__ = ["can_review", "require_review"]


def can_review(user, report) -> bool:
    roles = reviewing_roles(user, report)
    if roles - {Role.REVIEWER}:
        return True
    return bool(roles) and ReviewAssignment.objects.filter(report=report, reviewer=user).exists()


def require_review(user, report) -> None:
    if not can_review(user, report):
        raise PermissionDenied("您没有审核此年报的权限。")
