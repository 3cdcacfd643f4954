"""Recording audit events. Every service that changes data calls `audit_record` inside its
transaction, so an event exists exactly when the change was committed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from nianbao.core.models import AuditEvent

__all__ = ["audit_record", "snapshot"]


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` as JSON-ready data (foreign keys as ids)."""
    names = fields or [
        f.attname
        for f in obj._meta.concrete_fields
        if f.attname not in ("created_at", "updated_at")
    ]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_repr: str = "",
    organisation=None,
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_repr = object_repr or str(obj)[:255]
    if before is not None and after is not None and isinstance(before, dict):
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=object_repr,
        organisation=organisation,
        before=_jsonable(before),
        after=_jsonable(after),
    )
