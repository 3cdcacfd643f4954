"""批量导入 by a province (or city) admin: a zip of school workbooks, or one long CSV
(学校代码, 指标代码, 填报值[, 备注]). The dry run is a background task that stores progress and a
per-school summary; applying is a second task, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone

from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require, scope_q, user_can
from nianbao.cycles.models import ReportKind
from nianbao.indicators import tasks
from nianbao.indicators.excel_import import (
    MAX_UPLOAD_BYTES,
    ParsedWorkbook,
    Problem,
    WorkbookRefused,
    parse_workbook,
)
from nianbao.indicators.models import BulkImport, BulkImportStatus, ChangeSource
from nianbao.indicators.parsing import parse_raw
from nianbao.indicators.selectors import report_catalog, table_versions
from nianbao.indicators.uploads import apply_changes, check_parsed
from nianbao.organisations.models import Organisation
from nianbao.reports.models import Report

__all__ = [
    "bulk_import_start",
    "bulk_import_check",
    "bulk_import_confirm",
    "bulk_import_apply",
    "bulk_import_is_stale",
    "bulk_import_retry",
    "bulk_imports_recover",
    "bulk_import_files_cleanup",
]

MAX_BULK_BYTES = 200 * 1024 * 1024
MAX_BULK_UNCOMPRESSED = 600 * 1024 * 1024
MAX_BULK_MEMBERS = 2000
MAX_CSV_ROWS = 1_000_000
PROGRESS_EVERY = 5
# A running job whose task showed no sign of life for this long died (kill -9, power loss).
# The check step beats with its progress; the apply step holds the job's row lock instead,
# since its progress lives inside the one transaction and is invisible until the commit.
STALE_AFTER = dt.timedelta(minutes=2)
RUNNING = (BulkImportStatus.QUEUED, BulkImportStatus.CHECKING, BulkImportStatus.APPLYING)
FILE_GONE = "原始文件已按期清理，请重新上传。"
CSV_HEADERS = {"学校代码": "school", "指标代码": "code", "填报值": "value", "备注": "note"}


@dataclass
class Entry:
    """One school's share of the bulk file."""

    label: str  # member file name or 学校代码
    workbook: bytes | None = None
    rows: list[tuple[int, str, str, str | None]] = field(
        default_factory=list
    )  # line, code, raw, note


def _scope_org(actor) -> Organisation:
    for membership in actor.memberships.filter(is_active=True).select_related("organisation"):
        if user_can(actor, Action.MANAGE_CYCLES, membership.organisation):
            return membership.organisation
    raise ApplicationError("只有省级管理员可以批量导入。", status=403)


def bulk_import_start(*, actor, cycle, name: str, content: bytes) -> BulkImport:
    """Stores the file and enqueues the dry run."""
    require(actor, Action.MANAGE_CYCLES)
    if not content:
        raise ApplicationError("文件为空。")
    if len(content) > MAX_BULK_BYTES:
        raise ApplicationError(f"文件过大，批量导入文件不能超过 {MAX_BULK_BYTES // 1048576} MB。")
    if not (content.startswith(b"PK\x03\x04") or name.lower().endswith(".csv")):
        raise ApplicationError("请上传 .zip 压缩包（内含各校 .xlsx 工作簿）或 .csv 长表。")
    with transaction.atomic():
        job = BulkImport(
            cycle=cycle, created_by=actor, organisation=_scope_org(actor), original_name=name[:200]
        )
        job.file.save(
            f"{cycle.year}-{PurePosixPath(name).suffix or '.bin'}", ContentFile(content), save=False
        )
        job.save()
        audit_record(
            actor=actor,
            action="data.bulk.upload",
            obj=job,
            object_repr=job.original_name,
            organisation=job.organisation,
            after={"file": job.original_name, "size": len(content)},
        )
        transaction.on_commit(lambda: _enqueue("check", job.pk))
    return job


def _enqueue(step: str, job_id: int) -> None:

    (tasks.bulk_import_check_task if step == "check" else tasks.bulk_import_apply_task).enqueue(
        job_id
    )


def _entries(content: bytes, name: str) -> list[Entry]:
    if content.startswith(b"PK\x03\x04"):
        return _zip_entries(content)
    return _csv_entries(content)


def _zip_entries(content: bytes) -> list[Entry]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ApplicationError("压缩包已损坏，无法读取。") from None
    members = [
        i
        for i in archive.infolist()
        if not i.is_dir()
        and i.filename.lower().endswith(".xlsx")
        and not PurePosixPath(i.filename).name.startswith(("~$", "."))
        and "__MACOSX" not in i.filename
    ]
    if not members:
        raise ApplicationError("压缩包中没有 .xlsx 工作簿。")
    if len(members) > MAX_BULK_MEMBERS:
        raise ApplicationError(f"压缩包中的工作簿过多（最多 {MAX_BULK_MEMBERS} 个）。")
    if sum(i.file_size for i in members) > MAX_BULK_UNCOMPRESSED:
        raise ApplicationError("压缩包解压后体积过大（疑似“压缩炸弹”），已拒绝。")
    out = []
    for info in sorted(members, key=lambda i: i.filename):
        if info.file_size > MAX_UPLOAD_BYTES:
            out.append(Entry(label=info.filename, workbook=b""))  # reported as too large
            continue
        out.append(Entry(label=info.filename, workbook=archive.read(info)))
    return out


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ApplicationError("CSV 文件编码无法识别，请保存为 UTF-8 或 GBK 编码。")


def _csv_entries(content: bytes) -> list[Entry]:
    reader = csv.reader(io.StringIO(_decode(content)))
    header = [h.strip() for h in next(reader, [])]
    columns = {CSV_HEADERS[h]: i for i, h in enumerate(header) if h in CSV_HEADERS}
    missing = [h for h, key in CSV_HEADERS.items() if key != "note" and key not in columns]
    if missing:
        raise ApplicationError(
            f"CSV 缺少列：{'、'.join(missing)}（第 1 行应为表头：学校代码,指标代码,填报值,备注）。"
        )
    entries: dict[str, Entry] = {}
    for line, row in enumerate(reader, start=2):
        if line > MAX_CSV_ROWS:
            raise ApplicationError(f"CSV 行数过多（最多 {MAX_CSV_ROWS} 行）。")
        if not any(cell.strip() for cell in row):
            continue
        row = row + [""] * (len(header) - len(row))
        school = row[columns["school"]].strip()
        note = row[columns["note"]] if "note" in columns else None
        entry = entries.setdefault(school, Entry(label=school))
        entry.rows.append((line, row[columns["code"]].strip(), row[columns["value"]], note))
    if not entries:
        raise ApplicationError("CSV 中没有数据行。")
    return list(entries.values())


def _school_report(cycle, code: str, scope: Organisation) -> Report:
    report = (
        Report.objects.filter(
            cycle=cycle,
            kind=ReportKind.SCHOOL,
            organisation__code=code,
            organisation__path__startswith=scope.path,
        )
        .select_related("cycle", "organisation")
        .first()
    )
    if report is None:
        raise WorkbookRefused(f"学校代码 {code} 在{cycle.name}没有学校年报，或不在您的管辖范围内。")
    return report


def _csv_parsed(entry: Entry, report, catalog) -> ParsedWorkbook:
    """A CSV school share as if it were a workbook (no versions: the current ones are used)."""
    parsed = ParsedWorkbook(meta={"school_code": report.organisation.code})
    seen: set[str] = set()
    for line, code, raw, note in entry.rows:
        spec = catalog.indicators.get(code)
        if spec is None:
            parsed.problems.append(Problem("CSV", line, code, "", f"未知的指标代码 {code}"))
            continue
        if code in seen:
            parsed.problems.append(Problem("CSV", line, code, spec.name, "同一学校的指标重复出现"))
            continue
        seen.add(code)
        try:
            parsed.values.setdefault(spec.table, {})[code] = parse_raw(spec, raw)
        except ValueError as exc:
            parsed.problems.append(Problem("CSV", line, code, spec.name, f"{exc}（内容：{raw}）"))
        if note is not None:
            parsed.notes.setdefault(spec.table, {})[code] = note.strip()[:500]
    versions = table_versions(report)
    parsed.meta.update({f"version:{t.code}": str(versions.get(t.code, 0)) for t in catalog.tables})
    return parsed


def _check_entry(job: BulkImport, entry: Entry) -> tuple[dict, object | None]:
    """The per-school summary line and, when clean, what to apply."""
    report = None
    try:
        if entry.workbook is not None:
            if not entry.workbook:
                raise WorkbookRefused("工作簿过大，已跳过。")
            holder = {}

            def resolve(meta):
                code = meta.get("school_code")
                if not code:
                    raise WorkbookRefused("不是本平台下载的数据表工作簿（缺少学校代码）。")
                holder["report"] = _school_report(job.cycle, code, job.organisation)
                holder["catalog"] = report_catalog(holder["report"])
                return holder["catalog"]

            parsed = parse_workbook(entry.workbook, resolve)
            report, catalog = holder["report"], holder["catalog"]
        else:
            report = _school_report(job.cycle, entry.label, job.organisation)
            catalog = report_catalog(report)
            parsed = _csv_parsed(entry, report, catalog)
        check = check_parsed(report=report, parsed=parsed, catalog=catalog)
    except (WorkbookRefused, ApplicationError) as exc:
        message = getattr(exc, "message", str(exc))
        return {"label": entry.label, "ok": False, "problems": [message], "changes": 0}, None
    summary = {
        "label": entry.label,
        "school_code": report.organisation.code,
        "school_name": report.organisation.name,
        "report_id": report.pk,
        "ok": check.ok,
        "problems": [str(p) for p in check.problems[:200]],
        "problem_count": len(check.problems),
        "changes": len(check.changes),
        "versions": table_versions(report),
    }
    return summary, (report, check) if check.ok else None


def _job_entries(job: BulkImport) -> list[Entry]:
    try:
        with job.file.open("rb") as fh:
            content = fh.read()
    except (FileNotFoundError, ValueError):  # ValueError: no file name (cleaned up)
        raise ApplicationError(FILE_GONE) from None
    return _entries(content, job.original_name)


def bulk_import_check(job_id: int) -> BulkImport:
    """The dry run (runs in a task): every school checked, progress saved as it goes."""
    job = BulkImport.objects.select_related("cycle", "organisation").get(pk=job_id)
    _beat(job, status=BulkImportStatus.CHECKING, done=0)
    try:
        entries = _job_entries(job)
    except ApplicationError as exc:
        return _finish(job, BulkImportStatus.FAILED, {"error": exc.message})
    BulkImport.objects.filter(pk=job.pk).update(total=len(entries))
    schools, seen = [], {}
    for n, entry in enumerate(entries, start=1):
        summary, _ = _check_entry(job, entry)
        code = summary.get("school_code")
        if code and code in seen:
            summary["ok"] = False
            summary["problems"].insert(0, f"与 {seen[code]} 是同一所学校，请只保留一份。")
        elif code:
            seen[code] = entry.label
        schools.append(summary)
        if n % PROGRESS_EVERY == 0:
            _beat(job, done=n)
    bad = [s for s in schools if not s["ok"]]
    result = {
        "schools": schools,
        "school_count": len(schools),
        "bad_count": len(bad),
        "change_count": sum(s["changes"] for s in schools),
        "ok": not bad,
    }
    return _finish(job, BulkImportStatus.CHECKED, result, done=len(entries))


def _beat(job: BulkImport, **fields) -> None:
    BulkImport.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now(), **fields)


def _finish(job, status, result, done=None) -> BulkImport:
    job.status, job.result, job.heartbeat_at = status, result, timezone.now()
    if done is not None:
        job.done = job.total = done
    job.save()
    # Applied, or checked with problems: nothing reads the file again. A failed job keeps it
    # for 重试 until `manage.py cleanup_uploads` removes it.
    if status == BulkImportStatus.APPLIED or (
        status == BulkImportStatus.CHECKED and not result.get("ok")
    ):
        transaction.on_commit(lambda: _discard_file(job.pk))
    return job


def _discard_file(job_id: int) -> int:
    """Deletes the job's stored file unless its job is running; returns its size in bytes."""
    with transaction.atomic():
        job = (
            BulkImport.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id)
            .exclude(status__in=RUNNING)
            .exclude(file="")
            .first()
        )
        if job is None:
            return 0
        BulkImport.objects.filter(pk=job_id).update(file="")
        name, storage = job.file.name, job.file.storage
    size = storage.size(name) if storage.exists(name) else 0
    storage.delete(name)
    return size


def bulk_import_files_cleanup(
    *, older_than: dt.timedelta, now: dt.datetime
) -> list[tuple[BulkImport, int]]:
    """Deletes the stored files of the jobs that ended or wait for a confirmation nobody gave,
    untouched for longer than `older_than`; a running job keeps its file. Returns (job, bytes)."""
    jobs = (
        BulkImport.objects.exclude(file="")
        .exclude(status__in=RUNNING)
        .filter(updated_at__lt=now - older_than)
    )
    return [(job, _discard_file(job.pk)) for job in jobs]


@transaction.atomic
def bulk_import_confirm(*, actor, job: BulkImport) -> BulkImport:
    require(actor, Action.MANAGE_CYCLES, job.organisation)
    job = BulkImport.objects.select_for_update().get(pk=job.pk)
    if job.status != BulkImportStatus.CHECKED or not job.result.get("ok"):
        raise ApplicationError("只有检查全部通过的导入才能确认。")
    if not job.file:
        raise ApplicationError(FILE_GONE)
    job.status, job.done = BulkImportStatus.APPLYING, 0
    job.save(update_fields=["status", "done", "updated_at"])
    audit_record(
        actor=actor,
        action="data.bulk.confirm",
        obj=job,
        object_repr=job.original_name,
        organisation=job.organisation,
        after={"schools": job.result.get("school_count")},
    )
    transaction.on_commit(lambda: _enqueue("apply", job.pk))
    return job


def bulk_import_apply(job_id: int) -> BulkImport:
    """Applies every school's changes in one transaction: all or nothing."""
    job = BulkImport.objects.select_related("cycle", "organisation", "created_by").get(pk=job_id)
    _beat(job)
    try:
        entries = _job_entries(job)
        saved = 0
        checked = {s["label"]: s for s in job.result.get("schools", [])}
        with transaction.atomic():
            # Held until the commit: while it is held the job is alive (bulk_import_retry).
            BulkImport.objects.select_for_update().get(pk=job.pk)
            for n, entry in enumerate(entries, start=1):
                summary, clean = _check_entry(job, entry)
                if clean is None:
                    raise ApplicationError(
                        f"{entry.label} 在确认前发生了变化，检查未通过：{'；'.join(summary['problems'][:3])}"
                    )
                report, check = clean
                if summary["versions"] != checked.get(entry.label, {}).get("versions"):
                    raise ApplicationError(
                        f"{summary['school_name']} 的数据在检查之后被修改过，请重新上传检查。"
                    )
                results = apply_changes(
                    actor=job.created_by,
                    report=report,
                    changes=check.changes,
                    values=check.parsed.values,
                    versions=check.parsed.versions,
                    source=ChangeSource.IMPORT,
                    authorise=False,
                )
                saved += sum(len(r.changed) for r in results)
                if n % PROGRESS_EVERY == 0:
                    BulkImport.objects.filter(pk=job.pk).update(done=n)
    except ApplicationError as exc:
        result = dict(job.result, error=f"导入失败，未保存任何数据：{exc}")
        return _finish(job, BulkImportStatus.FAILED, result)
    return _finish(job, BulkImportStatus.APPLIED, dict(job.result, saved=saved), done=len(entries))


def bulk_import_is_stale(job: BulkImport) -> bool:
    """Running by its status but silent for longer than STALE_AFTER (reads only)."""
    last = job.heartbeat_at or job.updated_at
    return job.status in RUNNING and last is not None and timezone.now() - last > STALE_AFTER


def _mark_dead(job: BulkImport) -> bool:
    """Marks a stale job failed unless its task still holds the job (then False)."""
    try:
        with transaction.atomic():
            locked = (
                BulkImport.objects.select_for_update(skip_locked=True).filter(pk=job.pk).first()
            )
            if locked is None or not bulk_import_is_stale(locked):
                return False
            locked.result = dict(
                locked.result, error="导入进程意外中断，未保存任何数据；可以重试。"
            )
            _finish(locked, BulkImportStatus.FAILED, locked.result)
    except OperationalError:  # SQLite: a live task holds the database's write lock
        return False
    job.refresh_from_db()
    return True


def bulk_imports_recover() -> int:
    """Marks every dead job failed (the worker calls it at start; also `manage.py
    bulk_imports_recover`). Returns how many."""
    stale = BulkImport.objects.filter(status__in=RUNNING)
    return sum(_mark_dead(job) for job in stale if bulk_import_is_stale(job))


def bulk_import_retry(*, actor, job: BulkImport) -> BulkImport:
    """重试 a failed or dead job: the dry run starts again from the stored file (data may
    have changed since), and the admin confirms again."""
    require(actor, Action.MANAGE_CYCLES, job.organisation)
    if job.status in RUNNING and not _mark_dead(job):
        raise ApplicationError("该导入仍在进行中，请稍候再看。", status=409)
    if job.status != BulkImportStatus.FAILED:
        raise ApplicationError("只有失败的导入可以重试。", status=409)
    if not job.file:
        raise ApplicationError(FILE_GONE, status=409)
    with transaction.atomic():
        job.status, job.done, job.result = BulkImportStatus.QUEUED, 0, {}
        job.heartbeat_at = timezone.now()
        job.save()
        audit_record(
            actor=actor,
            action="data.bulk.retry",
            obj=job,
            object_repr=job.original_name,
            organisation=job.organisation,
        )
        transaction.on_commit(lambda: _enqueue("check", job.pk))
    return job


def bulk_imports_visible_to(user):
    return BulkImport.objects.filter(
        scope_q(user, Action.MANAGE_CYCLES, "organisation__")
    ).select_related("created_by", "cycle")
