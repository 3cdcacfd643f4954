"""批量导入组织机构 as background work: the request checks size and kind and stores the file; the
worker parses and dry-runs it and, once confirmed, applies it (core.upload_jobs keeps the state)."""

from __future__ import annotations

import dataclasses
import time

from django.contrib.auth import get_user_model
from django.db import transaction

from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require
from nianbao.core.upload_jobs import (
    APPLIED,
    APPLYING,
    CHECKED,
    CHECKING,
    FAILED,
    job_content,
    job_create,
    job_discard_content,
    job_read,
    job_write,
)
from nianbao.organisations import tasks
from nianbao.organisations.importing import organisations_import, require_import_file

__all__ = [
    "organisation_import_start",
    "organisation_import_state",
    "organisation_import_confirm",
    "organisation_import_check",
    "organisation_import_apply",
]

PREFIX = "organisation-imports"


def organisation_import_state(token: str, actor) -> dict | None:
    """The job's state, or None for an unknown token or another user's import."""
    state = job_read(PREFIX, token)
    return state if state and state.get("user") == actor.pk else None


def organisation_import_start(*, actor, content: bytes, filename: str) -> str:
    require(actor, Action.MANAGE_ORGANISATIONS)
    require_import_file(content, filename)
    token = job_create(PREFIX, content, {"user": actor.pk, "name": filename, "status": CHECKING})
    transaction.on_commit(lambda: tasks.organisation_import_check_task.enqueue(token))
    return token


def organisation_import_confirm(*, actor, token: str) -> None:
    require(actor, Action.MANAGE_ORGANISATIONS)
    state = organisation_import_state(token, actor)
    if not state or state["status"] != CHECKED or state["errors"]:
        raise ApplicationError("导入文件已失效，请重新上传。")
    job_write(PREFIX, token, {**state, "status": APPLYING, "at": time.time()})
    transaction.on_commit(lambda: tasks.organisation_import_apply_task.enqueue(token))


def _run(token: str, status: str, dry_run: bool):
    state = job_read(PREFIX, token)
    if state["status"] != status:
        return None, None
    actor = get_user_model().objects.get(pk=state["user"])
    try:
        result = organisations_import(
            actor=actor,
            content=job_content(PREFIX, token),
            filename=state["name"],
            dry_run=dry_run,
        )
    except ApplicationError as exc:
        state.update(status=FAILED, message=exc.message)
    except MemoryError:
        state.update(status=FAILED, message="文件过大或过于复杂，超出内存限制，未导入任何数据。")
    else:
        return state, result
    job_write(PREFIX, token, state)
    job_discard_content(PREFIX, token)
    return None, None


def organisation_import_check(token: str) -> None:
    """Worker: the dry run; stores every bad row and every change to an existing organisation."""
    state, result = _run(token, CHECKING, dry_run=True)
    if state is None:
        return
    state.update(
        status=CHECKED,
        rows=len(result.rows),
        errors=[dataclasses.asdict(e) for e in result.errors],
        changes=result.changes,
    )
    job_write(PREFIX, token, state)
    if result.errors:
        job_discard_content(PREFIX, token)


def organisation_import_apply(token: str) -> None:
    """Worker: applies the confirmed file in one transaction (re-checked against the tree now)."""
    state, result = _run(token, APPLYING, dry_run=False)
    if state is None:
        return
    if result.applied:
        state.update(
            status=APPLIED,
            message=f"导入完成：新建 {result.created} 个，更新 {result.updated} 个机构。",
        )
    else:
        state.update(status=CHECKED, errors=[dataclasses.asdict(e) for e in result.errors])
    job_write(PREFIX, token, state)
    job_discard_content(PREFIX, token)
