"""Excel round-trip for one report: build the pre-filled workbook, dry-run an upload (every
problem and every change, nothing saved), apply a clean upload."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from nianbao.core.exceptions import ApplicationError
from nianbao.indicators.excel_export import WorkbookContext, build_workbook
from nianbao.indicators.excel_import import (
    ParsedWorkbook,
    Problem,
    WorkbookRefused,
    parse_workbook,
)
from nianbao.indicators.formatting import value_text
from nianbao.indicators.models import ChangeSource
from nianbao.indicators.parsing import same_value
from nianbao.indicators.permissions import require_edit_data
from nianbao.indicators.selectors import (
    previous_report_values,
    report_catalog,
    report_notes,
    report_values,
    table_versions,
)
from nianbao.indicators.services import SaveResult, data_values_save

__all__ = [
    "CellChange",
    "UploadCheck",
    "workbook_for_report",
    "workbook_filename",
    "workbook_check",
    "check_parsed",
    "apply_changes",
    "workbook_apply",
    "diff_values",
]


@dataclass(frozen=True)
class CellChange:
    table_code: str
    code: str
    name: str
    field: str  # value | note
    old: str
    new: str
    table_label: str = ""  # 附表6 政策落实表: what the page shows instead of the code


@dataclass
class UploadCheck:
    problems: list[Problem] = field(default_factory=list)
    changes: list[CellChange] = field(default_factory=list)
    parsed: ParsedWorkbook | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def workbook_for_report(report) -> bytes:
    catalog = report_catalog(report)
    return build_workbook(
        WorkbookContext(
            school_code=report.organisation.code,
            school_name=report.organisation.name,
            report_id=report.pk,
            year=report.cycle.year,
            catalog=catalog,
            values=report_values(report),
            notes=report_notes(report),
            previous=previous_report_values(report),
            versions=table_versions(report),
        )
    )


def workbook_filename(report) -> str:
    return f"{report.organisation.code}-{report.cycle.year}-数据表.xlsx"


def diff_values(catalog, parsed_values, parsed_notes, current, notes) -> list[CellChange]:
    changes = []
    for table in catalog.tables:
        values = parsed_values.get(table.code, {})
        table_notes = parsed_notes.get(table.code, {})
        for spec in table.indicators:
            if spec.code in values and not same_value(current.get(spec.code), values[spec.code]):
                changes.append(
                    CellChange(
                        table.code,
                        spec.code,
                        spec.name,
                        "value",
                        value_text(current.get(spec.code)),
                        value_text(values[spec.code]),
                        f"附表{table.number} {table.name}",
                    )
                )
            if spec.code in table_notes and table_notes[spec.code] != notes.get(spec.code, ""):
                changes.append(
                    CellChange(
                        table.code,
                        spec.code,
                        spec.name,
                        "note",
                        notes.get(spec.code, ""),
                        table_notes[spec.code],
                        f"附表{table.number} {table.name}",
                    )
                )
    return changes


def workbook_check(*, report, content: bytes) -> UploadCheck:
    """The dry run: reads the workbook against the report's catalog and its stored values."""
    catalog = report_catalog(report)
    try:
        parsed = parse_workbook(content, catalog)
    except WorkbookRefused as exc:
        return UploadCheck(problems=[Problem("文件", None, "", "", exc.message)])
    return check_parsed(report=report, parsed=parsed, catalog=catalog)


def _identity_problem(report, meta, catalog) -> str | None:
    school = report.organisation
    if not meta.get("school_code"):
        return None
    if meta["school_code"] != school.code:
        return (
            f"这是学校代码 {meta['school_code']} 的工作簿，不是 {school.name}（{school.code}）的；"
            "请上传本校的工作簿。"
        )
    if meta.get("year") and meta["year"] != str(report.cycle.year):
        return f"这是 {meta['year']}年度的工作簿，当前年报是 {report.cycle.year}年度。"
    if meta.get("level") and meta["level"] != catalog.level:
        return "工作簿的数据表类型（高职/中职）与本校不符。"
    return None


def check_parsed(*, report, parsed: ParsedWorkbook, catalog) -> UploadCheck:
    check = UploadCheck(problems=list(parsed.problems), parsed=parsed)
    identity = _identity_problem(report, parsed.meta, catalog)
    if identity:
        check.problems.insert(0, Problem("工作簿", None, "", "", identity))
        return check
    check.changes = diff_values(
        catalog, parsed.values, parsed.notes, report_values(report), report_notes(report)
    )
    versions = table_versions(report)
    uploaded = parsed.versions
    changed_tables = {c.table_code for c in check.changes}
    for table in catalog.tables:
        was, now = uploaded.get(table.code, 0), versions.get(table.code, 0)
        if table.code in changed_tables and was != now:
            check.problems.append(
                Problem(
                    f"附表{table.number} {table.name}",
                    None,
                    "",
                    "",
                    f"这张表在您下载后已被修改（下载时版本 {was}，当前版本 {now}）；"
                    "为免覆盖他人的数据，请重新下载后再填写。",
                )
            )
    return check


@transaction.atomic
def workbook_apply(
    *,
    actor,
    report,
    content: bytes,
    source: str = ChangeSource.EXCEL,
    authorise: bool = True,
) -> list[SaveResult]:
    """Saves a clean workbook's changes, table by table, each against the version it was based on."""
    if authorise:
        require_edit_data(actor, report)
    check = workbook_check(report=report, content=content)
    if not check.ok:
        raise ApplicationError(
            f"文件检查未通过（{len(check.problems)} 处问题），未保存任何数据。",
            reasons=[str(p) for p in check.problems[:50]],
        )
    return apply_changes(
        actor=actor,
        report=report,
        changes=check.changes,
        values=check.parsed.values,
        versions=check.parsed.versions,
        source=source,
        authorise=authorise,
    )


def apply_changes(
    *, actor, report, changes, values, versions, source, authorise
) -> list[SaveResult]:
    results = []
    by_table: dict[str, list[CellChange]] = {}
    for change in changes:
        by_table.setdefault(change.table_code, []).append(change)
    for table_code, table_changes in by_table.items():
        results.append(
            data_values_save(
                actor=actor,
                report=report,
                table_code=table_code,
                values={
                    c.code: values[table_code][c.code] for c in table_changes if c.field == "value"
                },
                notes={c.code: c.new for c in table_changes if c.field == "note"},
                base_version=versions.get(table_code, 0),
                source=source,
                authorise=authorise,
            )
        )
    return results
