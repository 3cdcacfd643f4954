"""Loads a cycle's school data and computes every school's feedback figures as plain JSON-ready
dicts (the page shows them, the PDF is built from them, their hash decides re-rendering)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from nianbao.cycles.models import Cycle, ReportKind
from nianbao.indicators.catalog import load_catalog
from nianbao.indicators.selectors import values_for_reports
from nianbao.organisations.choices import SchoolLevel
from nianbao.portal.feedback.stats import KEY_INDICATORS, as_number, peer_stats
from nianbao.reports.models import Report

__all__ = ["TREND_CYCLES", "feedback_figures"]

TREND_CYCLES = 5


def _school_reports(cycle: Cycle):
    return list(
        Report.objects.filter(
            cycle=cycle, kind=ReportKind.SCHOOL, organisation__must_file_report=True
        )
        .select_related("organisation", "organisation__parent")
        .order_by("organisation__path")
    )


def _trend(cycle: Cycle, school_ids: list[int]) -> tuple[list[int], dict]:
    """The last five cycles up to this one, and {(school id, year): {code: number}}."""
    years = sorted(
        Cycle.objects.filter(year__lte=cycle.year)
        .order_by("-year")
        .values_list("year", flat=True)[:TREND_CYCLES]
    )
    reports = Report.objects.filter(
        cycle__year__in=years, kind=ReportKind.SCHOOL, organisation_id__in=school_ids
    ).values_list("pk", "organisation_id", "cycle__year")
    key_of = {pk: (org, year) for pk, org, year in reports}
    values = values_for_reports(list(key_of))
    return years, {key_of[pk]: v for pk, v in values.items()}


def feedback_figures(cycle: Cycle) -> dict[int, dict]:
    """{school id: figures} for every school that files a report in the cycle. Peers are the
    schools of the same data-table level (职业本科 with 高职) in the city and the province."""
    reports = _school_reports(cycle)
    values = values_for_reports(reports)
    numbers = {
        r.organisation_id: {c: as_number(values.get(r.pk, {}).get(c)) for c in KEY_INDICATORS}
        for r in reports
    }
    province: dict[str, list] = defaultdict(list)
    city: dict[tuple[str, int], list] = defaultdict(list)
    for r in reports:
        level = r.organisation.report_level
        province[level].append(r.organisation_id)
        city[(level, r.organisation.parent_id)].append(r.organisation_id)
    years, history = _trend(cycle, [r.organisation_id for r in reports])

    def peer_values(ids, code):
        return [numbers[i][code] for i in ids if numbers[i][code] is not None]

    out: dict[int, dict] = {}
    for r in reports:
        school = r.organisation
        level = school.report_level
        catalog = load_catalog(cycle.indicator_edition, level)
        rows = []
        for code in KEY_INDICATORS:
            own = numbers[school.pk][code]
            spec = catalog.indicators[code]
            in_city = peer_stats(own, peer_values(city[(level, school.parent_id)], code))
            in_province = peer_stats(own, peer_values(province[level], code))
            rows.append(
                {
                    "code": code,
                    "name": spec.name,
                    "unit": spec.unit,
                    "own": own,
                    "city": asdict(in_city) if in_city else None,
                    "province": asdict(in_province) if in_province else None,
                }
            )
        trend = {
            code: [as_number(history.get((school.pk, y), {}).get(code)) for y in years]
            for code in KEY_INDICATORS
        }
        out[school.pk] = {
            "school": school.name,
            "school_code": school.code,
            "city": school.parent.short_name or school.parent.name,
            "level": SchoolLevel(school.level).label,
            "peer_level": SchoolLevel(level).label,
            "year": cycle.year,
            "rows": rows,
            "years": years,
            "trend": trend,
        }
    return out
