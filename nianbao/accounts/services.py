"""Accounts and memberships: who holds which role on which organisation."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from nianbao.accounts.models import Membership, User
from nianbao.core.audit import audit_record, snapshot
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require
from nianbao.core.roles import ROLE_ORGANISATION_KIND, Role

__all__ = ["user_create", "membership_grant", "membership_revoke", "password_change"]


def _check_role_fits(role: str, organisation) -> None:
    kinds = ROLE_ORGANISATION_KIND[Role(role)]
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    if organisation.kind not in kinds:
        raise ApplicationError(
            f"“{Role(role).label}”角色不能授予{organisation.get_kind_display()}。"
        )


@transaction.atomic
def membership_grant(*, actor, user: User, organisation, role: str) -> Membership:
    require(actor, Action.MANAGE_USERS, organisation)
    _check_role_fits(role, organisation)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"is_active": True}
    )
    if not created and membership.is_active:
        raise ApplicationError("该用户已拥有此角色。")
    membership.is_active = True
    membership.save()
    audit_record(
        actor=actor,
        action="membership.grant",
        obj=membership,
        organisation=organisation,
        after=snapshot(membership, ["user_id", "organisation_id", "role", "is_active"]),
    )
    return membership


@transaction.atomic
def user_create(
    *, actor, username: str, full_name: str, password: str, organisation, role: str, email: str = ""
) -> User:
    require(actor, Action.MANAGE_USERS, organisation)
    _check_role_fits(role, organisation)
    if User.objects.filter(username=username).exists():
        raise ApplicationError(f"用户名“{username}”已被使用。")
    user = User(username=username, full_name=full_name, email=email, must_change_password=True)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError("密码不符合要求", reasons=list(exc.messages)) from None
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        organisation=organisation,
        after={"username": username, "full_name": full_name},
    )
    membership_grant(actor=actor, user=user, organisation=organisation, role=role)
    return user


@transaction.atomic
def password_change(*, actor, old_password: str, new_password: str) -> User:
    """修改密码: the user's own, checked against the old one and the password rules; clears
    the forced change of an initial password."""
    if not actor.check_password(old_password):
        raise ApplicationError("原密码不正确。")
    if new_password == old_password:
        raise ApplicationError("新密码不能与原密码相同。")
    try:
        validate_password(new_password, actor)
    except ValidationError as exc:
        raise ApplicationError("密码不符合要求", reasons=list(exc.messages)) from None
    actor.set_password(new_password)
    actor.must_change_password = False
    actor.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action="user.password_change", obj=actor)
    return actor


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> Membership:
    require(actor, Action.MANAGE_USERS, membership.organisation)
    if membership.user_id == actor.pk and membership.role == Role.PROVINCE_ADMIN:
        raise ApplicationError("不能撤销自己的省级管理员角色。")
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        action="membership.revoke",
        obj=membership,
        organisation=membership.organisation,
        before={"is_active": True},
        after={"is_active": False},
    )
    return membership
