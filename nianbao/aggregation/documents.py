"""The region report of a city or the province built from the database (地市级/省级年报):
aggregates, the framework's parts, what the bureau wrote in its own report and the cases it
picked, as one `ReportDocument`."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from nianbao.aggregation.report import PartSpec, build_region_document
from nianbao.aggregation.selectors import RegionFigures, region_figures
from nianbao.cycles.models import Cycle, ReportKind
from nianbao.documents.builder import item_blocks, part_items
from nianbao.documents.model import Case, Chapter, ReportDocument
from nianbao.organisations.models import Organisation
from nianbao.reports.models import Report

__all__ = ["bureau_report", "bureau_report_kind", "region_report_document"]


def bureau_report_kind(organisation: Organisation) -> str:
    """The report a bureau writes itself: 省级年报 for the province, 地市级年报 for a city."""
    return ReportKind.PROVINCE if organisation.kind == "province" else ReportKind.CITY


def bureau_report(organisation: Organisation, cycle: Cycle) -> Report | None:
    kind = bureau_report_kind(organisation)
    return Report.objects.filter(cycle=cycle, organisation=organisation, kind=kind).first()


def region_report_document(
    organisation: Organisation, year: int, *, extra_chapters: Sequence[Chapter] = ()
) -> tuple[ReportDocument, RegionFigures]:
    """The generated report and the figures it was written from."""
    figures = region_figures(organisation, year)
    cycle = Cycle.objects.get(year=year)
    parts = [PartSpec(p.code, p.name) for p in cycle.framework.parts(figures.kind)]
    authored: dict[str, list] = {}
    cases: dict[str, list[Case]] = {}
    report = bureau_report(organisation, cycle)
    if report is not None:
        for code, items in part_items(report).items():
            for kind, item in items:
                if kind == "section" and not item.body.strip():
                    continue  # an outline heading not written yet is not printed
                target = cases if kind == "case" else authored
                target.setdefault(code, []).extend(item_blocks(kind, item, None, None))
    document = build_region_document(
        figures,
        parts=parts,
        authored=authored,
        cases=cases,
        extra_chapters=extra_chapters,
        date_label=timezone.localdate().strftime("%Y年%m月"),
    )
    return document, figures
