"""Login lock-outs (django-axes) with a limit per lockout parameter group. Axes compares the
largest failure count of the groups in AXES_LOCKOUT_PARAMETERS with one limit,
AXES_FAILURE_LIMIT; staff behind one school address would then lock each other out after that
many failures in total. LOGIN_FAILURE_LIMITS gives a group its own, higher limit (the whole
address: 30): below it, its failures do not count; at it, the group is locked."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum

__all__ = ["GroupLimitsHandler"]


def _group_name(group) -> str:
    """ "ip_address" for a single parameter, "username+ip_address" for a combination."""
    return group if isinstance(group, str) else "+".join(group)


class GroupLimitsHandler(AxesDatabaseHandler):
    """The database handler, counting each group against its own limit (axes' custom-handler
    hook: `get_failures` is what both the lock-out on failure and `is_locked` compare)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        limit = get_failure_limit(request, credentials)
        own_limits = getattr(settings, "LOGIN_FAILURE_LIMITS", {})
        groups = get_lockout_parameters(request, credentials)
        attempts_per_group = self.get_user_attempts(request, credentials)
        counted = 0
        for group, attempts in zip(groups, attempts_per_group, strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            own = own_limits.get(_group_name(group), limit)
            if failures >= own:
                counted = max(counted, failures, limit)  # this group is locked
            elif own <= limit:
                counted = max(counted, failures)
        return counted
