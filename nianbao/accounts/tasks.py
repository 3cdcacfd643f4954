"""Background jobs of the accounts (Django tasks API)."""

from django.tasks import task

from nianbao.accounts import import_jobs
from nianbao.core.tasks import limit_task_memory


@task
def user_import_check_task(token: str) -> None:
    limit_task_memory()
    import_jobs.USER_IMPORT.check(token)


@task
def user_import_apply_task(token: str) -> None:
    limit_task_memory()
    import_jobs.USER_IMPORT.apply(token)
