from nianbao.core.tests.permission_matrix import ALL_USERS, PROVINCE, SCHOOL_VIEWERS, no_kwargs
from nianbao.core.upload_jobs import job_create


def import_job(w):
    state = {"user": w.users["province_admin"].pk, "name": "a.csv", "status": "checked"}
    token = job_create(
        "organisation-imports", b"x", {**state, "rows": 0, "errors": [], "changes": []}
    )
    return {"token": token}


def school(w):
    return {"pk": w.school.pk}


MATRIX = {
    "organisations:organisation-list": (no_kwargs, ALL_USERS),
    "organisations:organisation-create": (no_kwargs, PROVINCE),
    "organisations:organisation-import": (no_kwargs, PROVINCE),
    "organisations:organisation-import-template": (no_kwargs, PROVINCE),
    "organisations:organisation-import-status": (import_job, PROVINCE),
    "organisations:organisation-detail": (school, SCHOOL_VIEWERS),
    "organisations:organisation-edit": (school, PROVINCE),
    "organisations:organisation-move": (school, PROVINCE),
    "organisations:organisation-close": (school, PROVINCE),
}
