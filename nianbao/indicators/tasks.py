"""Background jobs of the data tables (Django tasks API)."""

from django.tasks import task

from nianbao.core.tasks import limit_task_memory
from nianbao.indicators import bulk, upload_jobs


@task
def bulk_import_check_task(job_id: int) -> None:
    limit_task_memory()
    bulk.bulk_imports_recover()
    bulk.bulk_import_check(job_id)


@task
def bulk_import_apply_task(job_id: int) -> None:
    limit_task_memory()
    bulk.bulk_imports_recover()
    bulk.bulk_import_apply(job_id)


@task
def data_upload_check_task(token: str) -> None:
    limit_task_memory()
    upload_jobs.workbook_upload_check(token)


@task
def data_upload_apply_task(token: str) -> None:
    limit_task_memory()
    upload_jobs.workbook_upload_apply(token)
