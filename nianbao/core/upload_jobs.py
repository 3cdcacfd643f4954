"""Uploads handed to a background task: the stored file plus a small JSON state beside it,
named by a random token, which the progress page only reads (GET never writes)."""

from __future__ import annotations

import json
import time
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

__all__ = [
    "STALE_AFTER",
    "job_create",
    "job_read",
    "job_write",
    "job_content",
    "job_discard_content",
    "job_progress",
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
    default_storage.delete(_path(prefix, token, "bin"))


def job_progress(state: dict) -> dict:
    """For the progress page: `pending` (reload) and `stale` (still pending long after it was
    queued: the worker is down or died on it, so stop reloading and offer a new upload)."""
    pending = state["status"] in PENDING
    return {"pending": pending, "stale": pending and time.time() - state.get("at", 0) > STALE_AFTER}
