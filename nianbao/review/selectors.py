"""Reads of the review, scoped to the user: the reviewer's queue, a report opened for review,
its changes since the last return, grades and their distribution."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from nianbao.accounts.models import User
from nianbao.core.permissions import Action, scope_q
from nianbao.core.roles import Role
from nianbao.cycles.models import ReportKind
from nianbao.indicators.catalog import load_catalog
from nianbao.organisations.choices import SchoolLevel
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report, ReportSnapshot
from nianbao.reports.permissions import reviewing_body
from nianbao.review.choices import ReviewOutcome
from nianbao.review.diff import snapshot_changes
from nianbao.review.models import (
    EvaluationNotice,
    Review,
    ReviewAssignment,
    ReviewComment,
    ReviewSettings,
)
from nianbao.review.permissions import can_review

__all__ = [
    "report_for_review",
    "review_queue",
    "changes_since_return",
    "graded_reports",
    "grade_distribution",
    "body_reports_q",
    "reviewer_pool",
    "report_dimensions",
    "published_notices",
    "published_notice",
]

LEVEL_LABELS = {"higher": "高职", "bachelor": "职业本科", "secondary": "中职"}


def report_for_review(user, pk: int) -> Report:
    report = (
        Report.objects.select_related("cycle", "organisation__parent", "compiling_school")
        .prefetch_related("cycle__deadlines")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("年报不存在。")
    if not can_review(user, report):
        raise PermissionDenied("您没有审核此年报的权限（本单位年报不能由本单位审核）。")
    return report


def body_reports_q(body) -> Q:
    """Reports a reviewing body is responsible for (see `reviewing_body`)."""
    municipal_secondary = Q(kind=ReportKind.SCHOOL, organisation__level=SchoolLevel.SECONDARY) & ~Q(
        organisation__affiliation="provincial"
    )
    if body.kind == "city":
        return municipal_secondary & Q(organisation__parent=body)
    return (
        Q(organisation__path__startswith=body.path)
        & ~municipal_secondary
        & ~Q(kind=ReportKind.PROVINCE)
    )


@dataclass
class QueueRow:
    report: Report
    due_on: dt.date | None
    assignment: ReviewAssignment | None
    resubmitted: bool

    @property
    def days_left(self) -> int | None:
        return None if self.due_on is None else (self.due_on - timezone.localdate()).days


def review_queue(user, cycle) -> list[QueueRow]:
    """Submitted reports waiting for this user: everything the bureaus they administer are
    responsible for, plus what they are assigned as an expert; never their own organisation's.
    Due: the assignment's date, else submission + the cycle's review days. Oldest due first."""
    if cycle is None or not getattr(user, "is_authenticated", False):
        return []
    memberships = list(user.memberships.filter(is_active=True).select_related("organisation"))
    own = {m.organisation_id for m in memberships}
    q = Q(review_assignments__reviewer=user)
    for m in memberships:
        if m.role in (Role.CITY_ADMIN, Role.PROVINCE_ADMIN):
            q |= body_reports_q(m.organisation)
    reports = list(
        Report.objects.filter(q, cycle=cycle, status=ReportStatus.SUBMITTED)
        .exclude(organisation_id__in=own)
        .exclude(compiling_school_id__in=own)
        .select_related("organisation__parent", "cycle")
        .distinct()
    )
    assignments = {
        a.report_id: a for a in ReviewAssignment.objects.filter(report__in=reports, reviewer=user)
    }
    settings = ReviewSettings.objects.filter(cycle=cycle).first()
    days = settings.review_days if settings else 10
    returned_before = set(
        ReportSnapshot.objects.filter(report__in=reports, sequence__gt=1).values_list(
            "report_id", flat=True
        )
    )
    rows = []
    for r in reports:
        a = assignments.get(r.pk)
        due = (
            a.due_on
            if a
            else (r.submitted_at.date() + dt.timedelta(days=days) if r.submitted_at else None)
        )
        rows.append(QueueRow(r, due, a, r.pk in returned_before))
    rows.sort(key=lambda row: (row.due_on or dt.date.max, row.report.pk))
    return rows


def changes_since_return(report: Report):
    """Changes between the submission that was returned and the current one (None: first)."""
    snaps = list(report.snapshots.order_by("-sequence")[:2])
    if len(snaps) < 2:
        return None
    new, old = snaps

    def as_dict(s):
        return {"text": s.text, "data": s.data, "attachments": s.attachments,
                "publication_url": s.publication_url}  # fmt: skip

    names = {}
    if report.kind == ReportKind.SCHOOL:
        catalog = load_catalog(report.cycle.indicator_edition, report.organisation.report_level)
        names = {code: spec.name for code, spec in catalog.indicators.items()}
    return {"from": old.sequence, "to": new.sequence,
            "changes": snapshot_changes(as_dict(old), as_dict(new), names),
            "comments": list(ReviewComment.objects.filter(report=report, sequence=old.sequence)
                             .select_related("author"))}  # fmt: skip


def graded_reports(user, cycle) -> list[Review]:
    """The approving review (grade) of each report in the user's scope, by city and name."""
    return list(
        Review.objects.filter(
            scope_q(user, Action.VIEW, prefix="report__organisation__"),
            report__cycle=cycle,
            outcome=ReviewOutcome.APPROVED,
        )
        .select_related("report__organisation__parent", "report__compiling_school")
        .order_by("report__organisation__path", "report__kind")
    )


def report_dimensions(review: Review) -> tuple[str, str, str]:
    """(report kind, city, level) of a graded report, the axes of the distribution."""
    report = review.report
    org = report.organisation
    kind = ReportKind(report.kind).label
    if report.kind == ReportKind.CITY:
        city = org.short_name or org.name
    elif report.kind == ReportKind.ENTERPRISE:
        city = report.compiling_school.parent.short_name if report.compiling_school else "—"
    else:
        city = org.parent.short_name or org.parent.name if org.parent else "—"
    level = LEVEL_LABELS.get(org.level, "—") if report.kind == ReportKind.SCHOOL else "—"
    return kind, city, level


def grade_distribution(reviews: list[Review], grades: tuple[str, ...]) -> dict:
    """Counts and shares of each grade by report kind, city and level, with sentences in the
    notice's wording (评为 A 等 N 份，占 x%)."""
    tables: dict[str, dict[str, Counter]] = {"kind": defaultdict(Counter),
                                             "city": defaultdict(Counter),
                                             "level": defaultdict(Counter)}  # fmt: skip
    overall: Counter = Counter()
    for review in reviews:
        kind, city, level = report_dimensions(review)
        overall[review.grade] += 1
        tables["kind"][kind][review.grade] += 1
        tables["city"][city][review.grade] += 1
        if level != "—":
            tables["level"][level][review.grade] += 1
    total = sum(overall.values())

    def rows(counter_map):
        out = []
        for name, counts in sorted(counter_map.items()):
            n = sum(counts.values())
            out.append({"name": name, "total": n,
                        "cells": [{"grade": g, "n": counts[g],
                                   "share": round(100 * counts[g] / n, 1) if n else 0.0}
                                  for g in grades]})  # fmt: skip
        return out

    sentences = [
        f"评为 {g} 等 {overall[g]} 份，占 {100 * overall[g] / total:.1f}%" for g in grades if total
    ]
    return {
        "total": total,
        "grades": grades,
        "sentence": "；".join(sentences),
        "by_kind": rows(tables["kind"]),
        "by_city": rows(tables["city"]),
        "by_level": rows(tables["level"]),
    }


def reviewer_pool(report: Report):
    """Users who may be assigned: members of the reviewing body (experts and its staff)."""
    body = reviewing_body(report)
    if body is None:
        return User.objects.none()
    own = [report.organisation_id, report.owner_organisation.pk]
    return (
        User.objects.filter(memberships__organisation=body, memberships__is_active=True)
        .exclude(memberships__organisation_id__in=own)
        .distinct()
        .order_by("username")
    )


def report_grades(reports) -> dict[int, str]:
    """等次 of each report: the grade of its latest approved review (absent while ungraded)."""
    rows = (
        Review.objects.filter(report_id__in=[r.pk for r in reports], outcome=ReviewOutcome.APPROVED)
        .exclude(grade="")
        .order_by("report_id", "sequence", "id")
        .values_list("report_id", "grade")
    )
    return dict(rows)  # later reviews overwrite earlier ones


def report_review_results(report: Report) -> list[dict]:
    """The report's closed reviews, oldest first: submission, score, grade, outcome, date."""
    return [
        {
            "sequence": r.sequence,
            "outcome": r.outcome,
            "score": r.score,
            "maximum": r.maximum,
            "grade": r.grade or None,
            "closed_at": r.closed_at.isoformat() if r.closed_at else None,
        }
        for r in report.reviews.exclude(outcome=ReviewOutcome.OPEN).order_by("sequence", "id")
    ]


def published_notices() -> QuerySet[EvaluationNotice]:
    """The province's 通报 files the province admin has published (public, newest first)."""
    return (
        EvaluationNotice.objects.filter(published_at__isnull=False, status="done")
        .exclude(file="")
        .select_related("cycle")
        .order_by("-published_at")
    )


def published_notice(pk: int) -> EvaluationNotice:
    """One published 通报 for the public; an unpublished one answers 404 like a missing one."""
    notice = published_notices().filter(pk=pk).first()
    if notice is None:
        raise Http404("通报不存在或尚未发布。")
    return notice
