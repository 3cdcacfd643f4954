"""批量导入组织机构 as background work (core.staged_imports): the request checks size and kind and
stores the file; the worker parses and dry-runs it and, once confirmed, applies it."""

from __future__ import annotations

from nianbao.core.permissions import Action
from nianbao.core.staged_imports import StagedImport
from nianbao.organisations import tasks
from nianbao.organisations.importing import organisations_import, require_import_file

__all__ = ["ORGANISATION_IMPORT"]


def _run(*, actor, content: bytes, filename: str, dry_run: bool, state: dict):
    return organisations_import(actor=actor, content=content, filename=filename, dry_run=dry_run)


ORGANISATION_IMPORT = StagedImport(
    prefix="organisation-imports",
    action=Action.MANAGE_ORGANISATIONS,
    require_file=require_import_file,
    run=_run,
    checked=lambda result: {"rows": len(result.rows), "changes": result.changes},
    applied_message=lambda r: f"导入完成：新建 {r.created} 个，更新 {r.updated} 个机构。",
    enqueue_check=lambda token: tasks.organisation_import_check_task.enqueue(token),
    enqueue_apply=lambda token: tasks.organisation_import_apply_task.enqueue(token),
)
