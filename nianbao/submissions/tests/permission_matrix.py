from nianbao.core.tests.permission_matrix import ALL_USERS, SCHOOL_VIEWERS, no_kwargs

MATRIX = {
    "submissions:report-list": (no_kwargs, ALL_USERS),
    "submissions:report-detail": (lambda w: {"pk": w.report.pk}, SCHOOL_VIEWERS),
}
