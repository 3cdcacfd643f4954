"""Who may see and run the rankings. The committee (编委会) is whoever may review at the province:
province admins and province-level reviewers. Managing a list (computing it, 公示, objections,
confirming) is the province admin's. A school sees only its own page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from nianbao.core.permissions import Action, user_can
from nianbao.organisations.models import Organisation

__all__ = ["is_committee", "can_manage", "require_committee", "require_manage", "can_see_school"]


def _province() -> Organisation | None:
    return Organisation.objects.filter(kind="province", parent__isnull=True).first()


def is_committee(user) -> bool:
    province = _province()
    return province is not None and user_can(user, Action.REVIEW, province)


def can_manage(user) -> bool:
    province = _province()
    return province is not None and user_can(user, Action.MANAGE_CYCLES, province)


def require_committee(user) -> None:
    if not is_committee(user):
        raise PermissionDenied("只有榜单评审委员会（省级管理员、省级评审专家）可以查看。")


def require_manage(user) -> None:
    if not can_manage(user):
        raise PermissionDenied("只有省级管理员可以管理榜单。")


def own_organisation_ids(user) -> set[int]:
    """Organisations the user is a member of themselves (not their subtree)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(user.memberships.filter(is_active=True).values_list("organisation_id", flat=True))


def can_see_school(user, organisation_id: int) -> bool:
    return is_committee(user) or organisation_id in own_organisation_ids(user)
