import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Notification, Report, ReportSection

from .conftest import docx_with_parts, tiny_png

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"submissions:{name}", args=args)


def _fill_and_attach(client, report):
    for part in report.framework_parts:
        r = client.post(
            url("section-save", report.pk, part.code),
            {"title": "", "body": f"## 概况\n\n{part.name}：2025年培养1000人。"},
        )
        assert r.status_code == 302
    r = client.post(
        url("declaration-upload", report.pk),
        {"file": SimpleUploadedFile("声明.png", tiny_png(), content_type="image/png")},
    )
    assert r.status_code == 302
    client.post(url("publication-url", report.pk), {"url": "https://www.qczy.edu.cn/nb/2025"})


def test_school_head_goes_from_empty_report_to_submitted_in_the_platform(world, login, blockers):
    client = login(world.users["school_head"])
    report = world.report
    page = client.get(url("report-submit", report.pk))
    assert "尚未上传签字盖章的《内容真实性责任声明》" in page.content.decode()
    _fill_and_attach(client, report)
    r = client.post(
        url("case-save", report.pk, "talent_cultivation"),
        {"title": "订单班", "body": "与企业共建订单班，120名学生就业。"},
    )
    assert r.status_code == 302
    page = client.get(url("report-submit", report.pk)).content.decode()
    assert "所有提交条件均已满足" in page
    r = client.post(url("report-submit", report.pk), follow=True)
    assert "年报已提交" in r.content.decode()
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_school_goes_to_submitted_with_an_uploaded_docx(world, login, blockers):
    client = login(world.users["school_head"])
    report = world.report
    content = docx_with_parts([p.name for p in report.framework_parts])
    r = client.post(
        url("report-upload", report.pk),
        {"file": SimpleUploadedFile("年报.docx", content)},
        follow=True,
    )
    assert "年报全文已上传并完成体检" in r.content.decode()
    client.post(
        url("declaration-upload", report.pk),
        {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n")},
    )
    client.post(url("publication-url", report.pk), {"url": "https://www.qczy.edu.cn/nb"})
    r = client.post(url("report-submit", report.pk), follow=True)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED, r.content.decode()


def test_refused_submission_shows_every_reason(world, login, blockers):
    blockers.reasons = ["数据错误（R1）：在校生数缺失"]
    client = login(world.users["school_head"])
    r = client.post(url("report-submit", world.report.pk), follow=True)
    text = r.content.decode()
    assert "年报暂不能提交" in text
    assert "数据错误（R1）：在校生数缺失" in text
    assert "未填写年报发布网址" in text
    assert Report.objects.get(pk=world.report.pk).status == ReportStatus.DRAFTING


def test_editor_cannot_submit_but_sees_the_checklist(world, login, blockers):
    client = login(world.users["school_editor"])
    page = client.get(url("report-submit", world.report.pk)).content.decode()
    # The filler is told who submits (by name) and can hand the report over to them.
    assert "本年报由学校负责人提交（school_head）" in page
    assert "提交给负责人" in page
    r = client.post(url("report-submit", world.report.pk))
    assert r.status_code == 403


def test_autosave_answers_json_and_reports_conflicts(world, login):
    client = login(world.users["school_editor"])
    report = world.report
    headers = {"x-requested-with": "fetch"}
    r = client.post(
        url("section-save", report.pk, "talent_cultivation"),
        {"title": "", "body": "草稿"},
        headers=headers,
    )
    data = r.json()
    assert data["ok"] and data["version"] == 1
    sid = data["section_id"]
    body = {"section_id": sid, "version": 1, "title": "", "body": "第二稿"}
    assert (
        client.post(
            url("section-save", report.pk, "talent_cultivation"), body, headers=headers
        ).json()["version"]
        == 2
    )
    stale = client.post(url("section-save", report.pk, "talent_cultivation"), body, headers=headers)
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["error"]
    assert ReportSection.objects.get(pk=sid).body == "第二稿"


def test_part_page_shows_sanitised_text_numbers_and_case_warning(world, login):
    from nianbao.submissions import services

    editor = world.users["school_editor"]
    services.section_save(
        actor=editor, report=world.report, part_code="talent_cultivation", title="",
        body="见[[case:case1]]<script>alert(1)</script>",
    )  # fmt: skip
    services.case_save(
        actor=editor,
        report=world.report,
        part_code="talent_cultivation",
        title="育人",
        body="成效显著",
    )
    # A reviewer reads the rendered (sanitised) text.
    page = login(world.users["reviewer"]).get(
        url("report-part", world.report.pk, "talent_cultivation")
    )
    text = page.content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "案例 1-1" in text and "没有数据佐证" in text


def test_countdown_is_on_every_report_page(world, login):
    client = login(world.users["school_editor"])
    for name, args in [
        ("report-detail", (world.report.pk,)),
        ("report-part", (world.report.pk, "talent_cultivation")),
        ("report-submit", (world.report.pk,)),
    ]:
        assert 'id="countdown"' in client.get(url(name, *args)).content.decode()
    export_page = client.get(reverse("documents:export-list", args=[world.report.pk]))
    assert "剩 16 天" in export_page.content.decode()


def test_overdue_report_page_says_it_is_locked(world, login, clock):
    import datetime as dt

    clock.move_to(dt.datetime(2026, 1, 9, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    client = login(world.users["school_editor"])
    text = client.get(url("report-detail", world.report.pk)).content.decode()
    assert "编辑已锁定" in text
    r = client.post(
        url("case-save", world.report.pk, "challenges"), {"title": "a", "body": "1"}, follow=True
    )
    assert "已锁定编辑" in r.content.decode()


def test_province_admin_extends_from_the_page(world, login, clock):
    import datetime as dt

    clock.move_to(dt.datetime(2026, 1, 9, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    client = login(world.users["province_admin"])
    r = client.post(
        url("report-extend", world.report.pk), {"until": "2026-01-20", "reason": "系统故障导致延误"}
    )
    assert r.status_code == 302
    assert Report.objects.get(pk=world.report.pk).is_editable


def test_declaration_template_download_names_the_school(world, login):
    import io

    from docx import Document

    r = login(world.users["school_editor"]).get(url("declaration-template", world.report.pk))
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "青川职业技术学院" in text


def test_enterprise_reports_page_creates_a_report(world, login):
    client = login(world.users["school_editor"])
    page = client.get(url("enterprise-reports")).content.decode()
    assert "青川智能装备有限公司" in page and "云州物流有限公司" not in page
    r = client.post(url("enterprise-reports"), {"enterprise": world.enterprise.pk})
    report = Report.objects.get(kind="enterprise", organisation=world.enterprise)
    assert r.status_code == 302 and report.compiling_school == world.school
    # The enterprise contact can open and write it.
    contact = login(world.users["enterprise_editor"])
    page = contact.get(url("report-part", report.pk, "enterprise_profile"))
    assert page.status_code == 200 and "企业概况" in page.content.decode()


def test_notifications_list_and_mark_read(world, login):
    head = world.users["school_head"]
    Notification.objects.create(user=head, report=world.report, message="年报被退回")
    client = login(head)
    assert "年报被退回" in client.get(url("notification-list")).content.decode()
    client.post(url("notification-read"))
    assert not Notification.objects.filter(user=head, read_at__isnull=True).exists()


def test_report_list_queries_do_not_grow_with_reports(world, login, django_assert_max_num_queries):
    client = login(world.users["province_admin"])
    with django_assert_max_num_queries(12):
        r = client.get(url("report-list"))
    assert r.status_code == 200
