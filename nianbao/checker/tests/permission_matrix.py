from nianbao.core.tests.permission_matrix import ALL_USERS, SCHOOL_VIEWERS, no_kwargs


def school_run(w):
    from nianbao.checker.models import CheckRun

    run = CheckRun.objects.create(
        organisation=w.school, file_name="report.md", file_sha256="0" * 64, status="done"
    )
    return {"pk": run.pk}


MATRIX = {
    "checker:check-upload": (no_kwargs, ALL_USERS),
    "checker:run-detail": (school_run, SCHOOL_VIEWERS),
    "checker:run-json": (school_run, SCHOOL_VIEWERS),
}
