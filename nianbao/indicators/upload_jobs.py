"""One school's data-workbook upload as background work: the request inspects the archive (zip
directory only), stores the file and enqueues; the worker parses and dry-runs it and, once the
user confirms, applies it. The state is a small JSON file beside the upload (core.upload_jobs)."""

from __future__ import annotations

import dataclasses
import time

from django.contrib.auth import get_user_model
from django.db import transaction

from nianbao.core.exceptions import ApplicationError
from nianbao.core.upload_jobs import (
    APPLIED,
    APPLYING,
    CHECKED,
    CHECKING,
    FAILED,
    job_content,
    job_create,
    job_end,
    job_read,
    job_write,
)
from nianbao.indicators import tasks
from nianbao.indicators.excel_import import MAX_UPLOAD_BYTES, WorkbookRefused, inspect_archive
from nianbao.indicators.permissions import require_edit_data
from nianbao.indicators.uploads import workbook_apply, workbook_check
from nianbao.reports.models import Report

__all__ = [
    "MAX_UPLOAD_BYTES",
    "workbook_upload_start",
    "workbook_upload_state",
    "workbook_upload_confirm",
    "workbook_upload_check",
    "workbook_upload_apply",
]

PREFIX = "data-uploads"


def workbook_upload_state(token: str, report) -> dict | None:
    """The job's state, or None for an unknown token or one of another report."""
    state = job_read(PREFIX, token)
    return state if state and state.get("report") == report.pk else None


def workbook_upload_start(*, actor, report, content: bytes) -> str:
    """Refuses a hostile or non-xlsx file at once (ApplicationError); stores the rest and
    enqueues the dry run. Returns the job's token."""
    require_edit_data(actor, report)
    try:
        inspect_archive(content)
    except WorkbookRefused as exc:
        raise ApplicationError(exc.message) from None
    token = job_create(PREFIX, content, {"report": report.pk, "user": actor.pk, "status": CHECKING})
    transaction.on_commit(lambda: tasks.data_upload_check_task.enqueue(token))
    return token


def workbook_upload_confirm(*, actor, report, token: str) -> None:
    """Queues the apply of a clean, checked upload; ApplicationError when it is gone or not clean."""
    require_edit_data(actor, report)
    state = workbook_upload_state(token, report)
    if not state or state["status"] != CHECKED or state["problems"] or not state["changes"]:
        raise ApplicationError("上传的文件已失效，请重新上传。")
    job_write(PREFIX, token, {**state, "status": APPLYING, "user": actor.pk, "at": time.time()})
    transaction.on_commit(lambda: tasks.data_upload_apply_task.enqueue(token))


def _load(token: str):
    state = job_read(PREFIX, token)
    report = Report.objects.select_related("organisation", "cycle").get(pk=state["report"])
    return state, report, job_content(PREFIX, token)


def workbook_upload_check(token: str) -> None:
    """Worker: the dry run; stores every problem and every change (nothing saved)."""
    state, report, content = _load(token)
    if state["status"] != CHECKING:
        return
    try:
        check = workbook_check(report=report, content=content)
    except MemoryError:
        state.update(
            status=FAILED, message="文件过大或过于复杂，检查时超出内存限制，未保存任何数据。"
        )
    else:
        state.update(
            status=CHECKED,
            problems=[dataclasses.asdict(p) for p in check.problems],
            changes=[dataclasses.asdict(c) for c in check.changes],
        )
    if state["status"] == FAILED or state["problems"] or not state["changes"]:
        job_end(PREFIX, token, state)  # nothing to confirm
    else:
        job_write(PREFIX, token, state)


def workbook_upload_apply(token: str) -> None:
    """Worker: applies the confirmed upload, each table against the version it was based on."""
    state, report, content = _load(token)
    if state["status"] != APPLYING:
        return
    actor = get_user_model().objects.get(pk=state["user"])
    try:
        results = workbook_apply(actor=actor, report=report, content=content)
    except ApplicationError as exc:  # VersionConflict included
        state.update(status=FAILED, message=exc.message)
    except MemoryError:
        state.update(status=FAILED, message="保存时超出内存限制，未保存任何数据。")
    else:
        changed = sum(len(r.changed) for r in results)
        state.update(
            status=APPLIED, message=f"已导入：{len(results)} 张表共 {changed} 项数据有变化。"
        )
    job_end(PREFIX, token, state)
