"""Validation of every school report of a cycle within an admin's scope, as a background task."""

from __future__ import annotations

from django.tasks import task

from nianbao.accounts.models import User
from nianbao.validation.services import validation_run_scope


@task()
def validate_scope(*, user_id: int, cycle_id: int) -> dict:

    user = User.objects.get(pk=user_id)
    return validation_run_scope(actor=user, cycle_id=cycle_id)
