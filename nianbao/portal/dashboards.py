"""Data for the role home pages. Each function issues a fixed number of queries, whatever the
size of the province (asserted in the tests)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from nianbao.core.permissions import Action, scope_q
from nianbao.core.roles import Role
from nianbao.cycles.models import ReportKind
from nianbao.organisations.choices import OrganisationKind, SchoolLevel
from nianbao.organisations.models import Organisation
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report
from nianbao.review import overview as review_overview
from nianbao.review import selectors as review_selectors


def days_left(due: dt.date | None, today: dt.date | None = None) -> int | None:
    if due is None:
        return None
    today = today or timezone.localdate()
    return (due - today).days


def province_overview(user, cycle) -> dict:
    """Schools by city and level, and report progress by city, for a province admin."""
    scope = scope_q(user, Action.VIEW)
    cities = list(Organisation.objects.filter(scope, kind=OrganisationKind.CITY).order_by("path"))
    day = cycle.data_period_end if cycle else timezone.localdate()
    school_counts = (
        Organisation.objects.filter(scope, kind=OrganisationKind.SCHOOL)
        .active_on(day)
        .values("parent_id", "level")
        .annotate(n=Count("id"))
    )
    by_city: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in school_counts:
        by_city[row["parent_id"]][row["level"]] += row["n"]
    progress: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if cycle is not None:
        rows = (
            Report.objects.filter(cycle=cycle, kind=ReportKind.SCHOOL)
            .filter(scope_q(user, Action.VIEW, prefix="organisation__"))
            .values("organisation__parent_id", "status")
            .annotate(n=Count("id"))
        )
        for row in rows:
            progress[row["organisation__parent_id"]][row["status"]] += row["n"]
    table = []
    for city in cities:
        counts = by_city[city.pk]
        stats = progress[city.pk]
        total = sum(stats.values())
        done = total - stats[ReportStatus.DRAFTING] - stats[ReportStatus.RETURNED]
        table.append(
            {
                "city": city,
                "higher": counts[SchoolLevel.HIGHER] + counts[SchoolLevel.BACHELOR],
                "bachelor": counts[SchoolLevel.BACHELOR],
                "secondary": counts[SchoolLevel.SECONDARY],
                "reports": total,
                "submitted": done,
            }
        )
    totals = {
        k: sum(r[k] for r in table)
        for k in ("higher", "bachelor", "secondary", "reports", "submitted")
    }
    enterprises = Organisation.objects.filter(scope, kind=OrganisationKind.ENTERPRISE).count()
    return {"rows": table, "totals": totals, "enterprises": enterprises}


def deadlines_of(cycle) -> list[dict]:
    if cycle is None:
        return []
    return [
        {
            "kind": ReportKind(d.report_kind).label,
            "due_on": d.due_on,
            "days_left": days_left(d.due_on),
        }
        for d in cycle.deadlines.all()
    ]


def city_schools(user, cycle, city: Organisation) -> list[dict]:
    """The city's schools with their report status in the cycle."""
    schools = list(
        Organisation.objects.filter(
            kind=OrganisationKind.SCHOOL, path__startswith=city.path
        ).order_by("level", "name")
    )
    statuses = {}
    if cycle is not None:
        statuses = {
            r.organisation_id: r
            for r in Report.objects.filter(
                cycle=cycle, kind=ReportKind.SCHOOL, organisation__path__startswith=city.path
            )
        }
    return [{"school": s, "report": statuses.get(s.pk)} for s in schools]


def own_reports(user, cycle) -> list[dict]:
    """Reports the user works on in the cycle (school, city or enterprise), with countdown."""
    if cycle is None:
        return []
    editing = [
        m.organisation.path
        for m in user.memberships.filter(is_active=True).select_related("organisation")
        if m.role in (Role.SCHOOL_EDITOR, Role.SCHOOL_HEAD, Role.ENTERPRISE_EDITOR, Role.CITY_ADMIN)
    ]
    if not editing:
        return []
    q = Q()
    for path in editing:
        q |= Q(organisation__path=path) | Q(compiling_school__path=path)
    reports = (
        Report.objects.filter(q, cycle=cycle)
        .select_related("organisation", "cycle")
        .prefetch_related("cycle__deadlines")
        .order_by("kind", "id")
    )
    return [{"report": r, "due_on": r.due_on, "days_left": r.days_left} for r in reports]


def review_queue(user, cycle) -> list:
    """The reviewer's queue (what this user reviews, never their own organisation's), due first."""
    return review_selectors.review_queue(user, cycle)[:50]


def bureau_overview(user, cycle, *, limit: int = 12) -> dict | None:
    """Completeness and timeliness rates and the rows that need action first (behind, then
    the nearest deadlines), for a city or the province home page."""
    if cycle is None:
        return None
    data = review_overview.overview(user, cycle, sort="days")
    behind = [row for row in data["rows"] if row.behind]
    return {"rates": data["rates"], "behind": behind[:limit], "more": max(0, len(behind) - limit)}
