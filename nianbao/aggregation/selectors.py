"""Reading the schools' data of a city or the province and aggregating it (汇总数据).

`region_figures(organisation, year)` loads every school report of the region in the cycle and
the cycles before it, and returns the aggregates per level, per city and per year. Which reports
count: school reports of the cycle (created for every organisation that must report; closed and
exempt schools get none) whose status is submitted, approved or published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from nianbao.aggregation.engine import Aggregate, SchoolData, aggregate_with_groups
from nianbao.aggregation.models import RegionReportRun
from nianbao.core.permissions import Action, user_can
from nianbao.cycles.models import Cycle, ReportKind
from nianbao.indicators.catalog import Catalog, load_catalog
from nianbao.indicators.selectors import values_for_reports
from nianbao.organisations.choices import SchoolLevel
from nianbao.organisations.models import Organisation
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report
from nianbao.validation.models import ValidationResult

__all__ = [
    "COUNTED_STATUSES",
    "LEVELS",
    "RegionFigures",
    "region_figures",
    "region_figures_for",
    "region_report_runs_for",
    "region_run_for",
    "region_schools",
]

COUNTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED)
LEVELS = ("higher", "secondary")
TREND_YEARS = 5


@dataclass(frozen=True)
class RegionFigures:
    """Aggregates of a region: `years[year][level]`, `cities[city][level]` (current year) and
    the schools of the current year (for structure: 办学性质, 职业本科)."""

    organisation_code: str
    organisation_name: str
    region_name: str
    kind: str
    year: int
    indicator_edition: str
    years: dict[int, dict[str, Aggregate]]
    city_years: dict[int, dict[str, dict[str, Aggregate]]] = field(default_factory=dict)
    schools: tuple[SchoolData, ...] = ()
    # The previous year over the schools counted this year (like for like), for growth words.
    comparable: dict[str, Aggregate] = field(default_factory=dict)
    city_comparable: dict[str, dict[str, Aggregate]] = field(default_factory=dict)

    @property
    def cities(self) -> dict[str, dict[str, Aggregate]]:
        return self.city_years.get(self.year, {})

    @property
    def current(self) -> dict[str, Aggregate]:
        return self.years[self.year]

    def levels(self) -> tuple[str, ...]:
        """高职 and 中职 for the province; a city report covers the city's 中职 schools."""
        return LEVELS if self.kind == "province" else ("secondary",)

    def as_json(self) -> dict:
        """`{"higher": {code: value}, "secondary": {...}, "coverage": {...}}` (current year)."""
        out: dict = {"year": self.year, "organisation": self.organisation_code}
        for level, agg in self.current.items():
            out[level] = {c: _json_value(v) for c, v in agg.values.items() if v is not None}
        out["coverage"] = {level: agg.coverage.as_dict() for level, agg in self.current.items()}
        out["exclusions"] = [
            {"level": level, **e.__dict__}
            for level, agg in self.current.items()
            for e in agg.exclusions
        ]
        return out


def _json_value(value):
    """Whole numbers as integers, other numbers as JSON numbers, text as text."""
    if isinstance(value, str):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def region_schools(organisation: Organisation, cycle: Cycle) -> list[SchoolData]:
    """Every school report of the region in `cycle` as engine input (counted or not)."""
    return _schools_by_cycle(organisation, [cycle])[cycle.pk]


def _schools_by_cycle(
    organisation: Organisation, cycles: list[Cycle]
) -> dict[int, list[SchoolData]]:
    """`region_schools` of several cycles in three queries: {cycle id: schools}."""
    reports = list(
        Report.objects.filter(
            cycle__in=cycles,
            kind=ReportKind.SCHOOL,
            organisation__path__startswith=organisation.path,
            organisation__kind="school",
        )
        .order_by("organisation__path")
        .values_list(
            "pk",
            "cycle_id",
            "status",
            "organisation__code",
            "organisation__name",
            "organisation__level",
            "organisation__ownership",
            "organisation__parent__short_name",
            "organisation__parent__name",
        )
    )
    report_ids = [report[0] for report in reports]
    values = values_for_reports(report_ids)
    errors = _error_findings(report_ids)
    out: dict[int, list[SchoolData]] = {cycle.pk: [] for cycle in cycles}
    for pk, cycle_id, status, code, name, level, ownership, short_name, city in reports:
        school = SchoolData(
            code=code,
            name=name,
            level=_report_level(level),
            city=short_name or city or "",
            values=values.get(pk, {}),
            counted=status in COUNTED_STATUSES,
            excluded=errors.get(pk, {}),
            attributes={"ownership": ownership, "school_level": level},
        )
        out[cycle_id].append(school)
    return out


def _report_level(school_level: str) -> str:
    """`Organisation.report_level` of a school of this level: 职业本科 files the 高职 tables."""
    return SchoolLevel.HIGHER if school_level == SchoolLevel.BACHELOR else school_level


def _error_findings(report_ids: list[int]) -> dict[int, dict[str, str]]:
    """Unresolved error-level findings per report: {report_id: {indicator: message}}."""
    out: dict[int, dict[str, str]] = {}
    rows = ValidationResult.objects.filter(report_id__in=report_ids, error_count__gt=0)
    for report_id, findings in rows.values_list("report_id", "findings"):
        for finding in findings:
            if finding.get("severity") != "error":
                continue
            for code in finding.get("indicators") or ():
                out.setdefault(report_id, {})[code] = finding.get("message", "")
    return out


def _catalogs(edition: str) -> dict[str, Catalog]:
    return {level: load_catalog(edition, level) for level in LEVELS}


def region_figures(organisation: Organisation, year: int) -> RegionFigures:
    """The region's aggregates for `year` and the cycles before it (up to five years)."""
    cycle = Cycle.objects.filter(year=year).first()
    if cycle is None:
        raise Cycle.DoesNotExist(f"没有 {year} 年度的年报周期")
    catalogs = _catalogs(cycle.indicator_edition)
    cycles = list(
        Cycle.objects.filter(year__lte=year, year__gt=year - TREND_YEARS).order_by("year")
    )
    schools_of = _schools_by_cycle(organisation, cycles)
    years: dict[int, dict[str, Aggregate]] = {}
    city_years: dict[int, dict[str, dict[str, Aggregate]]] = {}
    schools: list[SchoolData] = []
    by_year: dict[int, list[SchoolData]] = {}
    for each in cycles:
        members = by_year[each.year] = schools_of[each.pk]
        years[each.year], city_years[each.year] = _by_level(catalogs, members)
        if each.year == year:
            schools = members
    counted_now = {s.code for s in schools if s.counted}
    same = [s for s in by_year.get(year - 1, []) if s.code in counted_now]
    comparable, city_comparable = _by_level(catalogs, same) if same else ({}, {})
    return RegionFigures(
        organisation_code=organisation.code,
        organisation_name=organisation.name,
        region_name=organisation.short_name or organisation.name,
        kind="province" if organisation.kind == "province" else "city",
        year=year,
        indicator_edition=cycle.indicator_edition,
        years=years,
        city_years=city_years,
        schools=tuple(schools),
        comparable=comparable,
        city_comparable=city_comparable,
    )


def _by_level(
    catalogs: dict[str, Catalog], schools: list[SchoolData]
) -> tuple[dict[str, Aggregate], dict[str, dict[str, Aggregate]]]:
    """The region's aggregate per level, and each city's: {level: agg}, {city: {level: agg}}."""
    region: dict[str, Aggregate] = {}
    cities: dict[str, dict[str, Aggregate]] = {}
    for level in LEVELS:
        whole, groups = aggregate_with_groups(catalogs[level], schools, key=lambda s: s.city)
        region[level] = whole
        for city, agg in groups.items():
            cities.setdefault(city, {})[level] = agg
    return region, cities


def region_figures_for(user, organisation_id: int, year: int) -> RegionFigures:
    """`region_figures` for a user who may see the organisation's data (404 / 403 otherwise)."""
    organisation = get_object_or_404(
        Organisation, pk=organisation_id, kind__in=["city", "province"]
    )
    if not user_can(user, Action.VIEW, organisation):
        raise PermissionDenied("您无权查看该地区的汇总数据")
    return region_figures(organisation, year)


def _bureau_for(user, organisation_id: int, action: str) -> Organisation:
    organisation = get_object_or_404(
        Organisation, pk=organisation_id, kind__in=["city", "province"]
    )
    if not user_can(user, action, organisation):
        raise PermissionDenied("您无权查看该地区的年报")
    return organisation


def region_report_runs_for(user, organisation_id: int, year: int):
    """(organisation, cycle, latest runs) for the bureau's own report page."""
    organisation = _bureau_for(user, organisation_id, Action.EDIT_REPORT)
    cycle = get_object_or_404(Cycle, year=year)
    runs = RegionReportRun.objects.filter(organisation=organisation, cycle=cycle)[:10]
    return organisation, cycle, list(runs)


def region_run_for(user, run_id: int) -> RegionReportRun:
    run = get_object_or_404(RegionReportRun.objects.select_related("organisation"), pk=run_id)
    _bureau_for(user, run.organisation_id, Action.EDIT_REPORT)
    return run
