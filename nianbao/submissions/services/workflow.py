"""年报流程: 编制中 → 已提交 → 已退回 (→ 编制中) / 已通过 → 已发布, and withdrawal before review
(已提交 → 编制中). One service per transition, each with its guard and an audit event. The
reviewer's transitions (退回, 审核通过) are in `nianbao.review.transitions`, behind the review
app's permission check; every transition changes `Report.status` through `change_status`."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from nianbao.checker.readers import ReadError, read_bytes
from nianbao.core.audit import audit_record, snapshot
from nianbao.core.exceptions import ApplicationError
from nianbao.documents.builder import build_report_document, part_items
from nianbao.documents.exporting import render
from nianbao.documents.model import DocumentError
from nianbao.indicators.selectors import report_values
from nianbao.reports.choices import REPORT_TRANSITIONS, AuthoringMode, ReportStatus
from nianbao.reports.models import AuthenticityDeclaration, Report, ReportFile, ReportSnapshot
from nianbao.reports.permissions import require_submit, require_write
from nianbao.reports.text import url_problem
from nianbao.submissions.references import broken_reference_reasons
from nianbao.submissions.services.checking import report_check
from nianbao.submissions.signals import report_status_changed
from nianbao.validation.models import ValidationResult
from nianbao.validation.services import report_validate, submission_blockers

__all__ = [
    "lock_report",
    "change_status",
    "submission_refusals",
    "report_submit",
    "report_withdraw",
    "report_reopen",
    "report_publish",
]


def lock_report(report: Report) -> Report:
    """The report re-read and row-locked (`SELECT … FOR UPDATE`) for a transition, with the
    relations the guards read; call it inside the transition's transaction, before its guards."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("cycle", "organisation", "compiling_school")
        .get(pk=report.pk)
    )


def change_status(
    *, actor, report: Report, to: str, action: str, extra: dict | None = None
) -> Report:
    """The single status change of a report (of every transition, here and in the review app):
    checks `REPORT_TRANSITIONS`, sets the status and `extra` fields, bumps the version, saves and
    audits `action`. The caller checks permissions and guards and holds `lock_report`'s lock."""
    allowed = REPORT_TRANSITIONS.get(report.status, {})
    if to not in allowed:
        raise ApplicationError(
            f"年报当前状态为“{report.get_status_display()}”，不能{ReportStatus(to).label}。",
            status=409,
        )
    before = snapshot(report, ["status", "submitted_at", "version"])
    report.status = to
    report.version += 1
    for key, value in (extra or {}).items():
        setattr(report, key, value)
    report.save()
    audit_record(
        actor=actor,
        action=action,
        obj=report,
        organisation=report.owner_organisation,
        before=before,
        after={**snapshot(report, ["status", "submitted_at", "version"]), **(extra or {})},
    )
    transaction.on_commit(
        lambda: report_status_changed.send(sender=Report, report=report, status=to), robust=True
    )
    return report


def _required_parts_missing(report: Report) -> list[str]:
    parts = report.framework_parts
    if report.authoring_mode == AuthoringMode.PLATFORM:

        items = part_items(report)
        filled = {
            code
            for code, entries in items.items()
            if any(
                (kind != "section" or obj.body.strip() or obj.title.strip())
                for kind, obj in entries
            )
        }
        return [f"框架部分“{p.name}”尚未填写内容" for p in parts if p.code not in filled]
    stored = ReportFile.objects.filter(report=report).first()
    if stored is None:
        return ["尚未上传年报全文（DOCX 或 PDF）"]
    headings = _uploaded_headings(stored)
    if headings is None:
        return []
    missing = [p for p in parts if not any(any(n in h for n in p.names) for h in headings)]
    return [f"上传的年报中未找到框架部分“{p.name}”" for p in missing]


def _uploaded_headings(stored: ReportFile) -> list[str] | None:
    """Heading texts of the uploaded file as the checker reads them; None when unreadable."""

    try:
        with stored.file.open("rb") as fh:
            document = read_bytes(fh.read(), f"report.{stored.file_format}")
    except ReadError:  # the checker reports unreadable files; the guard does not guess
        return None
    heads = [b.text for _, b in document.headings()]
    return heads or [getattr(b, "text", "") for b in document.blocks]


def submission_refusals(report: Report) -> list[str]:
    """Every reason the report cannot be submitted now (empty: it can)."""
    reasons: list[str] = []
    if report.is_overdue:
        reasons.append(f"已超过截止日期（{report.due_on:%Y-%m-%d}）且未获延期")
    if report.kind != "enterprise":

        try:
            reasons += submission_blockers(report)
        except ApplicationError as exc:
            reasons.append(f"数据校验无法完成：{exc}")
    if not AuthenticityDeclaration.objects.filter(report=report).exists():
        reasons.append("尚未上传签字盖章的《内容真实性责任声明》")
    problem = url_problem(report.publication_url)
    if problem:
        reasons.append(problem)
    reasons += _required_parts_missing(report)
    reasons += broken_reference_reasons(report)
    return reasons


def _document_bytes(report: Report) -> tuple[bytes, str]:
    """The document whose SHA-256 is the snapshot's fingerprint: the exported PDF for platform
    reports, the uploaded file for uploaded ones."""
    if report.authoring_mode == AuthoringMode.UPLOAD:
        stored = ReportFile.objects.get(report=report)
        with stored.file.open("rb") as fh:
            return fh.read(), stored.file_format

    return render(build_report_document(report), "pdf"), "pdf"


def _text_of(report: Report) -> dict:
    return {
        "sections": [
            {"part": s.part_code, "order": s.order, "title": s.title, "body": s.body}
            for s in report.sections.all()
        ],
        "cases": [
            {"part": c.part_code, "order": c.order, "key": c.key, "title": c.title, "body": c.body}
            for c in report.cases.all()
        ],
        "figures": [
            {
                "part": f.part_code,
                "order": f.order,
                "key": f.key,
                "caption": f.caption,
                "chart": f.chart,
                "image_sha256": f.image_sha256,
            }
            for f in report.figures.all()
        ],
        "tables": [
            {"part": t.part_code, "order": t.order, "key": t.key, "caption": t.caption,
             "columns": t.columns, "rows": t.rows}
            for t in report.tables.all()
        ],
    }  # fmt: skip


def _data_of(report: Report) -> dict:
    if report.kind == "enterprise":
        return {}

    return {k: (None if v is None else str(v)) for k, v in report_values(report).items()}


def _validation_findings(report: Report) -> list:

    result = ValidationResult.objects.filter(report=report).first()
    return list(result.findings) if result else []


def _content_state(report: Report) -> dict:
    """Everything a snapshot freezes except the rendered document: compared before and after
    the heavy work, so a save made meanwhile cannot slip into (or out of) the snapshot."""
    declaration = AuthenticityDeclaration.objects.filter(report=report).first()
    stored = ReportFile.objects.filter(report=report).first()
    return {
        "title": report.title,
        "authoring_mode": report.authoring_mode,
        "publication_url": report.publication_url,
        "data": _data_of(report),
        "text": _text_of(report),
        "attachments": {
            "declaration": (
                {"filename": declaration.filename, "sha256": declaration.sha256}
                if declaration
                else None
            ),
            "report_file": (
                {"filename": stored.filename, "sha256": stored.sha256} if stored else None
            ),
            "figures": {f.key: f.image_sha256 for f in report.figures.all() if f.image_sha256},
        },
    }


def report_submit(*, actor, report: Report) -> ReportSnapshot:
    """提交: school head (city admin for city reports) only; refused with every reason listed;
    freezes an immutable snapshot with the SHA-256 of the exported PDF.

    The slow part (validation, checker, PDF) runs first without any lock; then the report is
    locked, its status and content re-checked, and the snapshot and status switch are one
    short transaction. A concurrent submit or edit meanwhile gets a 409, never a half state."""

    require_submit(actor, report)
    if report.status != ReportStatus.DRAFTING:
        raise ApplicationError(
            f"年报当前状态为“{report.get_status_display()}”，不能提交。", status=409
        )
    before = _content_state(report)
    reasons = submission_refusals(report)
    if reasons:
        raise ApplicationError("年报暂不能提交", reasons=reasons)
    if report.kind != "enterprise":
        report_validate(report=report)
    findings = report_check(report=report)
    try:
        content, fmt = _document_bytes(report)
    except DocumentError as exc:
        raise ApplicationError("年报暂不能提交", reasons=[f"年报无法导出为 PDF：{exc}"]) from None
    with transaction.atomic():
        report = lock_report(report)
        if report.status != ReportStatus.DRAFTING:
            raise ApplicationError(
                f"年报当前状态为“{report.get_status_display()}”，不能提交。", status=409
            )
        state = _content_state(report)
        if state != before:
            raise ApplicationError("提交期间年报内容有改动，请确认后重新提交。", status=409)
        sequence = ReportSnapshot.objects.filter(report=report).count() + 1
        snap = ReportSnapshot(
            report=report,
            sequence=sequence,
            submitted_by=actor,
            title=state["title"],
            authoring_mode=state["authoring_mode"],
            publication_url=state["publication_url"],
            data=state["data"],
            text=state["text"],
            attachments=state["attachments"],
            checker_findings=findings,
            validation_findings=_validation_findings(report),
            document_sha256=hashlib.sha256(content).hexdigest(),
        )
        snap.document.save(f"report-{report.pk}-{sequence}.{fmt}", ContentFile(content), save=False)
        snap.save()
        change_status(
            actor=actor,
            report=report,
            to=ReportStatus.SUBMITTED,
            action="report.submit",
            extra={"submitted_at": timezone.now(), "return_reason": ""},
        )
        audit_record(
            actor=actor,
            action="report.snapshot",
            obj=snap,
            organisation=report.owner_organisation,
            after={"sequence": snap.sequence, "document_sha256": snap.document_sha256},
        )
    return snap


@transaction.atomic
def report_withdraw(*, actor, report: Report) -> Report:
    """撤回 before review: back to 编制中 (not past the deadline, which would lock it)."""
    require_submit(actor, report)
    report = lock_report(report)
    due = report.due_on
    if report.status == ReportStatus.SUBMITTED and due and timezone.localdate() > due:
        raise ApplicationError(
            f"已超过截止日期（{due:%Y-%m-%d}），撤回后将无法再次提交，因此不能撤回。", status=409
        )
    return change_status(
        actor=actor,
        report=report,
        to=ReportStatus.DRAFTING,
        action="report.withdraw",
        extra={"submitted_at": None},
    )


@transaction.atomic
def report_reopen(*, actor, report: Report) -> Report:
    """退回后重新编制: the school takes a returned report back to 编制中."""
    require_write(actor, report)
    report = lock_report(report)
    return change_status(
        actor=actor, report=report, to=ReportStatus.DRAFTING, action="report.reopen"
    )


@transaction.atomic
def report_publish(*, actor, report: Report) -> Report:
    """已发布: recorded by the submitter (the report is online at its publication URL)."""
    require_submit(actor, report)
    report = lock_report(report)
    if report.status == ReportStatus.APPROVED and url_problem(report.publication_url):
        raise ApplicationError("请先填写有效的年报发布网址。")
    return change_status(
        actor=actor, report=report, to=ReportStatus.PUBLISHED, action="report.publish"
    )
