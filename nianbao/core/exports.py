"""Downloads rendered in the background (文件导出). An app registers each kind of file in its
AppConfig.ready(): who may ask for it (`can_request(user, **params)`, True or raising 404/403)
and how to make it (`render(**params) -> (bytes, filename, content_type)`). The request only
checks and queues (`core.services.file_export_request`); the task renders under the memory
limit and stores the file, which only its requester may download."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import FileExport, FileExportStatus

__all__ = [
    "ExportKind",
    "register_export",
    "export_kind",
    "require_export_permission",
    "file_export_execute",
    "file_export_for_requester",
    "XLSX",
    "DOCX",
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DENIED = "您没有权限导出该文件。"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExportKind:
    code: str
    label: str  # Chinese, shown on the request and status pages
    can_request: Callable[..., bool]
    render: Callable[..., tuple[bytes, str, str]]
    denied: str = DENIED


_KINDS: dict[str, ExportKind] = {}


def register_export(
    code: str,
    *,
    label: str,
    can_request: Callable[..., bool],
    render: Callable[..., tuple[bytes, str, str]],
    denied: str = DENIED,
) -> None:
    """Called from an AppConfig.ready(); registering a code twice is a programming error."""
    if code in _KINDS and _KINDS[code].render is not render:
        raise ValueError(f"export kind {code} registered twice")
    _KINDS[code] = ExportKind(code, label, can_request, render, denied)


def export_kind(code: str) -> ExportKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise Http404("没有这种导出文件。") from None


def require_export_permission(user, kind: ExportKind, params: dict) -> None:
    """PermissionDenied (with the kind's Chinese message) unless `user` may have the file."""
    if not kind.can_request(user, **params):
        raise PermissionDenied(kind.denied)


def file_export_for_requester(user, pk: int) -> FileExport:
    """The export, only for the user who asked for it and while they still may have it."""
    export = get_object_or_404(FileExport, pk=pk, requested_by=user)
    require_export_permission(user, export_kind(export.kind), export.params)
    return export


def _finish(export: FileExport, **fields) -> FileExport:
    for name, value in fields.items():
        setattr(export, name, value)
    export.finished_at = timezone.now()
    export.save()
    return export


def file_export_execute(export: FileExport) -> FileExport:
    """Renders the file (in the worker) and stores it, or the reason in Chinese."""
    if export.status != FileExportStatus.PENDING:
        return export  # a task delivered twice renders once
    export.status = FileExportStatus.RUNNING
    export.progress = 10
    export.started_at = timezone.now()
    export.save(update_fields=["status", "progress", "started_at", "updated_at"])
    try:
        content, filename, content_type = export_kind(export.kind).render(**export.params)
    except ApplicationError as exc:
        return _finish(export, status=FileExportStatus.FAILED, error=exc.message[:2000])
    except Http404:
        return _finish(export, status=FileExportStatus.FAILED, error="要导出的内容已不存在。")
    except MemoryError:
        return _finish(
            export,
            status=FileExportStatus.FAILED,
            error="生成文件所需内存超过上限，请缩小范围后重试。",
        )
    except Exception:  # the user sees a failed export with a reason, never a 500
        logger.exception("file export %s (%s) failed", export.pk, export.kind)
        return _finish(
            export,
            status=FileExportStatus.FAILED,
            error="生成文件时出错，请稍后重试；如仍失败，请联系管理员。",
        )
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    export.file.save(f"{export.pk}.{extension}", ContentFile(content), save=False)
    return _finish(
        export,
        status=FileExportStatus.DONE,
        progress=100,
        filename=filename[:255],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
