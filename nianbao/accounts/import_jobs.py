"""批量创建用户 as background work (core.staged_imports): the request checks size and the zip
directory and stores the sheet; the worker parses and dry-runs it and, once confirmed, creates
the users and e-mails each a set-password link on the site the admin used."""

from __future__ import annotations

from nianbao.accounts import tasks
from nianbao.accounts.importing import require_users_file, users_import
from nianbao.core.permissions import Action
from nianbao.core.staged_imports import StagedImport

__all__ = ["USER_IMPORT"]


def _run(*, actor, content: bytes, filename: str, dry_run: bool, state: dict):
    return users_import(
        actor=actor,
        content=content,
        dry_run=dry_run,
        domain=state["domain"],
        use_https=state["https"],
    )


def _checked(result) -> dict:
    """The rows as the page lists them (plain data: the state is JSON)."""
    rows = [
        {
            "row": r["row_number"],
            "username": r["username"],
            "full_name": r["full_name"],
            "email": r["email"],
            "organisation": getattr(r.get("organisation"), "name", ""),
            "role": r.get("role_label", ""),
        }
        for r in result.rows
    ]
    return {"rows": rows}


USER_IMPORT = StagedImport(
    prefix="user-imports",
    action=Action.MANAGE_USERS,
    require_file=require_users_file,
    run=_run,
    checked=_checked,
    applied_message=lambda r: f"已创建 {r.created} 个用户，并向每人发送了设置密码的邮件。",
    enqueue_check=lambda token: tasks.user_import_check_task.enqueue(token),
    enqueue_apply=lambda token: tasks.user_import_apply_task.enqueue(token),
)
