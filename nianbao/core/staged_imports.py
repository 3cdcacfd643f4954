"""An import staged for the background worker (批量导入组织机构, 批量创建用户): the request checks
size, kind and the zip directory and stores the file; the worker parses and dry-runs it under
the memory limit; once the user confirms, the worker applies it. The state is a small JSON file
beside the upload (core.upload_jobs); the progress page only reads it."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from nianbao.core import upload_jobs as jobs
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import require

__all__ = ["RowError", "StagedImport"]

EXPIRED = "导入文件已失效，请重新上传。"
TOO_LARGE = "文件过大或过于复杂，超出内存限制，未导入任何数据。"


@dataclasses.dataclass
class RowError:
    """One problem of an imported file: row number (1 is the header), column, reason."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行【{self.column}】{self.message}"


@dataclasses.dataclass(frozen=True)
class StagedImport:
    """One kind of staged import. `run(actor=, content=, filename=, dry_run=, state=)` parses
    (and, unless a dry run, applies) and returns a result with `errors` (dataclasses) and
    `applied`; `checked(result)` is what the page shows of a dry run; `applied_message(result)`
    the message of an applied import. The enqueue callables hand a token to the app's tasks."""

    prefix: str
    action: str
    require_file: Callable[[bytes, str], None]
    run: Callable[..., Any]
    checked: Callable[[Any], dict]
    applied_message: Callable[[Any], str]
    enqueue_check: Callable[[str], None]
    enqueue_apply: Callable[[str], None]

    def state(self, token: str, actor) -> dict | None:
        """The job's state, or None for an unknown token or another user's import."""
        state = jobs.job_read(self.prefix, token)
        return state if state and state.get("user") == actor.pk else None

    def start(self, *, actor, content: bytes, filename: str, extra: dict | None = None) -> str:
        """Refuses a wrong or hostile file at once (ApplicationError); stores the rest and
        queues the dry run. `extra` is kept in the state for the worker. Returns the token."""
        require(actor, self.action)
        self.require_file(content, filename)
        state = {**(extra or {}), "user": actor.pk, "name": filename, "status": jobs.CHECKING}
        token = jobs.job_create(self.prefix, content, state)
        transaction.on_commit(lambda: self.enqueue_check(token))
        return token

    def confirm(self, *, actor, token: str) -> None:
        """Queues the apply of a clean, checked job; ApplicationError when it is gone or not clean."""
        require(actor, self.action)
        state = self.state(token, actor)
        if not state or state["status"] != jobs.CHECKED or state["errors"]:
            raise ApplicationError(EXPIRED)
        jobs.job_write(self.prefix, token, {**state, "status": jobs.APPLYING, "at": time.time()})
        transaction.on_commit(lambda: self.enqueue_apply(token))

    def _run(self, token: str, status: str, dry_run: bool):
        state = jobs.job_read(self.prefix, token)
        if state is None or state["status"] != status:
            return None, None
        actor = get_user_model().objects.get(pk=state["user"])
        try:
            result = self.run(
                actor=actor,
                content=jobs.job_content(self.prefix, token),
                filename=state["name"],
                dry_run=dry_run,
                state=state,
            )
        except ApplicationError as exc:
            state.update(status=jobs.FAILED, message=exc.message)
        except MemoryError:
            state.update(status=jobs.FAILED, message=TOO_LARGE)
        else:
            return state, result
        jobs.job_end(self.prefix, token, state)
        return None, None

    def check(self, token: str) -> None:
        """Worker: the dry run; stores every bad row and what the page shows of the rest."""
        state, result = self._run(token, jobs.CHECKING, dry_run=True)
        if state is None:
            return
        errors = [dataclasses.asdict(e) for e in result.errors]
        state.update(status=jobs.CHECKED, errors=errors, **self.checked(result))
        (jobs.job_end if errors else jobs.job_write)(self.prefix, token, state)

    def apply(self, token: str) -> None:
        """Worker: applies the confirmed file (re-checked now: the data may have changed)."""
        state, result = self._run(token, jobs.APPLYING, dry_run=False)
        if state is None:
            return
        if result.applied:
            state.update(status=jobs.APPLIED, message=self.applied_message(result))
        else:
            state.update(status=jobs.CHECKED, errors=[dataclasses.asdict(e) for e in result.errors])
        jobs.job_end(self.prefix, token, state)
