"""Every error planted in the demo province appears in the admins' validation list, with a rule
on the planted indicators; no clean school has an error-level finding."""

import pytest
from django.urls import reverse

from nianbao.accounts.models import User
from nianbao.demo.province import build_demo_province
from nianbao.demo.seeding import planted_errors


@pytest.mark.slow
def test_planted_demo_errors_all_appear_in_the_province_list(db, client):
    build_demo_province(seed=2025)
    planted = planted_errors()
    assert len(planted) >= 25
    client.force_login(
        User.objects.get(username="sheng_admin"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    response = client.get(reverse("validation:scope-findings"), {"page": 1})
    rows = list(response.context["page_obj"].paginator.object_list)
    by_school: dict[str, list] = {}
    for row in rows:
        by_school.setdefault(row.school_code, []).append(row)
    missed = []
    for error in planted:
        found = [
            r
            for r in by_school.get(error["school_code"], [])
            if r.severity in ("error", "warning")
            and set(r.indicators) & set(error["indicator_codes"])
        ]
        if not found:
            missed.append(error)
    assert not missed, missed
    planted_schools = {e["school_code"] for e in planted}
    false_errors = [
        r for r in rows if r.severity == "error" and r.school_code not in planted_schools
    ]
    assert not false_errors, false_errors[:5]
