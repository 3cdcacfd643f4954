import pytest
from django.core.exceptions import PermissionDenied

from nianbao.accounts.services import membership_revoke, user_create
from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.core.permissions import Action, user_can


def test_city_admin_creates_an_account_for_its_school(world):
    user = user_create(
        actor=world.users["city_admin"],
        username="new_editor",
        full_name="新填报员",
        password="Strong-pass-2025",
        organisation=world.school,
        role="school_editor",
    )
    assert user_can(user, Action.EDIT_REPORT, world.school)
    assert AuditEvent.objects.filter(action="membership.grant", organisation=world.school).exists()


def test_city_admin_cannot_create_accounts_in_another_city(world):
    with pytest.raises(PermissionDenied):
        user_create(
            actor=world.users["city_admin"],
            username="x1",
            full_name="x",
            password="Strong-pass-2025",
            organisation=world.other_school,
            role="school_editor",
        )


def test_role_must_fit_the_organisation_kind(world):
    with pytest.raises(ApplicationError, match="不能授予"):
        user_create(
            actor=world.users["province_admin"],
            username="x2",
            full_name="x",
            password="Strong-pass-2025",
            organisation=world.school,
            role="province_admin",
        )


def test_weak_password_is_refused_with_reasons(world):
    with pytest.raises(ApplicationError) as exc:
        user_create(
            actor=world.users["province_admin"],
            username="x3",
            full_name="x",
            password="12345678",
            organisation=world.school,
            role="school_editor",
        )
    assert exc.value.reasons


def test_revoked_membership_no_longer_grants_access(world):
    editor = world.users["school_editor"]
    membership_revoke(actor=world.users["province_admin"], membership=editor.memberships.get())
    editor = type(editor).objects.get(pk=editor.pk)
    assert not user_can(editor, Action.VIEW, world.school)
