"""Shared helpers of background tasks."""

from __future__ import annotations

import resource

from django.conf import settings
from django.tasks import task

from nianbao.core.exports import file_export_execute
from nianbao.core.models import FileExport

__all__ = ["limit_task_memory", "file_export_run"]


def limit_task_memory() -> None:
    """Caps the address space of a background worker (TASK_MEMORY_LIMIT_MB) so a hostile
    upload fails its task with MemoryError instead of taking the machine. Only in a worker:
    the immediate backend runs tasks inside the web process, whose limit the server sets."""
    limit_mb = getattr(settings, "TASK_MEMORY_LIMIT_MB", None)
    backend = settings.TASKS["default"]["BACKEND"]
    if not limit_mb or backend.endswith("ImmediateBackend"):
        return
    limit = limit_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


@task
def file_export_run(export_id: int) -> str:
    """Renders one requested download (core.exports) under the memory limit."""
    limit_task_memory()
    export = FileExport.objects.filter(pk=export_id).first()
    if export is None:  # cleaned up before the worker reached it
        return "missing"
    return file_export_execute(export).status
