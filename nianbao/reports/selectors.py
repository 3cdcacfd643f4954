"""Permission-scoped reads of reports."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from nianbao.accounts.models import User
from nianbao.core.permissions import Action, scope_q
from nianbao.core.roles import Role
from nianbao.organisations.models import Organisation
from nianbao.reports.models import Notification, Report
from nianbao.reports.permissions import require_write

__all__ = [
    "reports_visible_to",
    "report_for_view",
    "report_for_write",
    "notifications_for",
    "unread_count",
    "report_submitters",
    "enterprises_of",
]


def reports_visible_to(user, *, cycle=None) -> QuerySet[Report]:
    """Reports of organisations in the user's scope; an enterprise report is also visible to its
    compiling school."""
    scope = scope_q(user, Action.VIEW, prefix="organisation__") | scope_q(
        user, Action.VIEW, prefix="compiling_school__"
    )
    qs = Report.objects.filter(scope).select_related(
        "cycle", "organisation", "organisation__parent", "compiling_school"
    )
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    return qs.order_by("-cycle__year", "organisation__path", "kind")


def report_for_view(user, pk: int) -> Report:
    report = reports_visible_to(user).filter(Q(pk=pk)).prefetch_related("cycle__deadlines").first()
    if report is None:
        raise Http404("年报不存在或无权查看。")
    return report


def report_for_write(user, pk: int) -> Report:
    """A report the user may write (status is checked by the services)."""

    report = report_for_view(user, pk)
    require_write(user, report)
    return report


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("report")


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def report_submitters(report: Report) -> list[User]:
    """Who submits `report`: the heads of the school it belongs to (for an enterprise report,
    the partner school that compiles it), or the city admins for a city report."""
    owner = report.owner_organisation
    role = Role.CITY_ADMIN if owner.kind == "city" else Role.SCHOOL_HEAD
    return list(
        User.objects.filter(
            memberships__organisation=owner, memberships__role=role, is_active=True
        ).order_by("full_name", "username")
    )


def enterprises_of(user) -> QuerySet[Organisation]:
    """The enterprises the user is a contact of (企业联系人)."""
    return Organisation.objects.filter(
        kind="enterprise", memberships__user=user, memberships__role=Role.ENTERPRISE_EDITOR
    ).select_related("parent").order_by("name")
