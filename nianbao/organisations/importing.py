"""批量导入组织机构 from an Excel (.xlsx) or CSV file. A dry run reports every bad row with its row
number and column; nothing is written unless the whole file is valid."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError
from nianbao.core.files import inspect_xlsx
from nianbao.core.permissions import Action, require
from nianbao.core.staged_imports import RowError
from nianbao.organisations.choices import (
    ALLOWED_PARENT_KIND,
    Affiliation,
    ExemptionReason,
    OrganisationKind,
    Ownership,
    SchoolLevel,
)
from nianbao.organisations.models import Organisation
from nianbao.organisations.services import (
    organisation_create,
    organisation_move,
    organisation_update,
)

__all__ = [
    "IMPORT_COLUMNS",
    "ImportResult",
    "organisations_import",
    "parse_rows",
    "require_import_file",
]

MAX_ROWS = 20000
MAX_BYTES = 5 * 1024 * 1024

# (header, attribute, required)
IMPORT_COLUMNS = [
    ("机构代码", "code", True),
    ("全称", "name", True),
    ("类型", "kind", True),
    ("上级代码", "parent_code", False),
    ("简称", "short_name", False),
    ("办学层次", "level", False),
    ("举办性质", "ownership", False),
    ("隶属关系", "affiliation", False),
    ("官方网站", "website", False),
    ("须编制年报", "must_file_report", False),
    ("不编制原因", "exemption_reason", False),
]
HEADER_ALIASES = {"学校代码": "机构代码", "名称": "全称", "机构名称": "全称", "学校名称": "全称"}
YES = {"是", "y", "yes", "true", "1", "须", "需要"}
NO = {"否", "n", "no", "false", "0", "不", "不需要"}


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)  # existing organisations the file changes
    created: int = 0
    updated: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _choice(label_map: dict[str, str], raw: str) -> str | None:
    """Accepts a stored value (school) or its Chinese label (学校; 企业举办 for 企业(集团)举办)."""
    raw = raw.strip()
    if raw in label_map:
        return raw
    for value, label in label_map.items():
        if raw == label or raw == label.replace("(集团)", ""):
            return value
    return None


def require_import_file(content: bytes, filename: str) -> None:
    """What the request may check before the worker parses: size, kind, a sane .xlsx archive
    (zip directory only). ApplicationError with a Chinese message otherwise."""
    if not content:
        raise ApplicationError("文件为空。")
    if len(content) > MAX_BYTES:
        raise ApplicationError(
            f"文件过大（{len(content) // 1024} KB），上限为 {MAX_BYTES // 1024 // 1024} MB。"
        )
    name = filename.lower()
    if name.endswith(".xlsx"):
        inspect_xlsx(content, what="机构名单", max_bytes=MAX_BYTES, max_uncompressed=8 * MAX_BYTES)
    elif not name.endswith((".csv", ".txt")):
        raise ApplicationError("只支持 .xlsx 或 .csv 文件。")


def _read_table(content: bytes, filename: str) -> list[list[str]]:
    require_import_file(content, filename)
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv") or name.endswith(".txt"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ApplicationError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码。")
        return [row for row in csv.reader(io.StringIO(text))]
    raise ApplicationError("只支持 .xlsx 或 .csv 文件。")


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise ApplicationError("无法读取该 Excel 文件，请确认文件未损坏。") from None
    ws = wb.worksheets[0]
    rows = []
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if i > MAX_ROWS + 1:
            raise ApplicationError(f"行数超过上限 {MAX_ROWS}。")
        rows.append(["" if v is None else str(v).strip() for v in row])
    wb.close()
    return rows


def parse_rows(content: bytes, filename: str) -> ImportResult:
    """Parses and checks every row against the file itself and the existing tree."""
    table = _read_table(content, filename)
    result = ImportResult()
    if not table:
        result.errors.append(RowError(1, "表头", "文件为空。"))
        return result
    headers = [HEADER_ALIASES.get(h.strip(), h.strip()) for h in table[0]]
    index = {h: i for i, h in enumerate(headers)}
    for header, _attr, required in IMPORT_COLUMNS:
        if required and header not in index:
            result.errors.append(RowError(1, header, "缺少必填列。"))
    if result.errors:
        return result
    if len(table) - 1 > MAX_ROWS:
        result.errors.append(RowError(1, "表头", f"行数超过上限 {MAX_ROWS}。"))
        return result

    existing = {o.code: o for o in Organisation.objects.select_related("parent")}
    kinds_in_file: dict[str, str] = {}
    seen: dict[str, int] = {}
    for number, raw in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        cells = {h: (raw[i].strip() if i < len(raw) else "") for h, i in index.items()}
        row, errors = _parse_row(number, cells)
        code = row.get("code")
        if code:
            if code in seen:
                errors.append(RowError(number, "机构代码", f"与第 {seen[code]} 行重复。"))
            seen[code] = number
            if row.get("kind"):
                kinds_in_file[code] = row["kind"]
        row["_row"] = number
        result.rows.append(row)
        result.errors.extend(errors)

    for row in result.rows:
        kind = row.get("kind")
        if not kind:
            continue
        expected = ALLOWED_PARENT_KIND[OrganisationKind(kind)]
        parent_code = row.get("parent_code", "")
        if expected is None:
            if parent_code:
                result.errors.append(RowError(row["_row"], "上级代码", "省级机构不能有上级。"))
            continue
        if not parent_code:
            result.errors.append(RowError(row["_row"], "上级代码", "必填：请填写上级机构代码。"))
            continue
        parent_kind = kinds_in_file.get(parent_code) or getattr(
            existing.get(parent_code), "kind", None
        )
        if parent_kind is None:
            result.errors.append(
                RowError(
                    row["_row"],
                    "上级代码",
                    f"上级机构“{parent_code}”不存在（文件中和系统中都没有）。",
                )
            )
        elif parent_kind != expected:
            result.errors.append(
                RowError(
                    row["_row"],
                    "上级代码",
                    f"{OrganisationKind(kind).label}的上级必须是{OrganisationKind(expected).label}，"
                    f"而“{parent_code}”是{OrganisationKind(parent_kind).label}。",
                )
            )
    result.errors.sort(key=lambda e: e.row)
    result.changes = [
        change for row in result.rows if (change := _diff(row, existing.get(row.get("code"))))
    ]
    return result


_DIFF_FIELDS = [
    (header, attr) for header, attr, _ in IMPORT_COLUMNS if attr not in ("code", "kind")
]
_LABELS = {
    "level": dict(SchoolLevel.choices),
    "ownership": dict(Ownership.choices),
    "affiliation": dict(Affiliation.choices),
    "exemption_reason": dict(ExemptionReason.choices),
}


def _shown(attr: str, value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return _LABELS.get(attr, {}).get(value, value) or "（空）"


def _diff(row: dict, org: Organisation | None) -> dict | None:
    """What the row would change on an existing organisation (shown before confirming)."""
    if org is None:
        return None
    now = {attr: getattr(org, attr) for _, attr in _DIFF_FIELDS if attr != "parent_code"}
    now["parent_code"] = org.parent.code if org.parent_id else ""
    fields = [
        (header, _shown(attr, now[attr]), _shown(attr, row.get(attr)))
        for header, attr in _DIFF_FIELDS
        if (row.get(attr) or "") != (now[attr] or "")
        and not (attr == "parent_code" and not row.get(attr))
    ]
    if not fields:
        return None
    return {"row": row["_row"], "code": org.code, "name": org.name, "fields": fields}


def _parse_row(number: int, cells: dict[str, str]) -> tuple[dict, list[RowError]]:
    errors: list[RowError] = []
    row: dict = {}
    for header, attr, required in IMPORT_COLUMNS:
        value = cells.get(header, "")
        if required and not value:
            errors.append(RowError(number, header, "必填，不能为空。"))
        row[attr] = value
    if row["kind"]:
        kind = _choice(dict(OrganisationKind.choices), row["kind"])
        kind = kind or {"省": "province", "市": "city", "省级": "province", "市级": "city"}.get(
            row["kind"]
        )
        if kind is None:
            errors.append(
                RowError(number, "类型", f"“{row['kind']}”无效，应为：省、市、学校或企业。")
            )
        row["kind"] = kind
    for header, attr, choices in (
        ("办学层次", "level", SchoolLevel),
        ("举办性质", "ownership", Ownership),
        ("隶属关系", "affiliation", Affiliation),
        ("不编制原因", "exemption_reason", ExemptionReason),
    ):
        if row[attr]:
            value = _choice(dict(choices.choices), row[attr])
            if value is None:
                allowed = "、".join(choices.labels)
                errors.append(RowError(number, header, f"“{row[attr]}”无效，应为：{allowed}。"))
            row[attr] = value or ""
    if row.get("kind") == OrganisationKind.SCHOOL and not row["level"]:
        errors.append(
            RowError(number, "办学层次", "学校必须填写办学层次（高职、职业本科或中职）。")
        )
    flag = cells.get("须编制年报", "").lower()
    if flag and flag not in YES | NO:
        errors.append(RowError(number, "须编制年报", f"“{flag}”无效，请填写“是”或“否”。"))
    row["must_file_report"] = flag not in NO
    if not row["must_file_report"] and not row["exemption_reason"]:
        errors.append(RowError(number, "不编制原因", "不编制年报时必须说明原因。"))
    if row["website"] and not row["website"].startswith(("http://", "https://")):
        errors.append(RowError(number, "官方网站", "网址须以 http:// 或 https:// 开头。"))
    if len(row["name"]) > 120:
        errors.append(RowError(number, "全称", "不能超过 120 个字。"))
    return row, errors


def organisations_import(
    *, actor, content: bytes, filename: str, dry_run: bool = True
) -> ImportResult:
    """Checks the file; when `dry_run` is False and the file is clean, creates or updates every
    row in one transaction (parents before children)."""
    require(actor, Action.MANAGE_ORGANISATIONS)
    result = parse_rows(content, filename)
    if dry_run or not result.ok:
        return result

    order = {"province": 0, "city": 1, "school": 2, "enterprise": 3}
    with transaction.atomic():
        by_code = {o.code: o for o in Organisation.objects.all()}
        for row in sorted(result.rows, key=lambda r: order[r["kind"]]):
            fields = {
                k: row[k]
                for k in (
                    "name",
                    "short_name",
                    "level",
                    "ownership",
                    "affiliation",
                    "website",
                    "must_file_report",
                    "exemption_reason",
                )
            }
            parent = by_code.get(row["parent_code"]) if row["parent_code"] else None
            org = by_code.get(row["code"])
            if org is None:
                org = organisation_create(
                    actor=actor, kind=row["kind"], parent=parent, code=row["code"], **fields
                )
                by_code[org.code] = org
                result.created += 1
            else:
                organisation_update(actor=actor, organisation=org, **fields)
                if parent is not None and org.parent_id != parent.pk:
                    organisation_move(actor=actor, organisation=org, new_parent=parent)
                result.updated += 1
        audit_record(
            actor=actor,
            action="organisation.import",
            object_type="organisations.Organisation",
            object_repr=filename[:255],
            after={"created": result.created, "updated": result.updated},
        )
    result.applied = True
    return result
