"""Reads of data tables, authorised in the same call. `report_values`, `previous_report_values`
and `report_catalog` are a contract other apps (validation, aggregation, documents) use."""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Field, QuerySet
from django.db.models.sql.constants import MULTI
from django.http import Http404

from nianbao.core.exceptions import ApplicationError
from nianbao.cycles.models import ReportKind
from nianbao.indicators.catalog import Catalog, CatalogError, load_catalog
from nianbao.indicators.models import DataTableRevision, DataValue, DataValueChange, Evidence
from nianbao.reports.models import Report
from nianbao.reports.selectors import report_for_view

__all__ = [
    "report_catalog",
    "report_level",
    "report_values",
    "values_for_reports",
    "report_notes",
    "previous_report",
    "previous_report_values",
    "table_versions",
    "report_for_data",
    "value_history",
    "evidence_for",
]


def report_level(report: Report) -> str:
    """The catalog level of a report: a school's own level (职业本科 files 高职 tables); city
    reports are 中职 reports; the provincial report uses the 高职 tables."""
    if report.kind == ReportKind.SCHOOL:
        return report.organisation.report_level
    if report.kind == ReportKind.CITY:
        return "secondary"
    if report.kind == ReportKind.PROVINCE:
        return "higher"
    raise ApplicationError("企业年报没有数据表。")


def report_catalog(report: Report) -> Catalog:
    """The `Catalog` for the report's cycle edition and organisation level."""
    try:
        return load_catalog(report.cycle.indicator_edition, report_level(report))
    except (CatalogError, FileNotFoundError) as exc:
        raise ApplicationError(f"指标体系无法加载：{exc}") from None


def report_values(report: Report) -> dict[str, Decimal | str | None]:
    """Every stored value of the report keyed by indicator code (blank cells are absent or None)."""
    return values_for_reports([report]).get(report.pk, {})


def values_for_reports(reports) -> dict[int, dict[str, Decimal | str | None]]:
    """Stored values of many reports (objects or ids) in one query: {report_id: {code: value}}.

    A region's reports hold some 10⁵ values, most of them numbers that recur (counts, rates):
    the rows are read without Django's per-row conversion and each distinct stored number is
    converted once, by the backend's own converters (SQLite: float → Decimal of 4 places).
    """
    queryset = DataValue.objects.filter(report__in=reports).values_list(
        "report_id", "code", "number", "text"
    )
    compiler = queryset.query.get_compiler(using=queryset.db)
    to_decimal = _number_converter(compiler.connection, DataValue._meta.get_field("number"))
    out: dict[int, dict[str, Decimal | str | None]] = {}
    for chunk in compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=5000):
        for report_id, code, number, text in chunk:
            value = to_decimal(number) if number is not None else (text or None)
            out.setdefault(report_id, {})[code] = value
    return out


def _number_converter(connection, field: Field) -> Callable[[object], Decimal]:
    """The backend's conversion of a stored decimal, cached per stored value (typed: SQLite's
    int 90 and float 90.0 convert alike, but a float is first rounded to 15 digits)."""
    column = field.get_col(field.model._meta.db_table)
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)

    @functools.lru_cache(maxsize=None, typed=True)
    def convert(value):
        for converter in converters:
            value = converter(value, column, connection)
        return value

    return convert


def report_notes(report: Report) -> dict[str, str]:
    rows = DataValue.objects.filter(report=report).exclude(note="").values_list("code", "note")
    return dict(rows)


def previous_report(report: Report) -> Report | None:
    """The same organisation's report of the same kind in the previous cycle year."""
    return (
        Report.objects.filter(
            organisation_id=report.organisation_id,
            kind=report.kind,
            compiling_school_id=report.compiling_school_id,
            cycle__year=report.cycle.year - 1,
        )
        .select_related("cycle", "organisation")
        .first()
    )


def previous_report_values(report: Report) -> dict[str, Decimal | str | None]:
    previous = previous_report(report)
    return report_values(previous) if previous is not None else {}


def table_versions(report: Report) -> dict[str, int]:
    """Current version per table code; a table never saved is at version 0."""
    return dict(
        DataTableRevision.objects.filter(report=report).values_list("table_code", "version")
    )


def report_for_data(user, pk: int) -> Report:
    """A report the user may see, with what the data pages need; 404 otherwise."""
    report = report_for_view(user, pk)
    if report.kind == ReportKind.ENTERPRISE:
        raise Http404("企业年报没有数据表。")
    return report


def value_history(report: Report, code: str) -> QuerySet[DataValueChange]:
    return DataValueChange.objects.filter(report=report, code=code).select_related("actor")


def evidence_for(report: Report, code: str | None = None) -> QuerySet[Evidence]:
    qs = Evidence.objects.filter(report=report).select_related("uploaded_by")
    return qs.filter(code=code) if code is not None else qs
