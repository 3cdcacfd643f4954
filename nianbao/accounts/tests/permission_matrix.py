from nianbao.core.tests.permission_matrix import ALL_USERS, ANONYMOUS, no_kwargs
from nianbao.core.upload_jobs import job_create

USER_MANAGERS = {"province_admin", "city_admin", "other_city_admin"}


def import_job(w):
    state = {"user": w.users["province_admin"].pk, "name": "users.xlsx", "status": "checked"}
    return {"token": job_create("user-imports", b"x", {**state, "rows": [], "errors": []})}


def school_editor_membership(w):
    return {"pk": w.users["school_editor"].memberships.get().pk}


MATRIX = {
    "accounts:login": (no_kwargs, ALL_USERS | {ANONYMOUS}),
    "accounts:password-change": (no_kwargs, ALL_USERS),
    "accounts:user-list": (no_kwargs, USER_MANAGERS),
    "accounts:user-create": (no_kwargs, USER_MANAGERS),
    "accounts:user-import": (no_kwargs, USER_MANAGERS),
    "accounts:user-import-status": (import_job, {"province_admin"}),
    "accounts:token-list": (no_kwargs, ALL_USERS),
    "accounts:password-reset": (no_kwargs, ALL_USERS | {ANONYMOUS}),
    "accounts:password-reset-done": (no_kwargs, ALL_USERS | {ANONYMOUS}),
    "accounts:password-reset-confirm": (
        lambda w: {"uidb64": "MQ", "token": "set-password"},
        ALL_USERS | {ANONYMOUS},
    ),
    "accounts:password-reset-complete": (no_kwargs, ALL_USERS | {ANONYMOUS}),
    "accounts:token-revoke": (
        lambda w: {"pk": 1},
        set(),
        set(),
    ),  # POST only; no token 1 is anyone's
    # POST only: (kwargs, who may GET, who may POST)
    "accounts:membership-revoke": (
        school_editor_membership,
        set(),
        {"province_admin", "city_admin"},
    ),
}
