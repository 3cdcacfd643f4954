"""Background generation of report exports."""

from __future__ import annotations

from django.tasks import task

from nianbao.core.tasks import limit_task_memory


@task()
def export_report(*, export_id: int) -> str:
    limit_task_memory()
    from nianbao.documents.exporting import export_execute
    from nianbao.documents.models import DocumentExport

    export = DocumentExport.objects.select_related("report__cycle", "report__organisation").get(
        pk=export_id
    )
    return export_execute(export).status
