"""The reviewer's transitions behind the review app's permission check: the reports layer
knows the reviewing body's admins; only the review app knows which expert is assigned."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.reports.choices import ReportStatus
from nianbao.reports.permissions import is_reviewing_admin, reviewing_roles
from nianbao.review import services, transitions
from nianbao.review.permissions import can_review
from nianbao.review.tests.helpers import submit
from nianbao.validation.models import FindingExplanation

URL = "https://www.cgzz.edu.cn/nianbao/2025"


@pytest.fixture
def secondary(world):
    submit(world.secondary_report, url=URL, user=world.secondary_head)
    return world.secondary_report


def _assign(world, report, expert):
    services.review_assign(actor=world.users["city_admin"], report=report, reviewer=expert,
                           role="primary", due_on=dt.date(2025, 12, 30))  # fmt: skip


def test_the_reports_layer_knows_admins_and_the_review_app_knows_assigned_experts(world, secondary):
    expert = world.city_expert
    assert is_reviewing_admin(world.users["city_admin"], secondary)
    _assign(world, secondary, expert)
    assert reviewing_roles(expert, secondary) == {"reviewer"}
    assert not is_reviewing_admin(expert, secondary)  # an assignment is not the reports' business
    assert can_review(expert, secondary)
    assert not reviewing_roles(world.secondary_head, secondary)  # own organisation


def test_an_unassigned_expert_can_neither_return_nor_approve(world, secondary):
    with pytest.raises(PermissionDenied):
        transitions.report_return(
            actor=world.city_expert, report=secondary, reason="请补充数据佐证。"
        )
    with pytest.raises(PermissionDenied):
        transitions.report_approve(actor=world.city_expert, report=secondary)
    secondary.refresh_from_db()
    assert secondary.status == ReportStatus.SUBMITTED


def test_an_assigned_expert_returns_through_the_workflows_status_change(world, secondary):
    _assign(world, secondary, world.city_expert)
    report = transitions.report_return(
        actor=world.city_expert, report=secondary, reason="案例缺少数据佐证，请补充。"
    )
    assert report.status == ReportStatus.RETURNED and "数据佐证" in report.return_reason
    event = AuditEvent.objects.get(action="report.return")
    assert event.before["status"] == "submitted" and event.after["status"] == "returned"


def test_approval_waits_for_pending_explanations(world, secondary):
    FindingExplanation.objects.create(
        report=secondary, organisation=secondary.organisation, rule_id="W1",
        text="新校区投入使用，教师数量增加。", written_by=world.secondary_head,
    )  # fmt: skip
    assert transitions.approval_refusals(secondary) == ["预警说明（W1）尚待审核，请先采纳或不采纳"]
    with pytest.raises(ApplicationError, match="暂不能审核通过"):
        transitions.report_approve(actor=world.users["city_admin"], report=secondary)
