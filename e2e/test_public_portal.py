"""An anonymous visitor on the public portal of the demo province: browses the published
reports, searches “职业”, downloads a report's PDF, verifies it (一致) and a modified copy
(不一致); the province then generates the feedback reports and one school's PDF is rendered
to images (pdftoppm) for a look."""

import subprocess

import pytest

from nianbao.paths import REPO_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OUT = REPO_ROOT / "test-output" / "e2e"


@pytest.fixture
def demo_province(transactional_db):
    from nianbao.demo.province import build_demo_province

    build_demo_province(seed=7)


@pytest.fixture
def demo_portal(demo_province):
    """The reports the demo published (build_demo_province publishes three)."""
    from nianbao.reports.models import Report

    return list(Report.objects.filter(status="published").order_by("pk"))


def test_anonymous_visitor_browses_searches_downloads_and_verifies(demo_portal, page, shot):
    published = demo_portal
    page.goto("/public/")
    assert page.locator("table.grid tbody tr").count() == len(published)
    shot(page, "portal-01-index")

    page.fill("input[name=q]", "职业")
    page.click("button:has-text('查询')")
    page.wait_for_url("**q=*")
    rows = page.locator("table.grid tbody tr")
    assert rows.count() >= 2
    assert "职业" in rows.first.inner_text()
    shot(page, "portal-02-search")

    page.click(f"text={published[0].title}")
    page.wait_for_selector("text=文件指纹（SHA-256）")
    shot(page, "portal-03-report")
    with page.expect_download() as info:
        page.click("text=下载提交的年报")
    pdf = info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")

    page.click("text=年报核验")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "年报.pdf", "mimeType": "application/pdf", "buffer": pdf}],
    )
    page.click("button:has-text('核验')")
    verdict = page.locator(".verdict").inner_text()
    school = published[0].organisation.name
    assert f"与 {school} " in verdict and "提交的年报一致" in verdict
    shot(page, "portal-04-verify-match")

    modified = pdf.replace(b"/Producer", b"/Producex", 1) if b"/Producer" in pdf else pdf + b"\n"
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "年报-改.pdf", "mimeType": "application/pdf", "buffer": modified}],
    )
    page.click("button:has-text('核验')")
    assert "与任何已提交年报均不一致" in page.locator(".verdict").inner_text()
    shot(page, "portal-05-verify-mismatch")

    # The same school's report of the current cycle is still a draft: 404 to the public.
    draft = page.goto(
        f"/public/reports/{published[0].cycle.year + 1}/{published[0].organisation.code}/"
    )
    assert draft.status == 404


def test_feedback_report_of_a_demo_school_as_images(demo_province):
    """One school's 数据反馈报告 rendered as the background run renders it, then as images."""
    from nianbao.accounts.models import User
    from nianbao.cycles.models import Cycle
    from nianbao.documents.render import render_pdf
    from nianbao.portal.feedback.compute import feedback_figures
    from nianbao.portal.feedback.document import feedback_document

    cycle = Cycle.objects.order_by("-year").first()
    school = User.objects.get(username="xiao01_tianbao").memberships.get().organisation
    pdf = render_pdf(feedback_document(feedback_figures(cycle)[school.pk]))
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("feedback-*.png"):
        old.unlink()
    target = OUT / "feedback.pdf"
    target.write_bytes(pdf)
    command = ["pdftoppm", "-r", "70", "-png", str(target), str(OUT / "feedback")]
    subprocess.run(command, check=True)  # noqa: S603, S607 (fixed arguments)
    assert len(list(OUT.glob("feedback-*.png"))) >= 3
