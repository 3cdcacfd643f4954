"""Writes of the review: assignment, checklist marks, anchored comments, decisions on
explanations, return and approval (handing off to `review.transitions`), the 附件5 confirmation,
publication-URL checks and the 通报 request."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from nianbao.core.audit import audit_record, snapshot
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require, user_can
from nianbao.core.roles import Role
from nianbao.organisations.models import Organisation
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report
from nianbao.reports.permissions import reviewing_body
from nianbao.review import checklist as checklists
from nianbao.review.choices import AnchorKind, AssignmentRole, ReviewOutcome
from nianbao.review.facts import submission_facts
from nianbao.review.models import (
    EvaluationNotice,
    Review,
    ReviewAssignment,
    ReviewComment,
    ReviewSettings,
    ScopeConfirmation,
    UrlCheck,
)
from nianbao.review.permissions import require_review
from nianbao.review.tasks import notice_render, url_check_run
from nianbao.review.transitions import report_approve, report_return
from nianbao.submissions.services.deadlines import record_reminder
from nianbao.submissions.services.notifications import notify
from nianbao.validation.models import FindingExplanation
from nianbao.validation.services import explanation_decide

__all__ = [
    "review_assign",
    "review_marks_save",
    "review_comment_add",
    "review_explanation_decide",
    "review_return",
    "review_approve",
    "review_settings_save",
    "scope_confirm",
    "url_checks_request",
    "notice_request",
    "notice_publish",
    "reminders_send",
    "evaluate_submission",
]


def _latest_snapshot(report: Report):
    snap = report.snapshots.order_by("-sequence").first()
    if snap is None:
        raise ApplicationError("年报尚未提交，没有可审核的提交快照。", status=409)
    return snap


def _require_in_review(report: Report) -> None:
    report.refresh_from_db(fields=["status"])  # the caller's copy may be stale
    if report.status != ReportStatus.SUBMITTED:
        raise ApplicationError(
            f"年报当前状态为“{report.get_status_display()}”，不在审核中。", status=409
        )


def evaluate_submission(report: Report, snap, marks: dict):
    """Checklist results, score, maximum and grade of a submission with the reviewer's marks."""
    checklist = checklists.load_checklist(report.cycle.framework_edition)
    return checklist, checklists.evaluate(
        checklist, report.kind, submission_facts(report, snap), marks
    )


@transaction.atomic
def review_assign(
    *, actor, report: Report, reviewer, role: str, due_on: dt.date
) -> ReviewAssignment:
    """The reviewing body's admin names a reviewer (an expert of its pool, or a colleague) as
    主审 or optional 复核, with a due date. Nobody is assigned a report of their own organisation."""
    body = reviewing_body(report)
    if (
        body is None
        or not user_can(actor, Action.MANAGE_USERS, body)
        or not any(
            m.organisation_id == body.pk and m.role in (Role.CITY_ADMIN, Role.PROVINCE_ADMIN)
            for m in actor.memberships.filter(is_active=True)
        )
    ):
        raise PermissionDenied("只有负责审核此年报的教育行政部门管理员可以分配审核人。")
    if role not in AssignmentRole.values:
        raise ApplicationError("审核角色只能是主审或复核。")
    pool = reviewer.memberships.filter(is_active=True, organisation=body).exists()
    if not pool:
        raise ApplicationError(f"{reviewer} 不在{body.name}的审核专家库中。")
    own = set(reviewer.memberships.values_list("organisation_id", flat=True))
    if report.organisation_id in own or report.owner_organisation.pk in own:
        raise ApplicationError("审核人不能审核本单位的年报。")
    if due_on < timezone.localdate():
        raise ApplicationError("审核截止日期不能早于今天。")
    other = ReviewAssignment.objects.filter(report=report).exclude(role=role).first()
    if other and other.reviewer_id == reviewer.pk:
        raise ApplicationError("主审和复核不能是同一人。")
    assignment, _ = ReviewAssignment.objects.update_or_create(
        report=report,
        role=role,
        defaults={"reviewer": reviewer, "due_on": due_on, "assigned_by": actor},
    )
    audit_record(
        actor=actor,
        action="review.assign",
        obj=assignment,
        organisation=report.owner_organisation,
        after=snapshot(assignment, ["reviewer_id", "role", "due_on"]),
    )
    return assignment


def _review_for(actor, report: Report, snap) -> Review:
    review, _ = Review.objects.get_or_create(report=report, sequence=snap.sequence, reviewer=actor)
    return review


@transaction.atomic
def review_marks_save(*, actor, report: Report, marks: dict) -> Review:
    """The reviewer confirms or overrides the pre-filled checklist items; an override needs a
    note. Score and grade follow from the edition's checklist."""
    require_review(actor, report)
    _require_in_review(report)
    snap = _latest_snapshot(report)
    checklist, (results, _, _, _) = evaluate_submission(report, snap, {})
    prefilled = {r.item.code: r.prefilled for r in results}
    clean: dict[str, dict] = {}
    for code, mark in marks.items():
        if code not in prefilled:
            raise ApplicationError(f"审核项“{code}”不在本年度审核清单中。")
        passed, note = bool(mark.get("passed")), (mark.get("note") or "").strip()[:500]
        if prefilled[code] is not None and passed != prefilled[code] and not note:
            item = next(r.item for r in results if r.item.code == code)
            raise ApplicationError(f"审核项“{item.text}”与平台预填结论不同，请填写说明。")
        clean[code] = {"passed": passed, "note": note}
    review = _review_for(actor, report, snap)
    before = snapshot(review, ["marks", "score", "grade"])
    _, (_, score, maximum, grade) = evaluate_submission(report, snap, clean)
    review.marks, review.score, review.maximum, review.grade = clean, score, maximum, grade
    review.full_clean()
    review.save()
    audit_record(
        actor=actor,
        action="review.marks",
        obj=review,
        organisation=report.owner_organisation,
        before=before,
        after=snapshot(review, ["marks", "score", "grade"]),
    )
    return review


@transaction.atomic
def review_comment_add(
    *, actor, report: Report, anchor_kind: str, anchor_key: str, anchor_label: str, text: str
) -> ReviewComment:
    """审核意见 on a section, case, table or finding of the submission under review."""
    require_review(actor, report)
    _require_in_review(report)
    text = (text or "").strip()
    if len(text) < 5:
        raise ApplicationError("请填写审核意见（至少 5 个字）。")
    if anchor_kind not in AnchorKind.values:
        raise ApplicationError("请选择意见对应的位置。")
    if anchor_kind != AnchorKind.GENERAL and not anchor_key:
        raise ApplicationError("请选择意见对应的小节、案例、表或问题。")
    snap = _latest_snapshot(report)
    comment = ReviewComment(
        report=report,
        sequence=snap.sequence,
        author=actor,
        anchor_kind=anchor_kind,
        anchor_key=anchor_key[:120],
        anchor_label=(anchor_label or anchor_key)[:200],
        text=text[:2000],
    )
    comment.full_clean()
    comment.save()
    audit_record(
        actor=actor,
        action="review.comment",
        obj=comment,
        organisation=report.owner_organisation,
        after=snapshot(comment, ["anchor_kind", "anchor_key", "text"]),
    )
    return comment


def review_explanation_decide(*, actor, explanation: FindingExplanation, accept: bool, note: str):
    """采纳/不采纳 a school's explanation during the review of its report."""
    require_review(actor, explanation.report)
    _require_in_review(explanation.report)
    return explanation_decide(actor=actor, explanation=explanation, accept=accept, note=note)


def _close(review: Review | None, outcome: str) -> None:
    if review is not None:
        review.outcome, review.closed_at = outcome, timezone.now()
        review.save(update_fields=["outcome", "closed_at", "updated_at"])


@transaction.atomic
def review_return(*, actor, report: Report, reason: str = "") -> Report:
    """退回 with the anchored comments of this submission (and an optional summary)."""
    require_review(actor, report)
    _require_in_review(report)
    snap = _latest_snapshot(report)
    comments = list(ReviewComment.objects.filter(report=report, sequence=snap.sequence))
    if not comments and len((reason or "").strip()) < 5:
        raise ApplicationError("退回前请至少填写一条审核意见或退回原因。")
    lines = [(reason or "").strip()] if (reason or "").strip() else []
    lines += [
        f"[{c.get_anchor_kind_display()}{'·' + c.anchor_label if c.anchor_label else ''}] {c.text}"
        for c in comments
    ]
    report = report_return(actor=actor, report=report, reason="\n".join(lines))
    _close(Review.objects.filter(report=report, sequence=snap.sequence, reviewer=actor).first(),
           ReviewOutcome.RETURNED)  # fmt: skip
    return report


@transaction.atomic
def review_approve(*, actor, report: Report) -> Review:
    """审核通过 with the grade of the reviewer's checklist for this submission."""
    require_review(actor, report)
    _require_in_review(report)
    snap = _latest_snapshot(report)
    review = Review.objects.filter(report=report, sequence=snap.sequence, reviewer=actor).first()
    if review is None:
        raise ApplicationError("请先逐项确认审核清单并保存，再审核通过。")
    # The grade follows the checklist as it stands now (explanations may have been decided).
    _, (results, score, maximum, grade) = evaluate_submission(report, snap, review.marks)
    # Every item's conclusion is kept with the grade, so the 通报 lists the problems found.
    review.marks = {r.item.code: {"passed": r.passed, "note": r.note, "prefilled": r.prefilled}
                    for r in results}  # fmt: skip
    review.score, review.maximum, review.grade = score, maximum, grade
    review.save(update_fields=["marks", "score", "maximum", "grade", "updated_at"])
    report_approve(actor=actor, report=report)
    _close(review, ReviewOutcome.APPROVED)
    audit_record(
        actor=actor,
        action="review.grade",
        obj=review,
        organisation=report.owner_organisation,
        after={"grade": grade, "score": score, "maximum": maximum},
    )
    return review


@transaction.atomic
def review_settings_save(
    *, actor, cycle, enterprise_quota: int, quota_by_school: dict, review_days: int
) -> ReviewSettings:
    require(actor, Action.MANAGE_CYCLES)
    if enterprise_quota < 0 or review_days < 1 or any(n < 0 for n in quota_by_school.values()):
        raise ApplicationError("企业年报份数不能为负，审核期限至少 1 天。")
    known = set(Organisation.objects.filter(kind="school", code__in=quota_by_school)
                .values_list("code", flat=True))  # fmt: skip
    unknown = sorted(set(quota_by_school) - known)
    if unknown:
        raise ApplicationError(f"没有这些学校代码：{'、'.join(unknown)}。")
    settings, _ = ReviewSettings.objects.get_or_create(cycle=cycle)
    before = snapshot(settings)
    settings.enterprise_quota = enterprise_quota
    settings.enterprise_quota_by_school = quota_by_school
    settings.review_days = review_days
    settings.save()
    audit_record(actor=actor, action="review.settings", obj=settings, before=before,
                 after=snapshot(settings))  # fmt: skip
    return settings


@transaction.atomic
def scope_confirm(*, actor, cycle, city: Organisation) -> ScopeConfirmation:
    """附件5: the city bureau confirms its list of 中职 schools that must report this cycle.
    Recorded once; the list is then locked for the cycle."""
    if not any(
        m.role == Role.CITY_ADMIN and m.organisation_id == city.pk
        for m in actor.memberships.filter(is_active=True)
    ):
        raise PermissionDenied("只有本市教育局管理员可以确认报送名单。")
    if ScopeConfirmation.objects.filter(cycle=cycle, city=city).exists():
        raise ApplicationError("本年度报送名单已确认并锁定。", status=409)
    schools = (
        Organisation.objects.filter(kind="school", level="secondary", path__startswith=city.path)
        .active_during(cycle.data_period_start, cycle.data_period_end)
        .order_by("name")
    )
    confirmation = ScopeConfirmation.objects.create(
        cycle=cycle,
        city=city,
        confirmed_by=actor,
        schools=[{"id": s.pk, "code": s.code, "name": s.name} for s in schools if s.must_file_report],
        exempt=[
            {"id": s.pk, "code": s.code, "name": s.name,
             "reason": s.get_exemption_reason_display() + (f"（{s.exemption_note}）" if s.exemption_note else "")}
            for s in schools if not s.must_file_report
        ],
    )  # fmt: skip
    audit_record(
        actor=actor,
        action="review.scope_confirm",
        obj=confirmation,
        organisation=city,
        after={"schools": len(confirmation.schools), "exempt": len(confirmation.exempt)},
    )
    return confirmation


@transaction.atomic
def url_checks_request(*, actor, reports) -> int:
    """Queues a publication-URL check for each report with a URL; returns how many."""
    require(actor, Action.RUN_VALIDATION)
    ids = []
    for report in reports:
        if not report.publication_url:
            continue
        UrlCheck.objects.update_or_create(
            report=report, defaults={"url": report.publication_url, "status": "pending"}
        )
        ids.append(report.pk)
    audit_record(actor=actor, action="review.url_check", object_type="submissions.Report",
                 object_repr=f"{len(ids)} reports", after={"reports": ids[:200]})  # fmt: skip
    for pk in ids:
        transaction.on_commit(lambda pk=pk: url_check_run.enqueue(report_id=pk))
    return len(ids)


@transaction.atomic
def notice_request(*, actor, cycle, file_format: str) -> EvaluationNotice:
    """Queues the province's 通报 as DOCX or PDF."""
    require(actor, Action.MANAGE_CYCLES)
    if file_format not in ("docx", "pdf"):
        raise ApplicationError("只能生成 DOCX 或 PDF。")
    notice = EvaluationNotice.objects.create(
        cycle=cycle, file_format=file_format, requested_by=actor
    )
    audit_record(actor=actor, action="review.notice", obj=notice, after={"format": file_format})
    transaction.on_commit(lambda: notice_render.enqueue(notice_id=notice.pk))
    return notice


@transaction.atomic
def notice_publish(*, actor, notice: EvaluationNotice) -> EvaluationNotice:
    """发布通报: the province admin makes a generated 通报 public; the portal offers it for
    download from then on. Publishing is recorded once and not undone."""
    require(actor, Action.MANAGE_CYCLES)
    notice = EvaluationNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != "done" or not notice.file:
        raise ApplicationError("通报尚未生成完成，不能发布。", status=409)
    if notice.published_at is not None:
        raise ApplicationError(f"该通报已于 {notice.published_at:%Y-%m-%d} 发布。", status=409)
    notice.published_at, notice.published_by = timezone.now(), actor
    notice.save(update_fields=["published_at", "published_by", "updated_at"])
    audit_record(
        actor=actor,
        action="review.notice_publish",
        obj=notice,
        after={"format": notice.file_format, "published_at": notice.published_at},
    )
    return notice


@transaction.atomic
def reminders_send(*, actor, reports: list[Report]) -> int:
    """催报: one reminder to the writers of each report that is behind; at most one a day per
    report. Returns how many reports were reminded."""
    require(actor, Action.RUN_VALIDATION)
    today = timezone.localdate()
    sent = 0
    for report in reports:
        if report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED):
            continue
        if report.reminders.filter(key=f"nudge:{today}").exists():
            continue
        due = report.due_on
        when = f"截止日期 {due:%Y-%m-%d}" if due else "请尽快"
        recipients = notify(
            report=report,
            subject=f"请尽快完成年报：{report.title}",
            message=f"《{report.title}》尚未提交（{report.get_status_display()}），{when}。请尽快完成并提交。",
        )
        record_reminder(report=report, key=f"nudge:{today}", recipients=recipients)
        sent += 1
    audit_record(actor=actor, action="review.remind", object_type="submissions.Report",
                 object_repr=f"{sent} reports", after={"reports": [r.pk for r in reports][:200]})  # fmt: skip
    return sent
