from nianbao.core.tests.permission_matrix import PROVINCE_AND_CITY, SCHOOL_VIEWERS, no_kwargs

MATRIX = {
    "validation:report-findings": (lambda w: {"pk": w.report.pk}, SCHOOL_VIEWERS),
    # POST-only endpoints: a GET is refused for everybody (405), which the matrix counts as deny.
    "validation:explanation-save": (lambda w: {"pk": w.report.pk}, set()),
    "validation:explanation-decide": (lambda w: {"pk": 1}, set()),
    "validation:scope-run": (no_kwargs, set()),
    "validation:scope-findings": (no_kwargs, PROVINCE_AND_CITY),
    "validation:scope-export": (no_kwargs, PROVINCE_AND_CITY),
}
