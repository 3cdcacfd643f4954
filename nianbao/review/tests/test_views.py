"""Review pages: every POST endpoint's permissions, the review page, the overview, grades,
the 通报 and 附件5/6 downloads."""

import io
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from nianbao.core.models import AuditEvent
from nianbao.core.tests.exports import download_export
from nianbao.review import services
from nianbao.review.models import EvaluationNotice
from nianbao.review.tests.helpers import snapshot_text, submit
from nianbao.testing import make_org

ACTORS = ["province_admin", "reviewer", "city_admin", "other_city_admin", "school_editor",
          "school_head", "other_school_editor", "enterprise_editor", "no_role"]  # fmt: skip
URL = "https://www.cgzz.edu.cn/nianbao/2025"


def test_review_page_shows_the_prefilled_checklist_and_anchors(world, login):
    submit(world.secondary_report, url=URL,
           text=snapshot_text(cases=(("c1", "订单班培养案例", "正文"),)),
           validation=[{"rule_id": "W1", "severity": "warning", "message": "生师比变化大"}])  # fmt: skip
    html = (
        login(world.users["city_admin"])
        .get(reverse("review:review-detail", args=[world.secondary_report.pk]))
        .content.decode()
    )
    assert "报告包含框架规定的全部组成部分" in html and "框架部分齐全" in html
    assert "预警 1 项，未采纳/待审核说明 1 项（W1）" in html
    assert 'value="case|c1"' in html and "订单班培养案例" in html
    assert 'value="finding|W1"' in html


def test_review_walk_through_the_views(world, login):
    report = world.secondary_report
    submit(report, url=URL)
    client = login(world.users["city_admin"])
    client.post(reverse("review:comment-add", args=[report.pk]),
                {"anchor": "section|challenges#0", "anchor_label_section|challenges#0": "面临挑战",
                 "text": "请补充具体举措"})  # fmt: skip
    response = client.post(reverse("review:review-return", args=[report.pk]), follow=True)
    assert "年报已退回" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "returned" and "[正文·面临挑战] 请补充具体举措" in report.return_reason
    type(report).objects.filter(pk=report.pk).update(status="drafting")
    submit(report, url=URL, text=snapshot_text(body="补充了具体举措：建立质量年报编制小组。"))
    html = client.get(reverse("review:review-detail", args=[report.pk])).content.decode()
    assert "退回后修改了什么（第1次 → 第2次提交）" in html and "建立质量年报编制小组" in html
    client.post(reverse("review:marks-save", args=[report.pk]),
                {"item": ["on_time"], "passed_on_time": "no"})  # fmt: skip
    html = client.get(reverse("review:review-detail", args=[report.pk])).content.decode()
    assert "“在截止日期前提交”与平台预填结论不同，请填写说明。" in html
    response = client.post(reverse("review:review-approve", args=[report.pk]), follow=True)
    assert "请先逐项确认审核清单" in response.content.decode()


def test_queue_page_lists_due_dates(world, login):
    submit(world.secondary_report, url=URL)
    html = login(world.users["city_admin"]).get(reverse("review:queue")).content.decode()
    assert "青川市城关职业中学" in html and "2025-12-30" in html  # submitted + 10 days


def test_overview_rates_filters_and_constant_queries(world, login, django_assert_max_num_queries):
    make_org("school", "2010088", "青川市停办职校", world.city, level="secondary",
             must_file_report=False, exemption_reason="closed")  # fmt: skip
    submit(world.secondary_report, url=URL)
    client = login(world.users["city_admin"])
    with django_assert_max_num_queries(40):
        html = client.get(reverse("review:overview")).content.decode()
    # Required: the city report, the 高职 school and the 中职 school; the exempt one is not.
    assert "1/3" in html and "33.3%" in html
    html = client.get(reverse("review:overview") + "?status=submitted").content.decode()
    assert "青川市城关职业中学" in html and "青川职业技术学院</a>" not in html
    html = client.get(reverse("review:overview") + "?q=技术学院").content.decode()
    assert "青川职业技术学院" in html and "城关职业中学</a>" not in html
    for _ in range(5):
        make_org("school", f"20100{_}9", f"青川第{_}职校", world.city, level="secondary")
    with django_assert_max_num_queries(40):
        client.get(reverse("review:overview"))


def test_grades_page_and_notice_download(world, login, django_capture_on_commit_callbacks):
    submit(world.secondary_report, url=URL)
    admin = world.users["city_admin"]
    services.review_marks_save(actor=admin, report=world.secondary_report,
                               marks={"framework_parts": {"passed": False, "note": "缺面临挑战"}})  # fmt: skip
    services.review_approve(actor=admin, report=world.secondary_report)
    client = login(world.users["province_admin"])
    html = client.get(reverse("review:grades")).content.decode()
    assert "评为 A 等 0 份，占 0.0%；评为 B 等 1 份，占 100.0%" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("review:notice-create") + f"?cycle={world.cycle.pk}", {"format": "docx"}
        )
    notice = EvaluationNotice.objects.get()
    assert notice.status == "done", notice.error
    response = client.get(reverse("review:notice-download", args=[notice.pk]))
    assert quote("2025年度职业教育质量年报评价结果通报.docx") in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    text = "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)
    tables = "\n".join(
        c.text for t in Document(io.BytesIO(body)).tables for r in t.rows for c in r.cells
    )
    assert "评为 B 等 1 份，占 100.0%" in text
    assert "青川市城关职业中学" in tables
    assert "未达到“报告包含框架规定的全部组成部分”（缺面临挑战）" in tables
    # The enterprise quota was not met either: pre-filled, kept with the grade.
    assert "未达到“企业年报报送数量达到本年度要求”" in tables
    assert "未达到“报告包含框架规定的全部组成部分”的年报 1 份。" in text


def test_notice_request_refuses_unknown_format(world):
    from nianbao.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError, match="DOCX 或 PDF"):
        services.notice_request(actor=world.users["province_admin"], cycle=world.cycle,
                                file_format="xls")  # fmt: skip


def test_scope_list_and_url_summary_downloads(world, login):
    submit(world.secondary_report, url=URL)
    client = login(world.users["city_admin"])
    response = download_export(
        client, reverse("review:scope-list", args=[world.city.pk]) + "?format=xlsx"
    )
    assert quote("附件5_青川市2025年度报送年报中职学校名单.xlsx") in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert (1, "青川市城关职业中学", 2010001, "是", None) in rows
    assert "（尚未确认）" in [r[0] for r in rows]
    client.post(reverse("review:scope-confirm", args=[world.city.pk]))
    html = client.get(reverse("review:scope-list", args=[world.city.pk])).content.decode()
    assert "确认并锁定" in html and "确认名单（确认后锁定）" not in html
    response = download_export(
        client, reverse("review:url-summary", args=[world.city.pk]) + "?format=xlsx"
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any(r[1] == "青川市城关职业中学" and r[3] == URL and r[4] == "未检测" for r in rows)
    assert (
        client.get(reverse("review:url-summary", args=[world.city.pk]) + "?format=pdf").status_code
        == 404
    )


def test_notice_download_is_404_until_done(world, login):
    notice = EvaluationNotice.objects.create(cycle=world.cycle, file_format="pdf")
    response = login(world.users["province_admin"]).get(
        reverse("review:notice-download", args=[notice.pk])
    )
    assert response.status_code == 404


def test_settings_page_saves_and_explains_bad_input(world, login):
    client = login(world.users["province_admin"])
    url = reverse("review:settings")
    html = client.post(url, {"enterprise_quota": "x", "review_days": "5"}).content.decode()
    assert "请填写整数" in html
    client.post(url, {"enterprise_quota": "1", "review_days": "7",
                      "quota_by_school": f"{world.secondary.code}，2"})  # fmt: skip
    from nianbao.review.models import ReviewSettings

    settings = ReviewSettings.objects.get(cycle=world.cycle)
    assert (settings.enterprise_quota, settings.review_days) == (1, 7)
    assert settings.enterprise_quota_by_school == {world.secondary.code: 2}


def test_returned_report_leaves_the_queue_and_unassigned_expert_gets_403(world, login):
    submit(world.secondary_report, url=URL)
    response = login(world.city_expert).get(
        reverse("review:review-detail", args=[world.secondary_report.pk])
    )
    assert response.status_code == 403


def test_remind_the_ones_behind_with_one_action(world, login):
    import datetime as dt

    import time_machine

    from nianbao.reports.models import Notification, ReminderSent

    submit(world.secondary_report, url=URL)  # delivered: not reminded
    with time_machine.travel(dt.datetime(2026, 1, 4, 9, tzinfo=dt.UTC), tick=False):
        response = login(world.users["city_admin"]).post(reverse("review:remind"), follow=True)
    assert "已催报 1 份年报" in response.content.decode()
    (sent,) = ReminderSent.objects.filter(key__startswith="nudge:")
    assert sent.report == world.report  # the 高职 school, 1 day before its deadline
    assert Notification.objects.filter(user=world.users["school_head"],
                                       message__contains="尚未提交").exists()  # fmt: skip


def test_notice_renders_as_pdf(world, django_capture_on_commit_callbacks):
    submit(world.secondary_report, url=URL)
    admin = world.users["city_admin"]
    services.review_marks_save(actor=admin, report=world.secondary_report, marks={})
    services.review_approve(actor=admin, report=world.secondary_report)
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.notice_request(actor=world.users["province_admin"], cycle=world.cycle,
                                         file_format="pdf")  # fmt: skip
    notice.refresh_from_db()
    assert notice.status == "done", notice.error
    with notice.file.open("rb") as fh:
        pdf = fh.read()
    pages = PdfReader(io.BytesIO(pdf)).pages
    text = "".join(page.extract_text() for page in pages).replace("\n", "").replace(" ", "")
    assert "关于2025年度职业教育质量年度报告评价结果的通报" in text and "城关职业中学" in text


def test_queue_page_keeps_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.users["city_admin"])
    submit(world.secondary_report, url=URL)
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("review:queue"))
    for i in range(4):
        school = make_org("school", f"201005{i}", f"青川市第{i}职业中学", world.city,
                          level="secondary")  # fmt: skip
        report = world.cycle.reports.create(organisation=school, kind="school", title=f"年报{i}")
        submit(report, url=URL)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(reverse("review:queue")).content.decode()
    assert html.count('class="button" href="/review/reports/') == 5


def test_the_province_publishes_a_generated_notice_once(world, login):
    pending = EvaluationNotice.objects.create(cycle=world.cycle, file_format="pdf")
    notice = EvaluationNotice(cycle=world.cycle, file_format="docx", status="done")
    notice.file.save("n.docx", ContentFile(b"PK\x03\x04"), save=True)
    client = login(world.users["province_admin"])
    html = client.get(reverse("review:grades")).content.decode()
    assert reverse("review:notice-publish", args=[notice.pk]) in html
    assert reverse("review:notice-publish", args=[pending.pk]) not in html
    response = client.post(reverse("review:notice-publish", args=[pending.pk]), follow=True)
    assert "通报尚未生成完成，不能发布" in response.content.decode()
    response = client.post(reverse("review:notice-publish", args=[notice.pk]), follow=True)
    assert "通报已发布" in response.content.decode()
    notice.refresh_from_db()
    assert notice.published_at is not None and notice.published_by == world.users["province_admin"]
    assert AuditEvent.objects.filter(action="review.notice_publish").count() == 1
    response = client.post(reverse("review:notice-publish", args=[notice.pk]), follow=True)
    assert "该通报已于" in response.content.decode()
    assert AuditEvent.objects.filter(action="review.notice_publish").count() == 1


def test_only_the_province_may_publish_a_notice(world):
    notice = EvaluationNotice.objects.create(cycle=world.cycle, file_format="pdf", status="done")
    with pytest.raises(PermissionDenied):
        services.notice_publish(actor=world.users["city_admin"], notice=notice)
