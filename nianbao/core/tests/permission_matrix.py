"""Actor sets used by every app's permission matrix.

Each app declares who may open each of its pages in `nianbao/<app>/tests/permission_matrix.py`:
`MATRIX = {url_name: (kwargs builder over the test world, set of actors allowed)}`. Actors not
listed must be refused (403 or 404; anonymous users are redirected to the login page). The matrix
test in `test_permission_matrix.py` collects every app's MATRIX and fails for any named URL
without an entry, so adding a page means deciding its permissions."""

ALL_USERS = frozenset(
    {
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
)
ANONYMOUS = "anonymous"
PROVINCE = frozenset({"province_admin"})
PROVINCE_AND_CITY = frozenset({"province_admin", "city_admin"})
# Who can see a school's pages: its own users, its city, the province and reviewers above it.
SCHOOL_VIEWERS = frozenset(
    {"province_admin", "reviewer", "city_admin", "school_editor", "school_head"}
)
SCHOOL_EDITORS = frozenset({"school_editor", "school_head"})


def no_kwargs(world):
    return {}


MATRIX = {
    "core:audit-list": (no_kwargs, PROVINCE),
}

# Named URLs that are not pages (logout is POST-only; the admin site has its own permissions).
EXEMPT_PREFIXES = ("admin:",)
EXEMPT = {"accounts:logout"}
