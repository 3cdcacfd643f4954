"""The background check of a report ends quietly when a newer upload or check replaced it."""

import pytest

from nianbao.checker.models import CheckRun
from nianbao.submissions import tasks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("replaced", [FileNotFoundError("年报.docx"), CheckRun.NotUpdated()])
def test_a_check_replaced_while_it_ran_ends_without_failing(world, monkeypatch, replaced):
    def superseded(*, report):
        raise replaced

    monkeypatch.setattr(tasks, "report_check", superseded)
    assert tasks.check_report.call(report_id=world.report.pk) == 0


def test_any_other_error_still_fails_the_task(world, monkeypatch):
    def broken(*, report):
        raise RuntimeError("读取失败")

    monkeypatch.setattr(tasks, "report_check", broken)
    with pytest.raises(RuntimeError):
        tasks.check_report.call(report_id=world.report.pk)
