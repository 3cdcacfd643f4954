"""A city reviewer takes a 中职 school's submitted report through review in the browser: opens
the queue, reads the pre-filled checklist, returns with a comment anchored to a section; the
school fixes that section and resubmits; the reviewer sees the change, decides the explanation,
grades B and approves; the province sees the grade distribution and downloads the 通报 and 附件2."""

import pytest
from docx import Document
from openpyxl import load_workbook

from nianbao.core.roles import Role
from nianbao.submissions import services
from nianbao.submissions.tests.conftest import tiny_png
from nianbao.testing import PASSWORD, make_user
from nianbao.validation.models import FindingExplanation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

URL = "https://www.cgzz.edu.cn/nianbao/2025"


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


@pytest.fixture
def submitted(e2e_world, monkeypatch):
    """The 中职 school's report written, declared and submitted (data tables are another
    walk's work), with one warning explained and waiting for the reviewer."""
    monkeypatch.setattr("nianbao.validation.services.submission_blockers", lambda report: [])
    w = e2e_world
    w.secondary.website = "https://www.cgzz.edu.cn"
    w.secondary.save()
    head = make_user("cgzz_head", Role.SCHOOL_HEAD, w.secondary)
    report = w.cycle.reports.get(organisation=w.secondary, kind="school")
    for i, part in enumerate(report.framework_parts, start=1):
        services.section_save(actor=head, report=report, part_code=part.code,
                              title=f"{i}.1 {part.name}概况",
                              body=f"本年度学校{part.name}工作稳步推进，全校1200名学生受益。")  # fmt: skip
    services.declaration_upload(actor=head, report=report, filename="声明.png", content=tiny_png())
    services.publication_url_set(actor=head, report=report, url=URL)
    FindingExplanation.objects.create(
        report=report, organisation=w.secondary, rule_id="S-PL-006", written_by=head,
        text="毕业生人数含五年制高职转段学生，已附学籍名单。",
    )  # fmt: skip
    services.report_submit(actor=head, report=report)
    report.refresh_from_db()
    return report


def test_city_reviewer_returns_then_grades_and_the_province_publishes(submitted, page, shot):
    report = submitted
    # 1. The city reviewer's queue and the pre-filled checklist.
    log_in(page, "city_admin")
    page.goto("/review/")
    assert "青川市城关职业中学" in page.inner_text("#review-queue")
    shot(page, "r01-review-queue")
    page.click("#review-queue a:has-text('审核')")
    page.wait_for_selector("#checklist")
    assert "框架部分齐全" in page.inner_text("#item-framework_parts")
    assert "已上传" in page.inner_text("#item-declaration")
    assert "在本单位网站" in page.inner_text("#item-url_own_site")
    shot(page, "r02-prefilled-checklist")

    # 2. A comment anchored to the 面临挑战 section, then return.
    page.select_option("select[name=anchor]", label="正文：面临挑战概况")
    page.fill("textarea[name=text]", "面临挑战部分过于笼统，请写明具体问题和改进举措。")
    page.click("#comments button:has-text('添加意见')")
    page.wait_for_selector(".messages li:has-text('审核意见已添加')")
    assert "[正文·面临挑战概况]" in page.inner_text("#comments")
    page.click("#decision button:has-text('退回修改')")
    page.wait_for_selector(".messages li:has-text('年报已退回')")
    shot(page, "r03-returned")

    # 3. The school reads the anchored comment, fixes the section and resubmits.
    log_in(page, "cgzz_head")
    page.goto(f"/reports/{report.pk}/")
    assert "[正文·面临挑战概况] 面临挑战部分过于笼统" in page.inner_text("main")
    page.click("button:has-text('重新编辑')")
    page.goto(f"/reports/{report.pk}/parts/challenges/")
    area = page.locator("form[data-autosave] textarea").first
    area.fill(
        "师资结构性短缺：专业课教师缺口18人。举措：2026年引进企业技术骨干12名，校企共建双师工作室3个。"
    )
    page.wait_for_selector(".save-state:has-text('已自动保存')", timeout=20000)
    page.goto(f"/reports/{report.pk}/submit/")
    page.click("#submit-button")
    page.wait_for_selector(".messages li:has-text('年报已提交')")
    shot(page, "r04-resubmitted")

    # 4. The reviewer sees what changed, decides the explanation and grades B.
    log_in(page, "city_admin")
    page.goto(f"/review/reports/{report.pk}/")
    changes = page.inner_text("#changes")
    assert "第1次 → 第2次提交" in changes and "校企共建双师工作室3个" in changes
    shot(page, "r05-changes-since-return")
    page.click("#decision button:has-text('审核通过')")
    page.wait_for_selector(".messages li:has-text('请先逐项确认审核清单')")
    page.fill("#explanations input[name=note]", "学籍名单已核对，说明合理。")
    page.click("#explanations button[value=accept]")
    page.wait_for_selector(".messages li:has-text('已采纳该预警说明')")
    failing = {
        "url_own_site": "网址为学校网站子栏目，但首页未放置链接",
        "on_time": "纸质材料逾期报送",
    }
    for row in page.locator("#checklist tbody tr").all():
        code = row.get_attribute("id").removeprefix("item-")
        row.locator(f"input[value={'no' if code in failing else 'yes'}]").check()
        row.locator("input[name^=note_]").fill(failing.get(code, "已核实"))
    page.click("#checklist button:has-text('保存审核清单')")
    page.wait_for_selector(".messages li:has-text('审核清单已保存')")
    assert page.inner_text("#grade") == "B" and page.inner_text("#score") == "85"
    shot(page, "r06-checklist-grade-b")
    page.click("#decision button:has-text('审核通过')")
    page.wait_for_selector(".messages li:has-text('年报已审核通过')")
    report.refresh_from_db()
    assert report.status == "approved" and report.reviews.get(outcome="approved").grade == "B"

    # 5. The province: grade distribution, the 通报 and 附件2.
    log_in(page, "province_admin")
    page.goto("/review/grades/")
    assert "评为 B 等 1 份，占 100.0%" in page.inner_text("#distribution-sentence")
    assert "青川市" in page.inner_text("#by-city")
    page.click("#notice button[value=docx]")
    page.wait_for_selector("#notice a:has-text('下载')")
    shot(page, "r07-grades-and-notice")
    with page.expect_download() as notice:
        page.click("#notice a:has-text('下载')")
    assert notice.value.suggested_filename == "2025年度职业教育质量年报评价结果通报.docx"
    tables = Document(notice.value.path()).tables
    cells = [c.text for t in tables for r in t.rows for c in r.cells]
    assert "青川市城关职业中学" in cells and "B" in cells
    page.goto("/")
    page.click("button[title^='附件2']")  # made in the background; the status page offers it
    page.wait_for_selector("a:has-text('下载 附件2')")
    with page.expect_download() as annex:
        page.click("a:has-text('下载 附件2')")
    assert annex.value.suggested_filename == "附件2_青川市2025年度年报报送及发布情况.xlsx"
    with open(annex.value.path(), "rb") as fh:
        rows = list(load_workbook(fh).active.iter_rows(values_only=True))
    assert (1, "青川市城关职业中学", "是", "是", "否", "否", URL) in rows
    page.goto("/")
    shot(page, "r08-province-home")
    page.goto("/review/overview/?sort=status")
    assert "青川市城关职业中学" in page.inner_text("#overview")
    assert "已通过" in page.inner_text("#overview") and "B" in page.inner_text("#overview")
    shot(page, "r09-province-overview")
