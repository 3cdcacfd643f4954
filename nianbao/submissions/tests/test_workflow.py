import hashlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import (
    AuthenticityDeclaration,
    ImmutableError,
    Notification,
    Report,
    ReportSection,
    ReportSnapshot,
)
from nianbao.review import transitions
from nianbao.submissions import services

from .conftest import docx_with_parts, tiny_png

pytestmark = pytest.mark.django_db


def _refusals(report, head):
    with pytest.raises(ApplicationError) as exc:
        services.report_submit(actor=head, report=report)
    return exc.value.reasons


# --- each refusal reason ------------------------------------------------------------------------


def _drop_declaration(report):
    AuthenticityDeclaration.objects.filter(report=report).delete()


def _drop_url(report):
    Report.objects.filter(pk=report.pk).update(publication_url="")


def _bad_url(report):
    Report.objects.filter(pk=report.pk).update(publication_url="ftp://www.qczy.edu.cn/nb")


def _empty_part(report):
    ReportSection.objects.filter(report=report, part_code="cultural_heritage").update(body="")


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (_drop_declaration, "尚未上传签字盖章的《内容真实性责任声明》"),
        (_drop_url, "未填写年报发布网址"),
        (_bad_url, "年报发布网址须以 http:// 或 https:// 开头"),
        (_empty_part, "框架部分“文化传承”尚未填写内容"),
    ],
)
def test_submit_is_refused_with_the_reason(ready_report, head, spoil, reason):
    spoil(ready_report)
    ready_report.refresh_from_db()
    assert _refusals(ready_report, head) == [reason]
    assert Report.objects.get(pk=ready_report.pk).status == ReportStatus.DRAFTING
    assert not ReportSnapshot.objects.exists()


def test_submit_is_refused_while_validation_blocks(ready_report, head, blockers):
    blockers.reasons = ["数据错误（R1）：在校生数小于毕业生数", "预警未说明（W2）：生师比偏高"]
    assert _refusals(ready_report, head) == blockers.reasons
    assert blockers.calls == 1


def test_submit_lists_every_reason_at_once(world, head, blockers):
    blockers.reasons = ["数据错误（R1）：x"]
    reasons = _refusals(world.report, head)
    assert reasons[0] == "数据错误（R1）：x"
    assert "尚未上传签字盖章的《内容真实性责任声明》" in reasons
    assert "未填写年报发布网址" in reasons
    assert sum(r.startswith("框架部分") for r in reasons) == 7


def test_submit_is_refused_when_overdue(ready_report, head, clock):
    import datetime as dt

    clock.move_to(dt.datetime(2026, 1, 6, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    assert _refusals(ready_report, head) == ["已超过截止日期（2026-01-05）且未获延期"]


@pytest.mark.parametrize("actor", ["school_editor", "city_admin", "reviewer", "province_admin"])
def test_only_the_school_head_submits(ready_report, world, actor):
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=world.users[actor], report=ready_report)


def test_city_admin_submits_the_city_report(world, blockers):
    report = world.city_report
    admin = world.users["city_admin"]
    for part in report.framework_parts:
        services.section_save(actor=admin, report=report, part_code=part.code, title="", body="1所")
    services.declaration_upload(actor=admin, report=report, filename="d.pdf", content=b"%PDF-1.4\n")
    services.publication_url_set(actor=admin, report=report, url="https://jyj.qc.gov.cn/nb")
    services.report_submit(actor=admin, report=report)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


# --- the snapshot --------------------------------------------------------------------------------


def test_submission_freezes_a_snapshot_with_the_pdf_fingerprint(ready_report, head):
    snap = services.report_submit(actor=head, report=ready_report)
    stored = snap.document.open("rb").read()
    assert stored.startswith(b"%PDF")
    assert snap.document_sha256 == hashlib.sha256(stored).hexdigest()
    assert snap.sequence == 1 and snap.submitted_by == head
    assert len(snap.text["sections"]) == 7
    assert snap.attachments["declaration"]["sha256"] == hashlib.sha256(tiny_png()).hexdigest()
    assert snap.publication_url == "https://www.qczy.edu.cn/nb/2025"
    report = Report.objects.get(pk=ready_report.pk)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at is not None
    assert AuditEvent.objects.filter(action="report.submit", object_id=str(report.pk)).exists()


def test_the_fingerprint_changes_with_the_content(ready_report, head, world):
    first = services.report_submit(actor=head, report=ready_report)
    services.report_withdraw(actor=head, report=ready_report)
    section = ReportSection.objects.filter(report=ready_report).first()
    services.section_save(
        actor=head, report=ready_report, part_code=section.part_code, title="", body="改写后的正文100人",
        section=section, version=section.version,
    )  # fmt: skip
    second = services.report_submit(actor=head, report=Report.objects.get(pk=ready_report.pk))
    assert second.sequence == 2
    assert second.document_sha256 != first.document_sha256
    assert ReportSnapshot.objects.get(pk=first.pk).text == first.text  # the old one is untouched


def test_snapshot_cannot_be_changed_or_deleted(ready_report, head):
    snap = services.report_submit(actor=head, report=ready_report)
    snap.title = "篡改"
    with pytest.raises(ImmutableError):
        snap.save()
    with pytest.raises(ImmutableError):
        snap.delete()
    with pytest.raises(ImmutableError):
        ReportSnapshot.objects.filter(pk=snap.pk).update(title="篡改")
    with pytest.raises(ImmutableError):
        ReportSnapshot.objects.filter(pk=snap.pk).delete()
    assert ReportSnapshot.objects.get(pk=snap.pk).title == ready_report.title


def test_editing_after_submission_is_refused_until_withdrawn(ready_report, head, editor):
    services.report_submit(actor=head, report=ready_report)
    report = Report.objects.get(pk=ready_report.pk)
    with pytest.raises(ApplicationError, match="已提交"):
        services.case_save(actor=editor, report=report, part_code="challenges", title="t", body="1")
    with pytest.raises(ApplicationError):
        services.declaration_upload(
            actor=editor, report=report, filename="x.png", content=tiny_png()
        )
    services.report_withdraw(actor=head, report=report)
    report = Report.objects.get(pk=ready_report.pk)
    assert report.is_editable and report.submitted_at is None
    services.case_save(actor=editor, report=report, part_code="challenges", title="t", body="1人")


# --- review path (the reviewer's transitions are the review app's) -------------------------------


def test_return_needs_a_reason_and_tells_the_school(
    ready_report, head, world, django_capture_on_commit_callbacks
):
    world.users["school_editor"].email = "editor@qczy.edu.cn"
    world.users["school_editor"].save()
    services.report_submit(actor=head, report=ready_report)
    reviewer = world.users["province_admin"]
    with pytest.raises(ApplicationError, match="退回原因"):
        transitions.report_return(actor=reviewer, report=ready_report, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        transitions.report_return(
            actor=reviewer, report=ready_report, reason="案例缺少数据佐证，请补充。"
        )
    report = Report.objects.get(pk=ready_report.pk)
    assert report.status == ReportStatus.RETURNED and "数据佐证" in report.return_reason
    assert [m.to for m in mail.outbox] == [["editor@qczy.edu.cn"]]
    assert "退回" in mail.outbox[0].subject
    assert Notification.objects.filter(user=head, report=report, message__contains="退回").exists()
    assert report.reminders.filter(key__startswith="return:").exists()
    # Back to 编制中 by the school, then editable again.
    services.report_reopen(actor=world.users["school_editor"], report=report)
    assert Report.objects.get(pk=report.pk).is_editable


def test_reviewers_outside_the_scope_cannot_return(ready_report, head, world):
    services.report_submit(actor=head, report=ready_report)
    with pytest.raises(PermissionDenied):
        transitions.report_return(
            actor=world.users["other_city_admin"], report=ready_report, reason="不合格的原因"
        )


def test_approve_then_publish(ready_report, head, world):
    services.report_submit(actor=head, report=ready_report)
    transitions.report_approve(actor=world.users["province_admin"], report=ready_report)
    services.report_publish(actor=head, report=ready_report)
    assert Report.objects.get(pk=ready_report.pk).status == ReportStatus.PUBLISHED
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"report.submit", "report.approve", "report.publish"} <= actions


@pytest.mark.parametrize(
    ("module", "service", "actor"),
    [
        (transitions, "report_approve", "province_admin"),
        (services, "report_publish", "school_head"),
        (services, "report_withdraw", "school_head"),
        (services, "report_reopen", "school_editor"),
    ],
)
def test_transitions_not_in_the_table_are_refused(world, module, service, actor):
    with pytest.raises(ApplicationError) as exc:
        getattr(module, service)(actor=world.users[actor], report=world.report)
    assert exc.value.status == 409


def test_cannot_withdraw_after_the_deadline(ready_report, head, clock):
    import datetime as dt

    services.report_submit(actor=head, report=ready_report)
    clock.move_to(dt.datetime(2026, 1, 7, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    with pytest.raises(ApplicationError, match="不能撤回"):
        services.report_withdraw(actor=head, report=Report.objects.get(pk=ready_report.pk))


# --- the upload path -----------------------------------------------------------------------------


def test_uploaded_docx_report_is_checked_and_submitted(
    world, editor, head, blockers, django_capture_on_commit_callbacks
):
    report = world.report
    names = [p.name for p in report.framework_parts]
    content = docx_with_parts(names)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_file_upload(
            actor=editor, report=report, filename="年报.docx", content=content
        )
    report.refresh_from_db()
    assert report.authoring_mode == "upload" and report.checked_at is not None
    services.declaration_upload(
        actor=editor, report=report, filename="d.jpg", content=b"\xff\xd8\xff\xe0x"
    )
    services.publication_url_set(actor=editor, report=report, url="https://www.qczy.edu.cn/nb")
    snap = services.report_submit(actor=head, report=report)
    assert snap.document_sha256 == hashlib.sha256(content).hexdigest()
    assert snap.authoring_mode == "upload"


def test_uploaded_report_missing_a_part_is_refused(world, editor, head, blockers):
    pytest.importorskip("nianbao.checker.readers")
    report = world.report
    names = [p.name for p in report.framework_parts if p.code != "international_cooperation"]
    services.report_file_upload(
        actor=editor, report=report, filename="年报.docx", content=docx_with_parts(names)
    )
    services.declaration_upload(
        actor=editor, report=report, filename="d.pdf", content=b"%PDF-1.4\n"
    )
    services.publication_url_set(actor=editor, report=report, url="https://www.qczy.edu.cn/nb")
    reasons = _refusals(Report.objects.get(pk=report.pk), head)
    assert reasons == ["上传的年报中未找到框架部分“国际合作”"]


def test_upload_mode_without_a_file_is_refused(ready_report, head, editor):
    services.authoring_mode_set(actor=editor, report=ready_report, mode="upload")
    assert _refusals(Report.objects.get(pk=ready_report.pk), head) == [
        "尚未上传年报全文（DOCX 或 PDF）"
    ]


# --- enterprise reports --------------------------------------------------------------------------


def test_enterprise_report_goes_the_same_path(world, head, blockers):
    editor = world.users["school_editor"]
    report = services.enterprise_report_create(
        actor=editor, cycle=world.cycle, school=world.school, enterprise=world.enterprise
    )
    assert report.title == "青川智能装备有限公司参与高等职业教育人才培养年度报告（2025）"
    assert [p.code for p in report.framework_parts][0] == "enterprise_profile"
    contact = world.users["enterprise_editor"]
    for part in report.framework_parts:
        services.section_save(
            actor=contact, report=report, part_code=part.code, title="", body="投入100万元"
        )
    services.declaration_upload(
        actor=contact, report=report, filename="d.pdf", content=b"%PDF-1.4\n"
    )
    services.publication_url_set(actor=contact, report=report, url="https://www.qczy.edu.cn/qy")
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=contact, report=report)
    services.report_submit(actor=head, report=report)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    assert blockers.calls == 0  # enterprise reports have no data tables


def test_enterprise_report_only_for_own_partner_once(world):
    editor = world.users["school_editor"]
    with pytest.raises(ApplicationError, match="本校的合作企业"):
        services.enterprise_report_create(
            actor=editor, cycle=world.cycle, school=world.school, enterprise=world.other_enterprise
        )
    services.enterprise_report_create(
        actor=editor, cycle=world.cycle, school=world.school, enterprise=world.enterprise
    )
    with pytest.raises(ApplicationError, match="已经存在"):
        services.enterprise_report_create(
            actor=editor, cycle=world.cycle, school=world.school, enterprise=world.enterprise
        )
    with pytest.raises(PermissionDenied):
        services.enterprise_report_create(
            actor=world.users["enterprise_editor"], cycle=world.cycle, school=world.school,
            enterprise=world.enterprise,
        )  # fmt: skip


# --- declaration and URL -------------------------------------------------------------------------


def test_declaration_must_be_pdf_or_image_by_content(world, editor):
    with pytest.raises(ApplicationError, match="PDF、JPG 或 PNG"):
        services.declaration_upload(
            actor=editor, report=world.report, filename="声明.pdf", content=b"MZ\x90\x00 exe"
        )
    with pytest.raises(ApplicationError, match="上限为 10 MB"):
        services.declaration_upload(
            actor=editor, report=world.report, filename="d.pdf",
            content=b"%PDF-1.4" + b"0" * (10 * 1024 * 1024),
        )  # fmt: skip


def test_url_off_the_school_site_is_stored_with_a_warning(world, editor):
    warning = services.publication_url_set(
        actor=editor, report=world.report, url="https://mp.weixin.qq.com/s/abc"
    )
    assert "不在本单位官方网站" in warning
    assert (
        Report.objects.get(pk=world.report.pk).publication_url == "https://mp.weixin.qq.com/s/abc"
    )
    assert (
        services.publication_url_set(
            actor=editor, report=world.report, url="https://www.qczy.edu.cn/nb"
        )
        is None
    )


def test_declaration_template_is_prefilled(world):
    import io

    from docx import Document

    data = services.declaration_template_docx(world.report)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "内容真实性责任声明" in text
    assert "青川职业技术学院" in text and "2025 年度" in text
    assert "法定代表人（签名）" in text


def test_checker_runs_on_the_platform_report_and_findings_are_stored(world, editor):
    pytest.importorskip("nianbao.checker.engine")
    report = world.report
    services.section_save(
        actor=editor, report=report, part_code="talent_cultivation", title="", body="就业率95%。"
    )
    findings = services.report_check(report=report)
    stored = Report.objects.get(pk=report.pk)
    assert stored.checked_at is not None and stored.checker_findings == findings
    assert all({"severity", "message", "location"} <= set(f) for f in findings)
    summary = services.checker_summary(findings)
    assert sum(summary["counts"].values()) == len(findings)


def test_every_status_change_is_announced_after_commit(
    ready_report, head, world, django_capture_on_commit_callbacks
):
    from nianbao.submissions.signals import report_status_changed

    seen = []

    def listen(sender, *, report, status, **kwargs):
        seen.append((report.pk, status))

    report_status_changed.connect(listen, dispatch_uid="test.listen")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.report_submit(actor=head, report=ready_report)
            assert seen == []  # nothing before the commit
        with django_capture_on_commit_callbacks(execute=True):
            transitions.report_approve(actor=world.users["province_admin"], report=ready_report)
    finally:
        report_status_changed.disconnect(dispatch_uid="test.listen")
    assert seen == [
        (ready_report.pk, ReportStatus.SUBMITTED),
        (ready_report.pk, ReportStatus.APPROVED),
    ]
