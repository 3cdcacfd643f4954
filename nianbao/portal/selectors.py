"""Public reads (公开查询): only published reports, addressed by year and organisation code so
that no internal id of an unpublished report ever appears; anything else answers 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from nianbao.cycles.models import ReportKind
from nianbao.organisations.choices import OrganisationKind, SchoolLevel
from nianbao.organisations.models import Organisation
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Case, Report, ReportSection, ReportSnapshot

__all__ = [
    "PublicFilters",
    "public_cities",
    "public_years",
    "published_report",
    "published_reports",
    "report_public_kwargs",
    "latest_snapshot",
    "snapshot_matching",
]

MAX_QUERY_LENGTH = 50


@dataclass(frozen=True)
class PublicFilters:
    """What a visitor may filter by: 年度, 地市 (code), 办学层次, 年报类型 and a text query."""

    year: int | None = None
    city: str = ""
    level: str = ""
    kind: str = ""
    q: str = ""

    @classmethod
    def from_params(cls, params) -> PublicFilters:
        year = params.get("year", "")
        level = params.get("level", "")
        kind = params.get("kind", "")
        return cls(
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            city=params.get("city", "").strip()[:32],
            level=level if level in SchoolLevel.values else "",
            kind=kind if kind in ReportKind.values else "",
            q=" ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH],
        )


def _published() -> QuerySet[Report]:
    return Report.objects.filter(status=ReportStatus.PUBLISHED)


def published_reports(filters: PublicFilters) -> QuerySet[Report]:
    """Published reports matching the filters; the query searches school name, title and the
    report's own text (sections and cases), every word of it (AND)."""
    qs = _published().select_related("cycle", "organisation", "compiling_school")
    if filters.year:
        qs = qs.filter(cycle__year=filters.year)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.level:
        qs = qs.filter(
            Q(organisation__level=filters.level)
            | Q(kind=ReportKind.ENTERPRISE, compiling_school__level=filters.level)
        )
    if filters.city:
        city = Organisation.objects.filter(code=filters.city, kind=OrganisationKind.CITY).first()
        qs = qs.filter(organisation__path__startswith=city.path) if city else qs.none()
    for word in filters.q.split(" ") if filters.q else ():
        in_text = Exists(
            ReportSection.objects.filter(report=OuterRef("pk"), body__icontains=word)
        ) | Exists(
            Case.objects.filter(report=OuterRef("pk")).filter(
                Q(body__icontains=word) | Q(title__icontains=word)
            )
        )
        qs = qs.filter(
            Q(organisation__name__icontains=word)
            | Q(organisation__short_name__icontains=word)
            | Q(title__icontains=word)
            | in_text
        )
    return qs.order_by("-cycle__year", "organisation__path", "kind", "compiling_school__path")


def public_years() -> list[int]:
    return sorted(set(_published().values_list("cycle__year", flat=True)), reverse=True)


def public_cities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.CITY).order_by("path")


def report_public_kwargs(report: Report) -> dict:
    """The public address of a report: year and organisation code (plus the compiling school
    for an enterprise report, which one enterprise may write with several schools)."""
    kwargs = {"year": report.cycle.year, "code": report.organisation.code}
    if report.kind == ReportKind.ENTERPRISE:
        kwargs["school_code"] = report.compiling_school.code
    return kwargs


def published_report(*, year: int, code: str, school_code: str = "") -> Report:
    """The published report at a public address; 404 for drafts and everything unpublished."""
    qs = _published().select_related("cycle", "organisation", "compiling_school")
    qs = qs.filter(cycle__year=year, organisation__code=code)
    if school_code:
        qs = qs.filter(kind=ReportKind.ENTERPRISE, compiling_school__code=school_code)
    else:
        qs = qs.exclude(kind=ReportKind.ENTERPRISE)
    report = qs.first()
    if report is None:
        raise Http404("未找到已发布的年报。")
    return report


def latest_snapshot(report: Report) -> ReportSnapshot | None:
    """The last submitted version: what was approved and published."""
    return ReportSnapshot.objects.filter(report=report).order_by("-sequence").first()


def snapshot_matching(sha256: str) -> ReportSnapshot | None:
    """年报核验: the submission whose document has this SHA-256 (the earliest, if repeated)."""
    return (
        ReportSnapshot.objects.filter(document_sha256=sha256.lower())
        .select_related("report__organisation", "report__cycle", "report__compiling_school")
        .order_by("created_at", "id")
        .first()
    )
