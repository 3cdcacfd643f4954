"""Test helpers shared by every app: a small organisation tree with one user per role, both in
"our" part of the tree and in "the other" part, so permission tests can compare the two."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from nianbao.accounts.models import Membership, User
from nianbao.core.roles import Role
from nianbao.cycles.services import cycle_open
from nianbao.organisations.models import Organisation

PASSWORD = "test-pass-123"


def make_org(
    kind: str, code: str, name: str, parent: Organisation | None = None, **extra
) -> Organisation:
    return Organisation.objects.create(kind=kind, code=code, name=name, parent=parent, **extra)


def make_user(
    username: str, role: str | None = None, organisation: Organisation | None = None
) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username)
    if role:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def build_world(*, with_cycle: bool = True) -> SimpleNamespace:
    w = SimpleNamespace()
    w.province = make_org("province", "990000", "示范省教育厅", short_name="示范省")
    w.city = make_org("city", "990100", "青川市教育局", w.province, short_name="青川市")
    w.other_city = make_org("city", "990200", "云州市教育局", w.province, short_name="云州市")
    w.school = make_org(
        "school",
        "1010101",
        "青川职业技术学院",
        w.city,
        level="higher",
        website="https://www.qczy.edu.cn",
    )
    w.secondary = make_org("school", "2010001", "青川市城关职业中学", w.city, level="secondary")
    w.other_school = make_org("school", "1020101", "云州职业技术学院", w.other_city, level="higher")
    w.enterprise = make_org("enterprise", "91990000MA0001X", "青川智能装备有限公司", w.school)
    w.other_enterprise = make_org(
        "enterprise", "91990000MA0002X", "云州物流有限公司", w.other_school
    )
    w.users = {
        "province_admin": make_user("province_admin", Role.PROVINCE_ADMIN, w.province),
        "reviewer": make_user("reviewer", Role.REVIEWER, w.province),
        "city_admin": make_user("city_admin", Role.CITY_ADMIN, w.city),
        "other_city_admin": make_user("other_city_admin", Role.CITY_ADMIN, w.other_city),
        "school_editor": make_user("school_editor", Role.SCHOOL_EDITOR, w.school),
        "school_head": make_user("school_head", Role.SCHOOL_HEAD, w.school),
        "other_school_editor": make_user("other_school_editor", Role.SCHOOL_EDITOR, w.other_school),
        "enterprise_editor": make_user("enterprise_editor", Role.ENTERPRISE_EDITOR, w.enterprise),
        "other_enterprise_editor": make_user(
            "other_enterprise_editor", Role.ENTERPRISE_EDITOR, w.other_enterprise
        ),
        "no_role": make_user("no_role"),
    }
    if with_cycle:
        w.cycle = cycle_open(
            actor=None,
            year=2025,
            framework_edition="2025",
            indicator_edition="2023",
            deadlines={
                "school": dt.date(2026, 1, 5),
                "city": dt.date(2026, 1, 12),
                "enterprise": dt.date(2026, 1, 5),
            },
        )
        w.report = w.cycle.reports.get(organisation=w.school)
        w.other_report = w.cycle.reports.get(organisation=w.other_school)
        w.city_report = w.cycle.reports.get(organisation=w.city)
    return w
