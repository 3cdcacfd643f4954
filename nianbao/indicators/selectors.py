"""Reads of data tables, authorised in the same call. `report_values`, `previous_report_values`
and `report_catalog` are a contract other apps (validation, aggregation, documents) use."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import ClassVar

from django.db import connections
from django.db.models import Aggregate, QuerySet, TextField
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

    A region's reports hold some 10⁵ values: the database returns one JSON object per report
    (read by the C decoder, far faster than 10⁵ rows through the driver), and each distinct
    number is converted once, to the Decimal the ORM itself would have read.
    """
    rows = (
        DataValue.objects.filter(report__in=reports)
        .values("report_id")
        .annotate(values=_ValuesObject())
        .values_list("report_id", "values")
    )
    ints, floats = _StoredNumbers.for_connection(connections[rows.db])
    return {
        report_id: json.loads(values, parse_int=ints.__getitem__, parse_float=floats.__getitem__)
        for report_id, values in rows
    }


class _ValuesObject(Aggregate):
    """A report's values as the text of one JSON object: {code: number, text or null}."""

    output_field = TextField()
    templates: ClassVar[dict[str, str]] = {
        "sqlite": "JSON_GROUP_OBJECT({code}, COALESCE({number}, NULLIF({text}, '')))",
        "postgresql": (
            "JSON_OBJECT_AGG({code}, COALESCE(TO_JSON({number}), TO_JSON(NULLIF({text}, ''))))"
            "::text"
        ),
    }

    def __init__(self) -> None:
        super().__init__("code", "number", "text")

    def as_sql(self, compiler, connection, **extra_context):
        code, number, text = (compiler.compile(e)[0] for e in self.source_expressions)
        return self.templates[connection.vendor].format(code=code, number=number, text=text), []


class _StoredNumbers(dict):
    """JSON number text → the value the ORM reads for it, converted once per distinct text."""

    def __init__(self, parse: Callable[[str], object], convert: Callable[[object], object]):
        super().__init__()
        self.parse, self.convert = parse, convert

    def __missing__(self, text: str) -> Decimal:
        value = self[text] = self.convert(self.parse(text))
        return value

    @classmethod
    def for_connection(cls, connection) -> tuple[_StoredNumbers, _StoredNumbers]:
        """(for integers, for other numbers): parsed as the driver returns the stored number
        (PostgreSQL: Decimal; SQLite: int or float), then put through the backend's converters.
        SQLite writes a float in JSON with 15 significant digits, the precision its converter
        keeps before rounding to the field's decimal places."""
        field = DataValue._meta.get_field("number")
        column = field.get_col(DataValue._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)

        def convert(value):
            for converter in converters:
                value = converter(value, column, connection)
            return value

        if connection.vendor == "postgresql":
            numbers = cls(Decimal, convert)
            return numbers, numbers
        return cls(int, convert), cls(float, convert)


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
