import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.reports.models import Notification, ReminderSent, Report
from nianbao.submissions import services

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


def test_report_is_editable_on_the_deadline_and_locked_the_day_after(world, editor, clock):
    report = world.report
    clock.move_to(at("2026-01-05", 23))
    assert not report.is_overdue and report.is_editable and report.days_left == 0
    services.case_save(actor=editor, report=report, part_code="challenges", title="t", body="1人")
    clock.move_to(at("2026-01-06", 0))
    assert report.is_overdue and not report.is_editable
    with pytest.raises(ApplicationError, match="已锁定编辑"):
        services.case_save(actor=editor, report=report, part_code="challenges", title="t", body="1")


def test_an_extension_unlocks_an_overdue_report_and_is_audited(world, editor, clock):
    report = world.report
    clock.move_to(at("2026-01-08"))
    assert report.is_overdue
    services.deadline_extend(
        actor=world.users["province_admin"], report=report, until=dt.date(2026, 1, 20),
        reason="学校受灾，延期两周",
    )  # fmt: skip
    report = Report.objects.get(pk=report.pk)
    assert report.due_on == dt.date(2026, 1, 20) and report.is_editable
    services.case_save(actor=editor, report=report, part_code="challenges", title="t", body="1人")
    event = AuditEvent.objects.get(action="report.extend_deadline")
    assert event.after["reason"] == "学校受灾，延期两周"
    assert report.extensions.get().organisation == world.school
    # The extension only concerns this organisation.
    assert Report.objects.get(pk=world.other_report.pk).is_overdue


@pytest.mark.parametrize("actor", ["city_admin", "school_head", "reviewer"])
def test_only_the_province_admin_extends(world, actor):
    with pytest.raises(PermissionDenied):
        services.deadline_extend(
            actor=world.users[actor],
            report=world.report,
            until=dt.date(2026, 2, 1),
            reason="理由充分的说明",
        )


def test_extension_needs_a_reason_and_a_future_date(world, clock):
    clock.move_to(at("2026-01-08"))
    with pytest.raises(ApplicationError) as exc:
        services.deadline_extend(
            actor=world.users["province_admin"],
            report=world.report,
            until=dt.date(2026, 1, 1),
            reason="",
        )
    assert exc.value.reasons == [
        "请填写延期理由（至少 5 个字）",
        "延期日期不能早于今天",
        "延期日期须晚于原截止日期（2026-01-05）",
    ]


def test_an_extension_before_the_deadline_is_refused(world):
    # Today is before the 2026-01-05 deadline: "延期至" 2026-01-02 would shorten it.
    with pytest.raises(ApplicationError) as exc:
        services.deadline_extend(
            actor=world.users["province_admin"],
            report=world.report,
            until=dt.date(2026, 1, 2),
            reason="学校申请延期一周",
        )
    assert exc.value.reasons == ["延期日期须晚于原截止日期（2026-01-05）"]


def test_reminders_three_days_and_one_day_before_are_sent_once(
    world, clock, django_capture_on_commit_callbacks
):
    head = world.users["school_head"]
    head.email = "head@qczy.edu.cn"
    head.save()
    clock.move_to(at("2026-01-01"))  # four days before: nothing
    assert services.send_deadline_reminders() == []
    clock.move_to(at("2026-01-02"))
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_deadline_reminders()
    keys = {(r.pk, k) for r, k in sent}
    assert (world.report.pk, "due-3:2026-01-05") in keys
    assert any("head@qczy.edu.cn" in m.to for m in mail.outbox)
    assert Notification.objects.filter(user=head, message__contains="还剩 3 天").count() == 1
    assert services.send_deadline_reminders() == []  # idempotent on the same day
    clock.move_to(at("2026-01-04"))
    assert (world.report.pk, "due-1:2026-01-05") in {
        (r.pk, k) for r, k in services.send_deadline_reminders()
    }
    assert Notification.objects.filter(user=head, message__contains="还剩").count() == 2


def test_reminders_skip_submitted_reports_and_follow_extensions(world, clock):
    Report.objects.filter(pk=world.other_report.pk).update(status="submitted")
    Report.objects.filter(pk=world.report.pk).update(extended_until=dt.date(2026, 1, 10))
    clock.move_to(at("2026-01-02"))
    reminded = {r.pk for r, _ in services.send_deadline_reminders()}
    assert world.other_report.pk not in reminded and world.report.pk not in reminded
    clock.move_to(at("2026-01-07"))
    assert world.report.pk in {r.pk for r, _ in services.send_deadline_reminders()}


def test_reminder_command_is_idempotent(world, clock):
    clock.move_to(at("2026-01-02"))
    call_command("send_deadline_reminders")
    first = ReminderSent.objects.count()
    assert first > 0
    call_command("send_deadline_reminders")
    assert ReminderSent.objects.count() == first
