"""Writing data tables: `data_values_save` (web form, Excel, API and bulk import all use it),
evidence (佐证材料) upload and removal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError
from nianbao.core.files import (
    ARCHIVE_MEDIA,
    DOCX,
    JPEG,
    PDF,
    PNG,
    XLSX,
    inspect_archive,
    sniff_media,
)
from nianbao.indicators.formatting import value_text
from nianbao.indicators.models import (
    ChangeSource,
    DataTableRevision,
    DataValue,
    DataValueChange,
    Evidence,
)
from nianbao.indicators.parsing import parse_raw, same_value
from nianbao.indicators.permissions import report_is_editable, require_edit_data
from nianbao.indicators.selectors import report_catalog
from nianbao.indicators.signals import data_values_saved

__all__ = [
    "DataEntryError",
    "VersionConflict",
    "SaveResult",
    "data_values_save",
    "parse_raw",
    "evidence_add",
    "evidence_delete",
    "EVIDENCE_MAX_BYTES",
]

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
# The evidence formats accepted, by extension; the bytes must be of that kind (core.files).
EVIDENCE_MEDIA = {
    ".pdf": PDF,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".docx": DOCX,
    ".xlsx": XLSX,
}


class DataEntryError(ApplicationError):
    """Bad cells: `errors` maps each indicator code to its Chinese message."""

    def __init__(self, errors: dict[str, str], names: dict[str, str]):
        super().__init__(
            f"有 {len(errors)} 处数据不符合要求，未保存。",
            reasons=[
                msg if names.get(code, code) in msg else f"{names.get(code, code)}：{msg}"
                for code, msg in errors.items()
            ],
        )
        self.errors = errors


class VersionConflict(ApplicationError):
    """The table changed since the user loaded it; nothing was saved."""

    def __init__(self, *, table_name, base_version, current, mine, theirs, changed_by, changed_at):
        who = f"{changed_by}" if changed_by else "其他用户"
        when = f"于 {timezone.localtime(changed_at):%Y-%m-%d %H:%M} " if changed_at else ""
        super().__init__(
            f"“{table_name}”已被{who}{when}修改（当前版本 {current}，您打开的是版本 "
            f"{base_version}）。您的修改未保存，以免覆盖他人的数据；请对照下方两个版本，"
            "重新打开后再提交。",
            status=409,
        )
        self.base_version = base_version
        self.current_version = current
        self.mine = mine
        self.theirs = theirs


@dataclass
class SaveResult:
    version: int
    changed: list[str] = field(default_factory=list)


@transaction.atomic
def data_values_save(
    *,
    actor,
    report,
    table_code: str,
    values: dict[str, object],
    base_version: int,
    source: str = ChangeSource.WEB,
    notes: dict[str, str] | None = None,
    authorise: bool = True,
) -> SaveResult:
    """Saves the given cells of one table (codes not given stay as they are). Every bad cell is
    reported at once; a save based on an older table version is refused; unchanged input changes
    nothing (not even the version)."""
    if authorise:
        require_edit_data(actor, report)
    elif not report_is_editable(report):
        raise ApplicationError(f"年报“{report}”当前不可修改。", status=409)
    catalog = report_catalog(report)
    try:
        table = catalog.table(table_code)
    except KeyError:
        raise ApplicationError(f"数据表 {table_code} 不存在。", status=404) from None
    specs = {spec.code: spec for spec in table.indicators}
    names = {code: spec.name for code, spec in specs.items()}
    notes = notes or {}

    revision, _ = DataTableRevision.objects.select_for_update().get_or_create(
        report=report, table_code=table_code
    )
    existing = {dv.code: dv for dv in DataValue.objects.filter(report=report, code__in=list(specs))}
    if int(base_version) != revision.version:
        raise VersionConflict(
            table_name=table.name,
            base_version=base_version,
            current=revision.version,
            mine={code: "" if raw is None else str(raw) for code, raw in values.items()},
            theirs={code: value_text(existing[code].value) for code in specs if code in existing},
            changed_by=revision.updated_by,
            changed_at=revision.updated_at,
        )

    errors: dict[str, str] = {}
    parsed: dict[str, Decimal | str | None] = {}
    for code, raw in values.items():
        if code not in specs:
            errors[code] = "不是本表的指标"
            continue
        try:
            parsed[code] = parse_raw(specs[code], raw)
        except ValueError as exc:
            errors[code] = str(exc)
    for code, note in notes.items():
        if code not in specs:
            errors.setdefault(code, "不是本表的指标")
        elif len(note or "") > 500:
            errors[code] = "备注不能超过 500 字"
    if errors:
        raise DataEntryError(errors, names)

    changes: list[DataValueChange] = []
    to_create: list[DataValue] = []
    to_update: dict[str, DataValue] = {}
    before: dict[str, str | None] = {}
    after: dict[str, str | None] = {}

    def row(code: str) -> DataValue:
        if code in existing:
            return existing[code]
        dv = DataValue(report=report, code=code)
        existing[code] = dv
        to_create.append(dv)
        return dv

    for code, new in parsed.items():
        old = existing[code].value if code in existing else None
        if same_value(old, new):
            continue
        dv = row(code)
        dv.number = new if isinstance(new, Decimal) else None
        dv.text = new if isinstance(new, str) else ""
        dv.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        if dv.pk:
            to_update[code] = dv
        old_text, new_text = value_text(old) or None, value_text(new) or None
        before[code], after[code] = old_text, new_text
        changes.append(_change(report, code, "value", old_text, new_text, source, actor))
    for code, note in notes.items():
        note = (note or "").strip()
        old_note = existing[code].note if code in existing else ""
        if note == old_note:
            continue
        dv = row(code)
        dv.note = note
        if dv.pk:
            to_update[code] = dv
        changes.append(_change(report, code, "note", old_note or None, note or None, source, actor))
        before[f"{code}#备注"], after[f"{code}#备注"] = old_note, note

    if not changes:
        return SaveResult(version=revision.version)
    for dv in [*to_create, *to_update.values()]:
        dv.full_clean(exclude=["report", "updated_by"], validate_unique=False)
    DataValue.objects.bulk_create(to_create)
    if to_update:
        now = timezone.now()  # bulk_update skips auto_now
        for dv in to_update.values():
            dv.updated_at = now
        DataValue.objects.bulk_update(
            list(to_update.values()), ["number", "text", "note", "updated_by", "updated_at"]
        )
    DataValueChange.objects.bulk_create(changes)
    revision.version += 1
    revision.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    revision.save()
    audit_record(
        actor=actor,
        action=f"data.save.{source}",
        obj=report,
        object_repr=f"{report} · {table.name}"[:255],
        organisation=report.owner_organisation,
        before=before,
        after=after,
    )
    changed = sorted({c.code for c in changes}, key=list(specs).index)
    transaction.on_commit(
        lambda: data_values_saved.send(sender=DataValue, report=report), robust=True
    )
    return SaveResult(version=revision.version, changed=changed)


def _change(report, code, field_name, old, new, source, actor) -> DataValueChange:
    return DataValueChange(
        report=report,
        code=code,
        field=field_name,
        old=old,
        new=new,
        source=source,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def evidence_add(*, actor, report, code: str, name: str, content: bytes) -> Evidence:
    """Attaches a 佐证材料 file, accepted by its content (PDF, PNG, JPEG, DOCX, XLSX) and size."""
    require_edit_data(actor, report)
    spec = report_catalog(report).indicators.get(code)
    if spec is None:
        raise ApplicationError(f"指标 {code} 不存在。", status=404)
    if not content:
        raise ApplicationError("文件为空。")
    if len(content) > EVIDENCE_MAX_BYTES:
        raise ApplicationError(
            f"文件过大（{len(content) / 1048576:.1f} MB），单个佐证材料不能超过 "
            f"{EVIDENCE_MAX_BYTES // 1048576} MB。"
        )
    suffix = PurePath(name).suffix.lower()
    if suffix not in EVIDENCE_MEDIA:
        raise ApplicationError("只接受 PDF、PNG、JPG、DOCX、XLSX 格式的佐证材料。")
    content_type = EVIDENCE_MEDIA[suffix]
    if sniff_media(content) != content_type:
        raise ApplicationError(
            f"文件内容与扩展名 {suffix} 不符，请上传真实的{suffix[1:].upper()} 文件。"
        )
    if content_type in ARCHIVE_MEDIA:
        inspect_archive(content)
    evidence = Evidence(
        report=report,
        code=code,
        original_name=PurePath(name).name[:200],
        content_type=content_type,
        size=len(content),
        uploaded_by=actor,
    )
    evidence.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=False)
    evidence.save()
    audit_record(
        actor=actor,
        action="data.evidence.add",
        obj=evidence,
        object_repr=f"{report} · {spec.name} · {evidence.original_name}"[:255],
        organisation=report.owner_organisation,
        after={"code": code, "name": evidence.original_name, "size": evidence.size},
    )
    return evidence


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    report = evidence.report
    require_edit_data(actor, report)
    audit_record(
        actor=actor,
        action="data.evidence.delete",
        obj=evidence,
        organisation=report.owner_organisation,
        before={"code": evidence.code, "name": evidence.original_name},
        after={},
    )
    storage, path = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(path))
