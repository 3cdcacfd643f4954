"""Background jobs of the organisation tree (Django tasks API)."""

from django.tasks import task

from nianbao.core.tasks import limit_task_memory
from nianbao.organisations import import_jobs


@task
def organisation_import_check_task(token: str) -> None:
    limit_task_memory()
    import_jobs.ORGANISATION_IMPORT.check(token)


@task
def organisation_import_apply_task(token: str) -> None:
    limit_task_memory()
    import_jobs.ORGANISATION_IMPORT.apply(token)
