"""The bureaus' actionable overview: one row per report in the user's scope with everything a
city or the province acts on (data filled, validation errors, unresolved warnings,
declaration, URL and its check, checker errors, status, days to deadline or late, grade),
filters, sorting and search; completeness and timeliness with honest denominators. A fixed
number of queries whatever the size of the province."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from nianbao.core.permissions import Action, scope_q
from nianbao.cycles.models import ReportKind
from nianbao.indicators.catalog import load_catalog
from nianbao.indicators.models import DataValue
from nianbao.organisations.models import Organisation
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import AuthenticityDeclaration, Report
from nianbao.review.choices import ReviewOutcome
from nianbao.review.models import Review, UrlCheck
from nianbao.validation.choices import ExplanationDecision
from nianbao.validation.models import FindingExplanation, ValidationResult

__all__ = ["OverviewRow", "overview", "reports_behind", "SORTS"]

DELIVERED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED)
SORTS = {
    "name": lambda r: r.name,
    "filled": lambda r: r.filled_pct if r.filled_pct is not None else -1,
    "errors": lambda r: -r.validation_errors,
    "warnings": lambda r: -r.unresolved_warnings,
    "days": lambda r: r.days if r.days is not None else 10**6,
    "status": lambda r: r.report.status,
    "grade": lambda r: r.grade or "Z",
}


@dataclass
class OverviewRow:
    report: Report
    name: str
    city: str
    level: str
    filled_pct: int | None
    validation_errors: int
    unresolved_warnings: int
    declaration: bool
    url_status: str
    checker_errors: int
    days: int | None  # to the deadline (negative: days late, not yet submitted)
    late_by: int | None  # submitted after the deadline by this many days
    grade: str

    @property
    def delivered(self) -> bool:
        return self.report.status in DELIVERED

    @property
    def behind(self) -> bool:
        """Not delivered and due within three days, or late; or returned and not resubmitted."""
        if self.delivered:
            return False
        return self.report.status == ReportStatus.RETURNED or (
            self.days is not None and self.days <= 3
        )


def _indicator_counts(edition: str) -> dict[str, int]:
    counts = {}
    for level in ("higher", "secondary"):
        try:
            counts[level] = len(load_catalog(edition, level).indicators)
        except Exception:  # an edition without a catalog for a level: no percentage
            counts[level] = 0
    counts["bachelor"] = counts["higher"]
    return counts


def _reports(user, cycle):
    return (
        Report.objects.filter(scope_q(user, Action.VIEW, prefix="organisation__"), cycle=cycle)
        .exclude(kind__in=(ReportKind.ENTERPRISE, ReportKind.PROVINCE))
        .filter(Q(organisation__must_file_report=True))
        .filter(
            Q(organisation__closed_on__isnull=True)
            | Q(organisation__closed_on__gt=cycle.data_period_start)
        )
        .select_related("organisation__parent", "cycle")
        .prefetch_related("cycle__deadlines")
        .annotate(
            has_declaration=Exists(AuthenticityDeclaration.objects.filter(report=OuterRef("pk")))
        )
    )


def overview(user, cycle, *, q: str = "", status: str = "", level: str = "", city: str = "",
             behind: bool = False, sort: str = "days") -> dict:  # fmt: skip
    today = timezone.localdate()
    reports = list(_reports(user, cycle))
    ids = [r.pk for r in reports]
    filled = dict(
        DataValue.objects.filter(report_id__in=ids)
        .filter(Q(number__isnull=False) | ~Q(text=""))
        .values("report_id")
        .annotate(n=Count("id"))
        .values_list("report_id", "n")
    )
    results = {
        v.report_id: v
        for v in ValidationResult.objects.filter(report_id__in=ids).only(
            "report_id", "findings", "error_count"
        )
    }
    accepted: dict[int, set[str]] = {}
    for report_id, rule in FindingExplanation.objects.filter(
        report_id__in=ids, decision=ExplanationDecision.ACCEPTED
    ).values_list("report_id", "rule_id"):
        accepted.setdefault(report_id, set()).add(rule)
    url_checks = dict(UrlCheck.objects.filter(report_id__in=ids).values_list("report_id", "status"))
    grades = dict(
        Review.objects.filter(report_id__in=ids, outcome=ReviewOutcome.APPROVED).values_list(
            "report_id", "grade"
        )
    )
    counts = _indicator_counts(cycle.indicator_edition)
    rows = []
    for r in reports:
        org = r.organisation
        result = results.get(r.pk)
        warnings = {
            f.get("rule_id")
            for f in (result.findings if result else [])
            if f.get("severity") == "warning"
        }
        total = counts.get(org.level, 0) if r.kind == ReportKind.SCHOOL else 0
        due = r.due_on
        days = (due - today).days if due and r.status not in DELIVERED else None
        late_by = None
        if r.submitted_at and due and r.submitted_at.date() > due:
            late_by = (r.submitted_at.date() - due).days
        rows.append(
            OverviewRow(
                report=r,
                name=org.name,
                city=(org.short_name or org.name) if org.kind == "city"
                else (org.parent.short_name or org.parent.name) if org.parent else "",
                level=org.get_level_display() if org.kind == "school" else "地市",
                filled_pct=min(100, round(100 * filled.get(r.pk, 0) / total)) if total else None,
                validation_errors=result.error_count if result else 0,
                unresolved_warnings=len(warnings - accepted.get(r.pk, set())),
                declaration=r.has_declaration,
                url_status=url_checks.get(r.pk, ""),
                checker_errors=sum(1 for f in r.checker_findings or [] if f.get("severity") == "error"),
                days=days,
                late_by=late_by,
                grade=grades.get(r.pk, ""),
            )
        )  # fmt: skip
    rates = _rates(rows, user, cycle)
    shown = [
        row
        for row in rows
        if (not q or q in row.name)
        and (not status or row.report.status == status)
        and (not level or row.report.organisation.level == level or (level == "city" and row.report.kind == "city"))
        and (not city or row.city == city)
        and (not behind or row.behind)
    ]  # fmt: skip
    shown.sort(key=SORTS.get(sort, SORTS["days"]))
    return {
        "rows": shown,
        "total": len(rows),
        "rates": rates,
        "cities": sorted({row.city for row in rows}),
        "today": today,
    }


def _rates(rows: list[OverviewRow], user, cycle) -> dict:
    """完成率 and 及时率 over the reports that must be filed (closed and exempt organisations
    are not in the denominator); never above 100%."""
    required = len(rows)
    delivered = sum(1 for r in rows if r.delivered)
    on_time = sum(1 for r in rows if r.delivered and not r.late_by)
    exempt = Organisation.objects.filter(
        scope_q(user, Action.VIEW), kind="school", must_file_report=False
    ).count()

    def pct(n: int) -> float:
        return round(100.0 * n / required, 1) if required else 0.0

    return {
        "required": required,
        "delivered": delivered,
        "on_time": on_time,
        "completeness": pct(delivered),
        "timeliness": pct(on_time),
        "exempt": exempt,
        "behind": sum(1 for r in rows if r.behind),
    }


def reports_behind(user, cycle, **filters) -> list[Report]:
    return [row.report for row in overview(user, cycle, **filters)["rows"] if row.behind]
