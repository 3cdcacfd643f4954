"""Writes to the organisation tree. Every function is atomic and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from nianbao.core.audit import audit_record, snapshot
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require
from nianbao.organisations.choices import ALLOWED_PARENT_KIND, OrganisationKind
from nianbao.organisations.models import Organisation
from nianbao.organisations.signals import organisations_changed

__all__ = [
    "organisation_create",
    "organisation_update",
    "organisation_move",
    "organisation_close",
]

EDITABLE_FIELDS = (
    "code",
    "name",
    "short_name",
    "level",
    "ownership",
    "affiliation",
    "website",
    "must_file_report",
    "exemption_reason",
    "exemption_note",
    "opened_on",
    "closed_on",
)


def _check_parent(kind: str, parent: Organisation | None) -> None:
    expected = ALLOWED_PARENT_KIND[OrganisationKind(kind)]
    if expected is None and parent is not None:
        raise ApplicationError("省级机构不能有上级。")
    if expected is not None and (parent is None or parent.kind != expected):
        raise ApplicationError(
            f"{OrganisationKind(kind).label}的上级必须是{OrganisationKind(expected).label}。"
        )


def _clean(org: Organisation) -> None:
    if org.must_file_report:
        org.exemption_reason = ""
    try:
        org.full_clean(exclude=["path", "parent"])
    except ValidationError as exc:
        reasons = []
        for field, messages in exc.message_dict.items():
            label = "" if field == "__all__" else f"{org._meta.get_field(field).verbose_name}："
            reasons.append(label + "；".join(messages))
        raise ApplicationError("机构信息有误", reasons=reasons) from None


def organisation_create(
    *, actor, kind: str, parent: Organisation | None, audit: bool = True, **fields: Any
) -> Organisation:
    if parent is not None or actor is not None:
        require(actor, Action.MANAGE_ORGANISATIONS, parent)
    _check_parent(kind, parent)
    with transaction.atomic():
        org = Organisation(kind=kind, parent=parent, **fields)
        _clean(org)
        org.save()
        _changed(org)
        if audit:
            audit_record(
                actor=actor,
                action="organisation.create",
                obj=org,
                organisation=org,
                after=snapshot(org),
            )
    return org


def _changed(org: Organisation) -> None:
    """After the commit, other apps catch up (an open cycle's report for a new school)."""
    pk = org.pk
    transaction.on_commit(
        lambda: organisations_changed.send(sender=Organisation, pks=[pk]), robust=True
    )


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, **fields: Any) -> Organisation:
    require(actor, Action.MANAGE_ORGANISATIONS, organisation)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    before = snapshot(organisation)
    for name, value in fields.items():
        setattr(organisation, name, value)
    _clean(organisation)
    organisation.save()
    _changed(organisation)
    audit_record(
        actor=actor,
        action="organisation.update",
        obj=organisation,
        organisation=organisation,
        before=before,
        after=snapshot(organisation),
    )
    return organisation


@transaction.atomic
def organisation_move(
    *, actor, organisation: Organisation, new_parent: Organisation
) -> Organisation:
    """Moves an organisation (and its subtree) under another parent of the right kind."""
    require(actor, Action.MANAGE_ORGANISATIONS, organisation)
    require(actor, Action.MANAGE_ORGANISATIONS, new_parent)
    _check_parent(organisation.kind, new_parent)
    if new_parent.path.startswith(organisation.path):
        raise ApplicationError("不能把机构移动到它自己的下级机构之下。")
    before = snapshot(organisation, ["parent_id", "path"])
    old_path = organisation.path
    organisation.parent = new_parent
    organisation.path = organisation.compute_path()
    organisation.save(update_fields=["parent", "path", "updated_at"])
    for descendant in Organisation.objects.filter(path__startswith=old_path).exclude(
        pk=organisation.pk
    ):
        descendant.path = organisation.path + descendant.path[len(old_path) :]
        descendant.save(update_fields=["path"])
    audit_record(
        actor=actor,
        action="organisation.move",
        obj=organisation,
        organisation=organisation,
        before=before,
        after=snapshot(organisation, ["parent_id", "path"]),
    )
    return organisation


@transaction.atomic
def organisation_close(
    *, actor, organisation: Organisation, closed_on: dt.date, note: str = ""
) -> Organisation:
    """Closes an organisation from `closed_on` on. It stays in cycles whose data period started
    before that day, so last year's reports keep their school."""
    require(actor, Action.MANAGE_ORGANISATIONS, organisation)
    if organisation.opened_on and closed_on <= organisation.opened_on:
        raise ApplicationError("撤销日期必须晚于设立日期。")
    if organisation.closed_on:
        raise ApplicationError(f"该机构已于 {organisation.closed_on:%Y-%m-%d} 撤销。")
    open_children = organisation.children.filter(closed_on__isnull=True).count()
    if open_children:
        raise ApplicationError(f"该机构下还有 {open_children} 个未撤销的下级机构，请先处理。")
    before = snapshot(organisation, ["closed_on", "exemption_note"])
    organisation.closed_on = closed_on
    if note:
        organisation.exemption_note = note[:200]
    organisation.save(update_fields=["closed_on", "exemption_note", "updated_at"])
    audit_record(
        actor=actor,
        action="organisation.close",
        obj=organisation,
        organisation=organisation,
        before=before,
        after=snapshot(organisation, ["closed_on", "exemption_note"]),
    )
    return organisation
