"""Who may open which page. Every named URL of the platform must have an entry here: the matrix
test fails for a URL that has none, so adding a page means deciding its permissions.

Each entry: url name -> (kwargs builder over the test world, set of actors allowed). Actors not
listed must be refused (403 or 404; anonymous users are redirected to the login page)."""

ALL_USERS = {
    "province_admin",
    "reviewer",
    "city_admin",
    "other_city_admin",
    "school_editor",
    "school_head",
    "other_school_editor",
    "enterprise_editor",
    "other_enterprise_editor",
    "no_role",
}
WITH_ROLE = ALL_USERS - {"no_role"}
PROVINCE = {"province_admin"}
SCHOOL_SIDE = {"province_admin", "reviewer", "city_admin", "school_editor", "school_head"}


def none(w):
    return {}


MATRIX = {
    "accounts:login": (none, ALL_USERS | {"anonymous"}),
    "portal:home": (none, ALL_USERS),
    "core:audit-list": (none, PROVINCE),
    "organisations:organisation-list": (none, ALL_USERS),
    "organisations:organisation-create": (none, PROVINCE),
    "organisations:organisation-import": (none, PROVINCE),
    "organisations:organisation-import-template": (none, PROVINCE),
    "organisations:organisation-detail": (lambda w: {"pk": w.school.pk}, SCHOOL_SIDE),
    "organisations:organisation-edit": (lambda w: {"pk": w.school.pk}, PROVINCE),
    "organisations:organisation-move": (lambda w: {"pk": w.school.pk}, PROVINCE),
    "organisations:organisation-close": (lambda w: {"pk": w.school.pk}, PROVINCE),
    "cycles:cycle-list": (none, PROVINCE),
    "cycles:cycle-open": (none, PROVINCE),
    "cycles:cycle-detail": (lambda w: {"pk": w.cycle.pk}, PROVINCE),
    "submissions:report-list": (none, ALL_USERS),
    "submissions:report-detail": (lambda w: {"pk": w.report.pk}, SCHOOL_SIDE),
}

# URLs that are not pages of the platform (logout is POST-only; admin has its own permissions).
EXEMPT_PREFIXES = ("admin:",)
EXEMPT = {"accounts:logout"}
