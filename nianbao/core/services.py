"""Requesting a background download (文件导出): check, reuse or queue; never render here."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from nianbao.core.audit import audit_record
from nianbao.core.exports import export_kind, require_export_permission
from nianbao.core.models import FileExport, FileExportStatus
from nianbao.core.tasks import file_export_run

__all__ = [
    "file_export_request",
    "file_exports_cleanup",
    "params_key",
    "REUSE_DONE",
    "STALE_AFTER",
    "KEEP_DAYS",
]

# A repeated click reuses a finished file this recent (the data may change after that), and a
# queued or running job until it is this old (then the worker is presumed lost).
REUSE_DONE = dt.timedelta(minutes=2)
STALE_AFTER = dt.timedelta(minutes=15)
KEEP_DAYS = 7  # finished exports are deleted, with their files, after this many days


def params_key(kind: str, params: dict) -> str:
    blob = json.dumps([kind, params], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _reusable(actor, key: str) -> FileExport | None:
    now = timezone.now()
    return (
        FileExport.objects.filter(requested_by=actor, params_key=key)
        .filter(
            Q(status=FileExportStatus.DONE, finished_at__gte=now - REUSE_DONE)
            | Q(
                status__in=(FileExportStatus.PENDING, FileExportStatus.RUNNING),
                created_at__gte=now - STALE_AFTER,
            )
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def file_export_request(
    *, actor, kind: str, params: dict, request_url: str = "", back_url: str = ""
) -> FileExport:
    """Queues the rendering of a registered kind of file for `actor` (PermissionDenied with the
    kind's Chinese message when they may not have it); an identical recent request is reused."""
    spec = export_kind(kind)
    require_export_permission(actor, spec, params)
    key = params_key(kind, params)
    existing = _reusable(actor, key)
    if existing is not None:
        return existing
    export = FileExport.objects.create(
        kind=kind,
        params=params,
        params_key=key,
        requested_by=actor,
        request_url=request_url[:1000],
        back_url=back_url[:1000],
    )
    audit_record(actor=actor, action="file.export", obj=export, object_repr=spec.label)
    transaction.on_commit(lambda: file_export_run.enqueue(export.pk))
    return export


def file_exports_cleanup(*, days: int = KEEP_DAYS, now: dt.datetime | None = None) -> int:
    """Deletes exports (and their files) created more than `days` ago: the data behind them has
    moved on, and whoever needs the file again requests it anew. Returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = list(FileExport.objects.filter(created_at__lt=cutoff))
    for export in old:
        if export.file:
            export.file.delete(save=False)
    FileExport.objects.filter(pk__in=[e.pk for e in old]).delete()
    return len(old)
