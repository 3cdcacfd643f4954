from django.tasks import task


@task()
def run_check(*, run_id: int) -> str:
    from nianbao.checker.models import CheckRun
    from nianbao.checker.services import check_run_execute

    run = CheckRun.objects.get(pk=run_id)
    return check_run_execute(run).status
