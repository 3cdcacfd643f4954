from django.tasks import task


@task()
def run_check(*, run_id: int) -> str:
    from nianbao.checker.models import CheckRun
    from nianbao.checker.services import check_run_execute

    run = CheckRun.objects.filter(pk=run_id).first()
    if run is None:  # a newer check of the same report replaced this one before it started
        return "superseded"
    try:
        return check_run_execute(run).status
    except CheckRun.NotUpdated:  # replaced while it ran; the newer run reports instead
        return "superseded"
