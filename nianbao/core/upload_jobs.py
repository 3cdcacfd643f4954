"""Uploads handed to a background task: the stored file plus a small JSON state beside it,
named by a random token, which the progress page only reads (GET never writes)."""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

__all__ = [
    "STALE_AFTER",
    "job_create",
    "job_read",
    "job_write",
    "job_content",
    "job_discard_content",
    "job_end",
    "job_progress",
    "jobs_cleanup",
    "CHECKING",
    "CHECKED",
    "APPLYING",
    "APPLIED",
    "FAILED",
]

# A job is checked (dry run), then, once confirmed, applied; either step may fail.
CHECKING, CHECKED, APPLYING, APPLIED, FAILED = (
    "checking",
    "checked",
    "applying",
    "applied",
    "failed",
)
PENDING = (CHECKING, APPLYING)
STALE_AFTER = 15 * 60  # seconds a queued step may wait before the page calls it lost
# A step still pending after this long lost its worker for good: its files may be cleaned up.
ABANDONED_AFTER = dt.timedelta(days=1)


def _path(prefix: str, token: str, ext: str) -> str:
    return f"{prefix}/{token}.{ext}"


def job_write(prefix: str, token: str, state: dict) -> None:
    path = _path(prefix, token, "json")
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(json.dumps(state, ensure_ascii=False).encode()))


def job_create(prefix: str, content: bytes, state: dict) -> str:
    """Stores the upload and its first state (stamped `at`, for `job_stale`); returns the token."""
    token = uuid.uuid4().hex
    default_storage.save(_path(prefix, token, "bin"), ContentFile(content))
    job_write(prefix, token, {**state, "at": time.time()})
    return token


def job_read(prefix: str, token: str) -> dict | None:
    """The state, or None for a malformed or unknown token."""
    if not token.isalnum():
        return None
    try:
        with default_storage.open(_path(prefix, token, "json"), "rb") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def job_content(prefix: str, token: str) -> bytes:
    with default_storage.open(_path(prefix, token, "bin"), "rb") as fh:
        return fh.read()


def job_discard_content(prefix: str, token: str) -> None:
    path = _path(prefix, token, "bin")
    if default_storage.exists(path):
        default_storage.delete(path)


def job_end(prefix: str, token: str, state: dict) -> None:
    """Stores the final state; the staged file goes once the step's transaction commits
    (nothing can confirm an ended job, so nothing reads it again)."""
    job_write(prefix, token, state)
    transaction.on_commit(lambda: job_discard_content(prefix, token))


def job_progress(state: dict) -> dict:
    """For the progress page: `pending` (reload) and `stale` (still pending long after it was
    queued: the worker is down or died on it, so stop reloading and offer a new upload)."""
    pending = state["status"] in PENDING
    return {"pending": pending, "stale": pending and time.time() - state.get("at", 0) > STALE_AFTER}


def _ending(state: dict | None, age: dt.timedelta) -> str | None:
    """Why a job's files may go (in Chinese, for the report), or None while it may be in use."""
    if state is None:
        return "无导入记录"
    status = state.get("status")
    if status in PENDING:
        return "后台任务中断" if age > ABANDONED_AFTER else None
    return {APPLIED: "已完成", FAILED: "已失败", CHECKED: "检查后未确认"}.get(status, "状态未知")


def jobs_cleanup(prefix: str, *, older_than: dt.timedelta, now: dt.datetime) -> list[tuple]:
    """Deletes the files (upload and state) of every job under `prefix` that ended or was
    abandoned and was last written more than `older_than` before `now`. A job still being
    checked or applied is kept until ABANDONED_AFTER. Returns (token, reason, bytes) per job."""
    try:
        _dirs, names = default_storage.listdir(prefix)
    except FileNotFoundError:
        return []
    files: dict[str, list[str]] = {}
    for name in names:
        files.setdefault(PurePosixPath(name).stem, []).append(f"{prefix}/{name}")
    removed = []
    for token, paths in sorted(files.items()):
        age = now - max(default_storage.get_modified_time(p) for p in paths)
        reason = _ending(job_read(prefix, token), age)
        if reason is None or age <= older_than:
            continue
        size = sum(default_storage.size(p) for p in paths)
        for path in paths:
            default_storage.delete(path)
        removed.append((token, reason, size))
    return removed
