"""The one place that decides who may do what. A membership grants its role's actions on the
organisation and its whole subtree; every list a user sees is filtered through `scope_q`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from nianbao.core.roles import Role

__all__ = ["Action", "ROLE_ACTIONS", "user_can", "scope_q", "require", "roles_of"]


class Action:
    VIEW = "view"  # see organisations, reports and data in scope
    EDIT_REPORT = "edit_report"  # write report text and data tables
    SUBMIT_REPORT = "submit_report"  # submit and sign (学校负责人)
    EDIT_ENTERPRISE_REPORT = "edit_enterprise_report"
    MANAGE_ORGANISATIONS = "manage_organisations"
    MANAGE_CYCLES = "manage_cycles"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    REVIEW = "review"
    RUN_VALIDATION = "run_validation"


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.PROVINCE_ADMIN: frozenset(
        {
            Action.VIEW,
            Action.MANAGE_ORGANISATIONS,
            Action.MANAGE_CYCLES,
            Action.MANAGE_USERS,
            Action.VIEW_AUDIT,
            Action.REVIEW,
            Action.RUN_VALIDATION,
            Action.EDIT_REPORT,  # the province compiles the provincial report
            Action.SUBMIT_REPORT,
        }
    ),
    Role.CITY_ADMIN: frozenset(
        {
            Action.VIEW,
            Action.REVIEW,
            Action.RUN_VALIDATION,
            Action.EDIT_REPORT,
            Action.SUBMIT_REPORT,
            Action.MANAGE_USERS,  # the bureau creates its schools' accounts
        }
    ),
    Role.SCHOOL_EDITOR: frozenset({Action.VIEW, Action.EDIT_REPORT, Action.EDIT_ENTERPRISE_REPORT}),
    Role.SCHOOL_HEAD: frozenset(
        {Action.VIEW, Action.EDIT_REPORT, Action.EDIT_ENTERPRISE_REPORT, Action.SUBMIT_REPORT}
    ),
    Role.ENTERPRISE_EDITOR: frozenset({Action.VIEW, Action.EDIT_ENTERPRISE_REPORT}),
    Role.REVIEWER: frozenset({Action.VIEW, Action.REVIEW}),
}


# Grants that apply to the membership's own organisation only, not its subtree: a city bureau
# writes the city report, not its schools' reports.
OWN_ORGANISATION_ONLY: frozenset[tuple[str, str]] = frozenset(
    {
        (Role.PROVINCE_ADMIN, Action.EDIT_REPORT),
        (Role.PROVINCE_ADMIN, Action.SUBMIT_REPORT),
        (Role.CITY_ADMIN, Action.EDIT_REPORT),
        (Role.CITY_ADMIN, Action.SUBMIT_REPORT),
    }
)


def _memberships(user) -> list:
    """Active memberships with their organisation, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_nianbao_memberships", None)
    if cached is None:
        cached = list(
            user.memberships.filter(is_active=True).select_related("organisation").order_by("id")
        )
        user._nianbao_memberships = cached
    return cached


def roles_of(user) -> set[str]:
    return {m.role for m in _memberships(user)}


def _granting(user, action: str) -> list:
    return [m for m in _memberships(user) if action in ROLE_ACTIONS.get(m.role, ())]


def user_can(user, action: str, organisation=None) -> bool:
    """True when one of the user's roles grants `action` on `organisation` (or anywhere, if None)."""
    granting = _granting(user, action)
    if organisation is None:
        return bool(granting)
    return any(_covers(m, action, organisation.path) for m in granting)


def _covers(membership, action: str, path: str) -> bool:
    if (membership.role, action) in OWN_ORGANISATION_ONLY:
        return path == membership.organisation.path
    return path.startswith(membership.organisation.path)


def scope_q(user, action: str = Action.VIEW, prefix: str = "") -> Q:
    """A filter for organisations (at `prefix`, e.g. "organisation__") the user may act on."""
    granting = _granting(user, action)
    if not granting:
        return Q(pk__in=[])
    q = Q()
    for m in granting:
        lookup = "path" if (m.role, action) in OWN_ORGANISATION_ONLY else "path__startswith"
        q |= Q(**{f"{prefix}{lookup}": m.organisation.path})
    return q


def require(user, action: str, organisation=None) -> None:
    if not user_can(user, action, organisation):
        raise PermissionDenied("您没有执行此操作的权限。")
