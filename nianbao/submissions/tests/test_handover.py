import pytest
from django.urls import reverse

from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.reports.models import Notification
from nianbao.submissions.services.handover import report_handover


def test_filler_hands_the_report_to_the_school_head_with_a_notice(world, editor, head):
    submitters = report_handover(actor=editor, report=world.report, note="数据已核对")
    assert submitters == [head]
    notice = Notification.objects.get(user=head, report=world.report)
    assert "请您检查后提交" in notice.message and "留言：数据已核对" in notice.message
    assert reverse("submissions:report-submit", args=[world.report.pk]) in notice.message
    assert AuditEvent.objects.filter(action="report.handover", object_id=str(world.report.pk)).exists()
    world.report.refresh_from_db()
    assert world.report.status == "drafting"  # the head still decides


def test_handover_is_refused_when_the_school_has_no_head(world, editor, head):
    head.memberships.all().delete()
    with pytest.raises(ApplicationError) as exc:
        report_handover(actor=editor, report=world.report)
    assert "负责人账号" in exc.value.message and exc.value.reasons


def test_handover_is_refused_for_someone_who_cannot_write_the_report(world):
    with pytest.raises(Exception) as exc:
        report_handover(actor=world.users["other_school_editor"], report=world.report)
    assert "权限" in str(exc.value)


def test_handover_button_posts_and_tells_the_filler_who_was_notified(world, login, head):
    client = login(world.users["school_editor"])
    page = client.get(reverse("submissions:report-detail", args=[world.report.pk])).content
    assert "提交给负责人".encode() in page
    response = client.post(
        reverse("submissions:report-handover", args=[world.report.pk]), {"note": ""}, follow=True
    )
    assert f"已通知 {head.display_name} 检查并提交".encode() in response.content


def test_enterprise_contact_sees_who_submits_their_report(world, login, head):
    from nianbao.submissions.services import enterprise_report_create

    report = enterprise_report_create(
        actor=head, cycle=world.cycle, school=world.school, enterprise=world.enterprise
    )
    client = login(world.users["enterprise_editor"])
    page = client.get(reverse("submissions:enterprise-reports")).content.decode()
    assert "青川职业技术学院负责人：school_head" in page
    assert report.title in page
    detail = client.get(reverse("submissions:report-detail", args=[report.pk])).content.decode()
    assert "本企业年报由合作学校“青川职业技术学院”的学校负责人提交（school_head）" in detail
    assert "学校域名" not in detail


def test_enterprise_contact_home_links_to_who_submits(world, login):
    page = login(world.users["enterprise_editor"]).get(reverse("portal:home")).content.decode()
    assert reverse("submissions:enterprise-reports") in page and "本企业年报由谁提交" in page
