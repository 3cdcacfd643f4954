"""Permission-scoped reads of reports."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from nianbao.accounts.permissions import Action, scope_q
from nianbao.submissions.models import Report

__all__ = ["reports_visible_to", "report_for_view"]


def reports_visible_to(user, *, cycle=None) -> QuerySet[Report]:
    """Reports of organisations in the user's scope; an enterprise report is also visible to its
    compiling school."""
    scope = scope_q(user, Action.VIEW, prefix="organisation__") | scope_q(
        user, Action.VIEW, prefix="compiling_school__"
    )
    qs = Report.objects.filter(scope).select_related(
        "cycle", "organisation", "organisation__parent"
    )
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    return qs.order_by("-cycle__year", "organisation__path", "kind")


def report_for_view(user, pk: int) -> Report:
    report = reports_visible_to(user).filter(Q(pk=pk)).first()
    if report is None:
        raise Http404("年报不存在或无权查看。")
    return report
