"""A check replaced by a newer one of the same report (its run deleted) ends quietly."""

import pytest

from nianbao.checker.models import CheckRun
from nianbao.checker.tasks import run_check

pytestmark = pytest.mark.django_db


def test_a_run_deleted_before_it_starts_is_reported_superseded(world):
    run = CheckRun.objects.create(
        organisation=world.school, file_name="年报.md", file_sha256="0" * 64
    )
    pk = run.pk
    run.delete()
    assert run_check.call(run_id=pk) == "superseded"
    assert not CheckRun.objects.filter(pk=pk).exists()  # not brought back
