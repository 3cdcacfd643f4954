"""Regression tests of the robustness probe: lost updates, oversized tables, upload races,
writes on GET and heavy work under the report's lock."""

import hashlib

import pytest
from django.urls import reverse

from nianbao.checker.models import CheckRun
from nianbao.core.exceptions import ApplicationError
from nianbao.reports.models import AuthenticityDeclaration, ReportSection, ReportSnapshot
from nianbao.submissions import services
from nianbao.submissions.tests.conftest import docx_with_parts, tiny_png

PART = "talent_cultivation"


def test_case_update_needs_the_version_it_started_from(world, editor):
    case = services.case_save(
        actor=editor, report=world.report, part_code=PART, title="订单班", body="120名学生就业。"
    )
    kwargs = dict(actor=editor, report=world.report, part_code=PART, title="订单班", case=case)
    services.case_save(**kwargs, body="130名学生就业。", version=1)
    with pytest.raises(ApplicationError) as stale:
        services.case_save(**kwargs, body="140名学生就业。", version=1)
    assert stale.value.status == 409 and "已被他人修改" in stale.value.message
    with pytest.raises(ApplicationError) as missing:
        services.case_save(**kwargs, body="150名学生就业。")
    assert missing.value.status == 409
    case.refresh_from_db()
    assert (case.body, case.version) == ("130名学生就业。", 2)


def test_table_and_section_updates_without_a_version_are_refused(world, editor):
    table = services.table_save(
        actor=editor, report=world.report, part_code=PART, caption="专业", text="专业|人数\n机电|1"
    )
    section = services.section_save(
        actor=editor, report=world.report, part_code=PART, title="", body="正文"
    )
    with pytest.raises(ApplicationError):
        services.table_save(
            actor=editor, report=world.report, part_code=PART, caption="专业",
            text="专业|人数\n机电|2", table=table,
        )  # fmt: skip
    with pytest.raises(ApplicationError):
        services.section_save(
            actor=editor, report=world.report, part_code=PART, title="", body="新", section=section
        )
    saved = services.table_save(
        actor=editor, report=world.report, part_code=PART, caption="专业",
        text="专业|人数\n机电|2", table=table, version=1,
    )  # fmt: skip
    assert (saved.rows, saved.version) == ([["机电", "2"]], 2)


def test_a_huge_in_report_table_is_refused_with_the_limits_named(world, editor):
    text = "\n".join("|".join(f"c{c}" for c in range(2000)) for _ in range(201))
    with pytest.raises(ApplicationError) as caught:
        services.table_save(
            actor=editor, report=world.report, part_code=PART, caption="大表", text=text
        )
    assert "上限" in " ".join(caught.value.reasons)
    wide = "\n".join("|".join(["x"] * 30) for _ in range(3))
    with pytest.raises(ApplicationError) as caught:
        services.table_save(
            actor=editor, report=world.report, part_code=PART, caption="宽表", text=wide
        )
    assert caught.value.reasons == ["表格有 30 列，上限为 20 列"]


def test_a_new_declaration_gets_a_new_name_and_the_old_file_goes_after_commit(
    world, editor, django_capture_on_commit_callbacks
):
    first = services.declaration_upload(
        actor=editor, report=world.report, filename="a.png", content=tiny_png()
    )
    old_name = first.file.name
    jpeg = b"\xff\xd8\xff\xe0 second scan"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        second = services.declaration_upload(
            actor=editor, report=world.report, filename="b.jpg", content=jpeg
        )
    storage = second.file.storage
    assert second.pk == first.pk and second.file.name != old_name
    assert hashlib.sha256(jpeg).hexdigest()[:16] in second.file.name
    assert storage.exists(old_name)  # still there until the switch is committed
    for callback in callbacks:
        callback()
    assert not storage.exists(old_name)
    stored = AuthenticityDeclaration.objects.get(report=world.report)
    with stored.file.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == stored.sha256


def test_report_upload_reads_the_file_in_the_background_not_in_the_request(
    world, editor, django_capture_on_commit_callbacks
):
    content = docx_with_parts([p.name for p in world.report.framework_parts])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.report_file_upload(
            actor=editor, report=world.report, filename="年报.docx", content=content
        )
    assert CheckRun.objects.count() == 0 and len(callbacks) == 1
    callbacks[0]()
    assert CheckRun.objects.filter(report=world.report).count() == 1


def test_get_of_the_submit_page_writes_nothing(world, editor, login, ready_report):
    ready_report.refresh_from_db()
    before = (CheckRun.objects.count(), ready_report.checked_at, ready_report.checker_findings)
    page = login(editor).get(reverse("submissions:report-submit", args=[ready_report.pk]))
    assert page.status_code == 200
    ready_report.refresh_from_db()
    after = (CheckRun.objects.count(), ready_report.checked_at, ready_report.checker_findings)
    assert after == before and "重新体检" in page.content.decode()


def test_a_save_during_the_submission_work_refuses_the_submit(
    ready_report, head, editor, monkeypatch
):
    from nianbao.submissions.services import workflow

    real = workflow._document_bytes
    section = ReportSection.objects.filter(report=ready_report).first()

    def render_while_someone_saves(report):
        services.section_save(
            actor=editor, report=report, part_code=section.part_code, title="",
            body="改动后的正文：1300名学生。", section=section, version=section.version,
        )  # fmt: skip
        return real(report)

    monkeypatch.setattr(workflow, "_document_bytes", render_while_someone_saves)
    with pytest.raises(ApplicationError) as caught:
        services.report_submit(actor=head, report=ready_report)
    ready_report.refresh_from_db()
    assert caught.value.status == 409 and ready_report.status == "drafting"
    assert not ReportSnapshot.objects.filter(report=ready_report).exists()


def test_the_second_of_two_submits_finds_the_report_submitted(ready_report, head):
    stale_copy = type(ready_report).objects.get(pk=ready_report.pk)
    services.report_submit(actor=head, report=ready_report)
    stale_copy.status = "drafting"  # what a concurrent request read before the first commit
    with pytest.raises(ApplicationError) as caught:
        services.report_submit(actor=head, report=stale_copy)
    assert caught.value.status == 409
    assert ReportSnapshot.objects.filter(report=ready_report).count() == 1
