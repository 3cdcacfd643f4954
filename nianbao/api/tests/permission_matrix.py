from nianbao.core.tests.permission_matrix import ALL_USERS, SCHOOL_VIEWERS, no_kwargs


def report(w):
    return {"pk": w.report.pk}


MATRIX = {
    "api:schema": (no_kwargs, ALL_USERS),
    "api:docs": (no_kwargs, ALL_USERS),
    "api:report-tables": (report, SCHOOL_VIEWERS),
    "api:report-values": (report, SCHOOL_VIEWERS),
    "api:table-values": (lambda w: {"pk": w.report.pk, "table_code": "scorecard"}, SCHOOL_VIEWERS),
    "api:value-evidence": (lambda w: {"pk": w.report.pk, "code": "graduates"}, SCHOOL_VIEWERS),
    "api:organisation-list": (no_kwargs, ALL_USERS),
    "api:organisation-detail": (lambda w: {"code": w.school.code}, SCHOOL_VIEWERS),
    "api:cycle-list": (no_kwargs, ALL_USERS),
    "api:report-list": (no_kwargs, ALL_USERS),
    "api:report-detail": (report, SCHOOL_VIEWERS),
    "api:report-validation-findings": (report, SCHOOL_VIEWERS),
    "api:report-checker-findings": (report, SCHOOL_VIEWERS),
    "api:report-review-results": (report, SCHOOL_VIEWERS),
}
