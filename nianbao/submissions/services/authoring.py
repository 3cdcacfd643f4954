"""在线编写: sections, cases, figures and tables of a report's framework parts, and the choice
between writing in the platform and uploading a finished DOCX/PDF."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from nianbao.core.audit import audit_record, snapshot
from nianbao.core.exceptions import ApplicationError
from nianbao.core.files import DOCX, PDF, require_upload
from nianbao.core.text import strip_typed_number
from nianbao.documents.builder import part_items
from nianbao.indicators.selectors import report_catalog
from nianbao.reports.choices import AuthoringMode
from nianbao.reports.models import Case, Figure, Report, ReportFile, ReportSection, ReportTable
from nianbao.reports.permissions import require_editable, require_write
from nianbao.reports.text import (
    CASE_MAX_CHARS,
    count_chars,
    parse_table_text,
    sniff_image,
    table_text_problems,
)
from nianbao.submissions import tasks
from nianbao.submissions.services.stored_files import slot_replace

__all__ = [
    "MAX_IMAGE_BYTES",
    "MAX_REPORT_FILE_BYTES",
    "authoring_mode_set",
    "section_save",
    "case_save",
    "figure_image_save",
    "figure_chart_save",
    "table_save",
    "item_delete",
    "item_move",
    "report_file_upload",
    "ITEM_MODELS",
]

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_REPORT_FILE_BYTES = 50 * 1024 * 1024
MAX_SECTION_CHARS = 60_000
ITEM_MODELS = {"section": ReportSection, "case": Case, "figure": Figure, "table": ReportTable}
_KEY_PREFIX = {"case": "case", "figure": "fig", "table": "tab"}


def _guard(actor, report: Report) -> None:
    require_write(actor, report)
    require_editable(report)


def _check_part(report: Report, part_code: str) -> None:
    if part_code not in {p.code for p in report.framework_parts}:
        raise ApplicationError(f"报告框架中没有这一部分：{part_code}")


def _next_order(report: Report, part_code: str) -> int:
    top = 0
    for model in ITEM_MODELS.values():
        value = model.objects.filter(report=report, part_code=part_code).aggregate(m=Max("order"))
        top = max(top, value["m"] or 0)
    return top + 1


def _next_key(report: Report, kind: str) -> str:
    prefix = _KEY_PREFIX[kind]
    used = set(ITEM_MODELS[kind].objects.filter(report=report).values_list("key", flat=True))
    n = len(used) + 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


_WHAT = {ReportSection: "该小节", Case: "该案例", ReportTable: "该表"}


def _lock_current(item, report: Report, version: int | None):
    """The stored item, locked, when `version` (the one the writer started from, required) is
    still current; otherwise a 409 so nobody silently overwrites someone else's save."""
    model = type(item)
    what = _WHAT[model]
    if version is None:
        raise ApplicationError(f"{what}缺少版本号，请刷新页面后再保存。", status=409)
    locked = model.objects.select_for_update().filter(pk=item.pk, report=report).first()
    if locked is None:
        raise ApplicationError(f"{what}不存在或已被删除。", status=404)
    if version != locked.version:
        raise ApplicationError(
            f"{what}已被他人修改（您编辑的是第 {version} 版，当前为第 {locked.version} 版）。"
            "您的内容已保留在浏览器中，请刷新后合并再保存。",
            status=409,
        )
    locked.version += 1
    return locked


def _touch(report: Report) -> None:
    """Any change to the content makes the stored checker result stale."""
    Report.objects.filter(pk=report.pk).update(checked_at=None)


def _snap(item) -> dict:
    """The item's fields for the audit trail (files by their stored name)."""
    data = snapshot(item, [f.attname for f in item._meta.concrete_fields if f.name != "image"])
    if isinstance(item, Figure):
        data["image"] = item.image.name or ""
    return data


def _audit(actor, action: str, item, before=None) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=item,
        organisation=item.report.owner_organisation,
        before=before,
        after=_snap(item) if action.endswith((".save", ".move")) else None,
    )


@transaction.atomic
def authoring_mode_set(*, actor, report: Report, mode: str) -> Report:
    _guard(actor, report)
    if mode not in AuthoringMode.values:
        raise ApplicationError("未知的编写方式。")
    before = snapshot(report, ["authoring_mode"])
    report.authoring_mode = mode
    report.checked_at = None
    report.save(update_fields=["authoring_mode", "checked_at", "updated_at"])
    audit_record(
        actor=actor,
        action="report.authoring_mode",
        obj=report,
        organisation=report.owner_organisation,
        before=before,
        after=snapshot(report, ["authoring_mode"]),
    )
    return report


@transaction.atomic
def section_save(
    *,
    actor,
    report: Report,
    part_code: str,
    title: str,
    body: str,
    section: ReportSection | None = None,
    version: int | None = None,
) -> ReportSection:
    """Creates or updates a section; an update names the `version` it started from, and a newer
    stored version means someone else saved in between (409 with both sides kept)."""
    _guard(actor, report)
    _check_part(report, part_code)
    if len(body) > MAX_SECTION_CHARS:
        raise ApplicationError(f"一个小节的正文不能超过 {MAX_SECTION_CHARS} 字，请拆分为多个小节。")
    # The platform numbers sections; a typed "1.1 " would be printed twice.
    title = strip_typed_number(title)[:120]
    if section is None:
        section = ReportSection(
            report=report, part_code=part_code, order=_next_order(report, part_code)
        )
        before = None
    else:
        section = _lock_current(section, report, version)
        before = snapshot(section, ["title", "body"])
    section.title, section.body, section.updated_by = title, body, actor
    section.full_clean()
    section.save()
    _touch(report)
    _audit(actor, "section.save", section, before)
    return section


@transaction.atomic
def case_save(
    *,
    actor,
    report: Report,
    part_code: str,
    title: str,
    body: str,
    case: Case | None = None,
    version: int | None = None,
) -> Case:
    """案例: title required, body ≤ 500 字 without whitespace; an update names its `version`."""
    _guard(actor, report)
    _check_part(report, part_code)
    title, body = strip_typed_number(title), body.strip()
    reasons = []
    if not title:
        reasons.append("请填写案例标题")
    if not body:
        reasons.append("请填写案例正文")
    n = count_chars(body)
    if n > CASE_MAX_CHARS:
        reasons.append(f"案例正文为 {n} 字，超过 {CASE_MAX_CHARS} 字上限")
    if reasons:
        raise ApplicationError("案例无法保存", reasons=reasons)
    before = None
    if case is None:
        case = Case(
            report=report,
            part_code=part_code,
            order=_next_order(report, part_code),
            key=_next_key(report, "case"),
        )
    else:
        case = _lock_current(case, report, version)
        before = snapshot(case, ["title", "body"])
    case.title, case.body = title[:120], body
    case.full_clean()
    case.save()
    _touch(report)
    _audit(actor, "case.save", case, before)
    return case


@transaction.atomic
def figure_image_save(
    *, actor, report: Report, part_code: str, caption: str, content: bytes, source_note: str = ""
) -> Figure:
    """图 from an uploaded image: PNG or JPEG by its bytes, at most 5 MB."""
    _guard(actor, report)
    _check_part(report, part_code)
    reasons = []
    if not caption.strip():
        reasons.append("请填写图题")
    if len(content) > MAX_IMAGE_BYTES:
        reasons.append(f"图片过大（{len(content) / 1024 / 1024:.1f} MB），上限为 5 MB")
    media = sniff_image(content)
    if media is None:
        reasons.append("图片须为 PNG 或 JPEG 格式（按文件内容判断）")
    if reasons:
        raise ApplicationError("图片无法上传", reasons=reasons)
    figure = Figure(
        report=report,
        part_code=part_code,
        order=_next_order(report, part_code),
        key=_next_key(report, "figure"),
        caption=caption.strip()[:120],
        source_note=source_note.strip()[:200],
        image_sha256=hashlib.sha256(content).hexdigest(),
    )
    ext = "png" if media == "image/png" else "jpg"
    figure.image.save(f"{figure.key}.{ext}", ContentFile(content), save=False)
    figure.save()
    _touch(report)
    _audit(actor, "figure.save", figure)
    return figure


CHART_KINDS = {"bar": "柱状图", "pie": "饼图", "line": "折线图"}


@transaction.atomic
def figure_chart_save(
    *, actor, report: Report, part_code: str, caption: str, kind: str, codes: list[str]
) -> Figure:
    """图 generated from the report's own data values (指标代码 from its catalog)."""
    _guard(actor, report)
    _check_part(report, part_code)
    codes = [c.strip() for c in codes if c.strip()]
    reasons = []
    if not caption.strip():
        reasons.append("请填写图题")
    if kind not in CHART_KINDS:
        reasons.append("请选择图表类型")
    if not codes:
        reasons.append("请至少选择一个指标")
    else:
        known = _catalog_codes(report)
        unknown = [c for c in codes if known is not None and c not in known]
        if unknown:
            reasons.append(f"数据表中没有这些指标：{'、'.join(unknown)}")
    if reasons:
        raise ApplicationError("图表无法生成", reasons=reasons)
    figure = Figure.objects.create(
        report=report,
        part_code=part_code,
        order=_next_order(report, part_code),
        key=_next_key(report, "figure"),
        caption=caption.strip()[:120],
        chart={"kind": kind, "codes": codes, "title": ""},
        source_note="数据来源：本单位年报数据表",
    )
    _touch(report)
    _audit(actor, "figure.save", figure)
    return figure


def _catalog_codes(report: Report) -> set[str] | None:
    try:

        return set(report_catalog(report).indicators)
    except (ImportError, ApplicationError):
        return None


@transaction.atomic
def table_save(
    *,
    actor,
    report: Report,
    part_code: str,
    caption: str,
    text: str,
    table: ReportTable | None = None,
    version: int | None = None,
) -> ReportTable:
    """表 typed as lines (cells split by tab or |), first line the header, within the size
    limits (a table is for a page, not a data dump); an update names its `version`."""
    _guard(actor, report)
    _check_part(report, part_code)
    reasons = table_text_problems(text)
    if reasons:
        raise ApplicationError("表格无法保存", reasons=reasons)
    columns, rows = parse_table_text(text)
    if not caption.strip():
        reasons.append("请填写表题")
    if not columns:
        reasons.append("请填写表格内容：第一行为表头，单元格之间用 | 或制表符分隔")
    if reasons:
        raise ApplicationError("表格无法保存", reasons=reasons)
    before = None
    if table is None:
        table = ReportTable(
            report=report,
            part_code=part_code,
            order=_next_order(report, part_code),
            key=_next_key(report, "table"),
        )
    else:
        table = _lock_current(table, report, version)
        before = snapshot(table, ["caption", "columns", "rows"])
    table.caption, table.columns, table.rows = caption.strip()[:120], columns, rows
    table.save()
    _touch(report)
    _audit(actor, "table.save", table, before)
    return table


@transaction.atomic
def item_delete(*, actor, report: Report, kind: str, pk: int) -> None:
    _guard(actor, report)
    item = ITEM_MODELS[kind].objects.filter(report=report, pk=pk).first()
    if item is None:
        raise ApplicationError("该内容不存在或已删除。", status=404)
    _audit(actor, f"{kind}.delete", item, _snap(item))
    if isinstance(item, Figure) and item.image:
        item.image.delete(save=False)
    item.delete()
    _touch(report)


@transaction.atomic
def item_move(*, actor, report: Report, kind: str, pk: int, direction: str) -> None:
    """Moves an item up or down among all items of its part (and the numbers follow)."""

    _guard(actor, report)
    item = ITEM_MODELS[kind].objects.filter(report=report, pk=pk).first()
    if item is None:
        raise ApplicationError("该内容不存在或已删除。", status=404)
    items = [obj for _, obj in part_items(report).get(item.part_code, [])]
    # Renumber densely first so swapping two neighbours always changes the order.
    for i, obj in enumerate(items, start=1):
        if obj.order != i:
            type(obj).objects.filter(pk=obj.pk).update(order=i)
            obj.order = i
    index = next(i for i, obj in enumerate(items) if type(obj) is type(item) and obj.pk == pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return
    a, b = items[index], items[other]
    type(a).objects.filter(pk=a.pk).update(order=b.order)
    type(b).objects.filter(pk=b.pk).update(order=a.order)
    _touch(report)
    audit_record(
        actor=actor,
        action=f"{kind}.move",
        obj=a,
        organisation=report.owner_organisation,
        after={"direction": direction},
    )


@transaction.atomic
def report_file_upload(*, actor, report: Report, filename: str, content: bytes) -> ReportFile:
    """上传成稿: a finished DOCX or PDF (by content, at most 50 MB); switches the report to the
    upload path; the report checker reads it in the background after the commit."""
    _guard(actor, report)
    media = require_upload(
        content, allowed=(DOCX, PDF), max_bytes=MAX_REPORT_FILE_BYTES, what="年报全文"
    )
    fmt = "pdf" if media == PDF else "docx"
    stored, before = slot_replace(
        model=ReportFile,
        report=report,
        content=content,
        stem="report",
        ext=fmt,
        fields={"filename": filename[:255], "file_format": fmt, "uploaded_by": actor},
    )
    report.authoring_mode = AuthoringMode.UPLOAD
    report.checked_at = None
    report.save(update_fields=["authoring_mode", "checked_at", "updated_at"])
    audit_record(
        actor=actor,
        action="report_file.upload",
        obj=stored,
        organisation=report.owner_organisation,
        before=before,
        after=snapshot(stored, ["filename", "file_format", "size", "sha256"]),
    )
    transaction.on_commit(lambda: tasks.check_report.enqueue(report_id=report.pk), robust=True)
    return stored
