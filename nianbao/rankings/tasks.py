"""Recomputing a cycle's lists in the background (after a verification, or on request)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.tasks import task

from nianbao.cycles.models import Cycle
from nianbao.rankings.computing import rankings_compute


@task()
def rankings_recompute(*, user_id: int, cycle_id: int, edition: str = "") -> int:
    user = get_user_model().objects.get(pk=user_id)
    cycle = Cycle.objects.get(pk=cycle_id)
    return len(rankings_compute(actor=user, cycle=cycle, edition=edition or None))
