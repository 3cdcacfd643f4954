from nianbao.core.tests.permission_matrix import SCHOOL_VIEWERS, no_kwargs

# Every admin may open the list; its rows are limited to the admin's own scope.
ADMINS = {"province_admin", "city_admin", "other_city_admin"}

MATRIX = {
    "validation:report-findings": (lambda w: {"pk": w.report.pk}, SCHOOL_VIEWERS),
    # POST-only endpoints: a GET is refused for everybody (405), which the matrix counts as deny.
    "validation:explanation-save": (lambda w: {"pk": w.report.pk}, set()),
    "validation:explanation-decide": (lambda w: {"pk": 1}, set()),
    "validation:scope-run": (no_kwargs, set()),
    "validation:scope-findings": (no_kwargs, ADMINS),
    "validation:scope-export": (no_kwargs, ADMINS),
}
