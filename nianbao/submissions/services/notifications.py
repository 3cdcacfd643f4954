"""站内通知 and e-mail to the people who work on a report (side effects after commit)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from nianbao.accounts.models import User
from nianbao.core.roles import Role
from nianbao.reports.models import Notification, Report

__all__ = ["report_recipients", "notify", "notifications_mark_read"]

logger = logging.getLogger(__name__)

WRITER_ROLES = (Role.SCHOOL_EDITOR, Role.SCHOOL_HEAD, Role.CITY_ADMIN, Role.PROVINCE_ADMIN)


def report_recipients(report: Report) -> list[User]:
    """The users who write or submit the report: roles held at its owner organisation (and the
    enterprise contact for an enterprise report)."""
    orgs = [report.owner_organisation.pk]
    roles = list(WRITER_ROLES)
    if report.kind == "enterprise":
        orgs.append(report.organisation_id)
        roles.append(Role.ENTERPRISE_EDITOR)
    return list(
        User.objects.filter(
            memberships__organisation_id__in=orgs,
            memberships__role__in=roles,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def notify(*, report: Report, subject: str, message: str, users: list[User] | None = None) -> int:
    """One in-platform notification per user now; the e-mails once the transaction commits."""
    users = report_recipients(report) if users is None else users
    Notification.objects.bulk_create(
        Notification(user=u, report=report, message=message[:500]) for u in users
    )
    addresses = [u.email for u in users if u.email]
    if addresses:
        transaction.on_commit(lambda: _mail(subject, message, addresses))
    return len(users)


def _mail(subject: str, message: str, addresses: list[str]) -> None:
    """A mail server being down must not undo the change: the notification is already stored."""
    try:
        send_mail(
            f"【职业教育质量年报平台】{subject}", message, settings.DEFAULT_FROM_EMAIL, addresses
        )
    except OSError:
        logger.exception("reminder e-mail could not be sent")


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
