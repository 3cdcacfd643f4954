"""Actor sets used by every app's permission matrix.

Each app declares who may open each of its pages in `nianbao/<app>/tests/permission_matrix.py`:
`MATRIX = {url_name: (kwargs builder over the test world, set of actors allowed)}`. Actors not
listed must be refused (403 or 404; anonymous users are redirected to the login page). The matrix
test in `test_permission_matrix.py` collects every app's MATRIX and fails for any named URL
without an entry, so adding a page means deciding its permissions."""

from django.core.files.base import ContentFile

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


def _file_export(world):
    """A finished export of the validation findings, requested by the province admin."""
    from nianbao.core.models import FileExport

    user = world.users["province_admin"]
    export = FileExport.objects.create(
        kind="validation.scope_findings",
        params={"user_id": user.pk, "cycle_id": world.cycle.pk},
        params_key="matrix",
        requested_by=user,
        status="done",
        filename="校验结果.xlsx",
        content_type="application/octet-stream",
    )
    export.file.save(f"{export.pk}.xlsx", ContentFile(b"PK"), save=True)
    return {"pk": export.pk}


MATRIX = {
    "core:audit-list": (no_kwargs, PROVINCE),
    # Only the requester sees an export's status and downloads it; both are GET-only.
    "core:export-status": (_file_export, PROVINCE),
    "core:export-download": (_file_export, PROVINCE),
}

# Named URLs that are not pages (logout is POST-only; the admin site has its own permissions).
EXEMPT_PREFIXES = ("admin:",)
EXEMPT = {"accounts:logout"}
