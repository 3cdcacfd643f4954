import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.cycles.services import cycle_open
from nianbao.organisations.models import Organisation
from nianbao.organisations.services import (
    organisation_close,
    organisation_create,
    organisation_move,
    organisation_update,
)
from nianbao.testing import make_org


def test_update_records_before_and_after_of_changed_fields_only(world):
    admin = world.users["province_admin"]
    organisation_update(actor=admin, organisation=world.school, name="青川职业技术大学")
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.actor == admin
    assert event.before == {"name": "青川职业技术学院"} and event.after == {
        "name": "青川职业技术大学"
    }


def test_move_rewrites_the_paths_of_the_whole_subtree(world):
    organisation_move(
        actor=world.users["province_admin"], organisation=world.school, new_parent=world.other_city
    )
    world.enterprise.refresh_from_db()
    assert world.enterprise.path.startswith(world.other_city.path)
    assert set(Organisation.objects.subtree_of(world.other_city)) >= {
        world.school,
        world.enterprise,
    }


def test_move_refuses_a_parent_of_the_wrong_kind(world):
    with pytest.raises(ApplicationError, match="上级必须是市级教育局"):
        organisation_move(
            actor=world.users["province_admin"],
            organisation=world.school,
            new_parent=world.province,
        )


def test_city_admin_cannot_change_the_tree(world):
    with pytest.raises(PermissionDenied):
        organisation_update(actor=world.users["city_admin"], organisation=world.school, name="x")


def test_school_cannot_be_created_without_a_level(world):
    with pytest.raises(ApplicationError):
        organisation_create(
            actor=world.users["province_admin"],
            kind="school",
            parent=world.city,
            code="1",
            name="无层次学校",
        )


def test_closed_school_stays_in_the_cycle_of_its_closing_year_but_not_the_next(world):
    admin = world.users["province_admin"]
    school = make_org("school", "2010002", "将停办中职", world.city, level="secondary")
    organisation_close(actor=admin, organisation=school, closed_on=dt.date(2026, 6, 30))
    in_2026 = cycle_open(
        actor=admin,
        year=2026,
        framework_edition="2025",
        indicator_edition="2023",
        deadlines={
            "school": dt.date(2027, 1, 5),
            "city": dt.date(2027, 1, 12),
            "enterprise": dt.date(2027, 1, 5),
        },
    )
    in_2027 = cycle_open(
        actor=admin,
        year=2027,
        framework_edition="2025",
        indicator_edition="2023",
        deadlines={
            "school": dt.date(2028, 1, 5),
            "city": dt.date(2028, 1, 12),
            "enterprise": dt.date(2028, 1, 5),
        },
    )
    assert in_2026.reports.filter(organisation=school).exists()
    assert not in_2027.reports.filter(organisation=school).exists()


def test_closing_refuses_an_organisation_with_open_children(world):
    with pytest.raises(ApplicationError, match="下级机构"):
        organisation_close(
            actor=world.users["province_admin"],
            organisation=world.school,
            closed_on=dt.date(2026, 1, 1),
        )
