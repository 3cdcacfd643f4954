"""A school head takes the demo school's report from empty to 已提交 in the browser: writes
every framework part, adds a case (live 字数), lets a section autosave, uploads the signed
declaration, sets the publication URL, reads the checker findings and submits."""

import struct
import zlib

import pytest

from nianbao.testing import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _png() -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def log_in_as_school_head(page) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", "school_head")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def attach_declaration_and_url(page) -> None:
    """On the report overview: upload the signed declaration and save the publication URL."""
    page.set_input_files(
        "#declaration input[type=file]",
        files=[{"name": "声明.png", "mimeType": "image/png", "buffer": _png()}],
    )
    page.click("#declaration button:has-text('上传声明')")
    page.wait_for_selector("#declaration a:has-text('声明.png')")
    page.fill("#publication input[name=url]", "https://www.qczy.edu.cn/nianbao/2025")
    page.click("#publication button")
    page.wait_for_selector(".messages li:has-text('年报发布网址已保存')")


@pytest.fixture
def no_data_blockers(monkeypatch):
    """The data tables are another page's work: this walk starts from clean data."""
    monkeypatch.setattr("nianbao.submissions.services.workflow.submission_blockers", lambda report: [])


def test_school_head_submits_a_report_written_in_the_platform(
    e2e_world, page, shot, no_data_blockers
):
    report = e2e_world.report
    log_in_as_school_head(page)
    shot(page, "01-home")

    page.goto(f"/reports/{report.pk}/")
    assert "剩 16 天" in page.inner_text("#countdown")
    shot(page, "02-report-empty")

    parts = report.framework_parts
    for i, part in enumerate(parts, start=1):
        page.goto(f"/reports/{report.pk}/parts/{part.code}/")
        page.fill("#ns-title", f"{i}.1 总体情况")
        page.fill("#ns-body", f"本年度{part.name}工作稳步推进，共有1200名学生受益。")
        page.click("#new-section button")
        page.wait_for_selector("form[data-autosave]")
    shot(page, "03-part-written")

    # A case, with the live character count and the missing-evidence hint.
    page.goto(f"/reports/{report.pk}/parts/{parts[0].code}/")
    page.click("summary:has-text('添加案例')")
    page.fill("#nc-title", "订单班培养")
    page.fill("#nc-body", "与企业共建订单班，成效显著")
    assert page.inner_text(".char-count") == "13/500 字"
    assert page.is_visible(".evidence-hint")
    page.fill("#nc-body", "与企业共建订单班，120名学生进入合作企业就业。")
    assert not page.is_visible(".evidence-hint")
    shot(page, "04-case-form")
    page.click("#new-case button")
    page.wait_for_selector(".case-box")
    assert "案例 1-1" in page.inner_text(".case-box")

    # Autosave of an existing section.
    area = page.locator("form[data-autosave] textarea").first
    area.fill("本年度人才培养质量持续提升，毕业生就业率达到95.2%，详见[[case:case1]]。")
    page.wait_for_selector(".save-state:has-text('已自动保存')", timeout=20000)
    shot(page, "05-autosaved")

    # Declaration and publication URL.
    page.goto(f"/reports/{report.pk}/")
    attach_declaration_and_url(page)
    shot(page, "06-attachments")

    # The checklist and the checker findings, then submission.
    page.goto(f"/reports/{report.pk}/submit/")
    assert "所有提交条件均已满足" in page.inner_text("main")
    assert "年报体检结果" in page.inner_text("main")
    shot(page, "07-submit-checklist")
    page.click("#submit-button")
    page.wait_for_selector(".messages li:has-text('年报已提交')")
    assert page.inner_text("#report-status") == "已提交"
    shot(page, "08-submitted")

    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.snapshots.get().document_sha256


def _report_docx(parts) -> bytes:
    """A finished report written in Word: one Heading 1 per framework part."""
    import io

    from docx import Document

    doc = Document()
    doc.add_heading("青川职业技术学院高等职业教育质量年度报告（2025）", 0)
    for i, part in enumerate(parts, start=1):
        doc.add_heading(f"{i} {part.name}", 1)
        doc.add_paragraph(f"本年度{part.name}工作稳步推进，全校共有1200名学生参与。")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_school_head_submits_a_report_uploaded_as_docx(e2e_world, page, shot, no_data_blockers):
    report = e2e_world.report
    log_in_as_school_head(page)

    page.goto(f"/reports/{report.pk}/")
    page.click("button[name=mode][value=upload]")
    page.set_input_files(
        "input[type=file][accept='.docx,.pdf']",
        files=[
            {
                "name": "年报.docx",
                "mimeType": "application/octet-stream",
                "buffer": _report_docx(report.framework_parts),
            }
        ],
    )
    page.click("button:has-text('上传年报全文')")
    page.wait_for_selector("text=已上传：")
    assert "年报.docx" in page.inner_text("main")
    shot(page, "11-upload-docx")

    attach_declaration_and_url(page)

    page.goto(f"/reports/{report.pk}/submit/")
    assert "所有提交条件均已满足" in page.inner_text("main")
    shot(page, "12-upload-checklist")
    page.click("#submit-button")
    page.wait_for_selector(".messages li:has-text('年报已提交')")
    shot(page, "13-upload-submitted")
    report.refresh_from_db()
    assert report.status == "submitted" and report.authoring_mode == "upload"
    assert report.check_runs.exists()
