"""Review pages: the reviewer's queue, the review of one report (checklist, anchored comments,
explanations, changes since the return, return/approve), grades and the 通报."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from nianbao.accounts.models import User
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require, user_can
from nianbao.cycles.selectors import cycle_from_request
from nianbao.reports.permissions import reviewing_body
from nianbao.review import selectors, services
from nianbao.review.choices import AnchorKind, AssignmentRole
from nianbao.review.models import (
    EvaluationNotice,
    ReviewAssignment,
    ReviewComment,
)
from nianbao.review.notice import problems_text, review_problems
from nianbao.validation.models import FindingExplanation


def run_and_report(request, call, ok: str) -> bool:
    try:
        call()
    except ApplicationError as exc:
        messages.error(request, exc.message)
        for reason in exc.reasons:
            messages.error(request, reason)
        return False
    messages.success(request, ok)
    return True


@login_required
def queue(request):
    """待审核: every submitted report this user reviews, oldest due date first."""
    require(request.user, Action.REVIEW)
    cycle = cycle_from_request(request)
    rows = selectors.review_queue(request.user, cycle)
    return render(request, "review/queue.html", {"cycle": cycle, "rows": rows})


def _anchors(snap, findings, part_names: dict[str, str]) -> list[tuple[str, str, str]]:
    """(kind, key, label) places a comment can point at in the submission; an untitled section
    is named by its framework part."""
    text = snap.text or {}
    out = [
        (AnchorKind.SECTION, f"{s['part']}#{s['order']}",
         s.get("title") or part_names.get(s["part"], "正文"))
        for s in text.get("sections", [])
    ]  # fmt: skip
    out += [(AnchorKind.CASE, c["key"], c["title"]) for c in text.get("cases", [])]
    out += [(AnchorKind.TABLE, t["key"], t["caption"]) for t in text.get("tables", [])]
    out += [
        (AnchorKind.FINDING, f.get("rule_id") or f.get("code", ""), f.get("message", "")[:60])
        for f in findings
    ]
    return out


@login_required
def review_detail(request, pk: int):
    report = selectors.report_for_review(request.user, pk)
    snap = report.snapshots.order_by("-sequence").first()
    if snap is None:
        raise Http404("年报尚未提交。")
    own = report.reviews.filter(sequence=snap.sequence, reviewer=request.user).first()
    checklist, (results, score, maximum, grade) = services.evaluate_submission(
        report, snap, own.marks if own else {}
    )
    findings = list(snap.validation_findings) + list(snap.checker_findings)
    explanations = list(
        FindingExplanation.objects.filter(report=report).select_related("decided_by")
    )
    body = reviewing_body(report)
    may_assign = any(
        m.organisation_id == body.pk and m.role in ("city_admin", "province_admin")
        for m in request.user.memberships.filter(is_active=True)
    )
    context = {
        "report": report,
        "snap": snap,
        "review": own,
        "checklist": checklist,
        "results": results,
        "score": score,
        "maximum": maximum,
        "grade": grade,
        "explanations": explanations,
        "comments": ReviewComment.objects.filter(
            report=report, sequence=snap.sequence
        ).select_related("author"),
        "anchors": _anchors(snap, findings, {p.code: p.name for p in report.framework_parts}),
        "anchor_kinds": AnchorKind.choices,
        "changes": selectors.changes_since_return(report),
        "assignments": ReviewAssignment.objects.filter(report=report).select_related("reviewer"),
        "pool": selectors.reviewer_pool(report) if may_assign else [],
        "roles": AssignmentRole.choices,
        "in_review": report.status == "submitted",
    }
    return render(request, "review/review_detail.html", context)


@login_required
@require_POST
def marks_save(request, pk: int):
    report = selectors.report_for_review(request.user, pk)
    codes = request.POST.getlist("item")
    marks = {
        code: {
            "passed": request.POST.get(f"passed_{code}") == "yes",
            "note": request.POST.get(f"note_{code}", ""),
        }
        for code in codes
    }
    run_and_report(request, lambda: services.review_marks_save(actor=request.user, report=report,
                                                     marks=marks), "审核清单已保存。")  # fmt: skip
    return redirect("review:review-detail", report.pk)


@login_required
@require_POST
def comment_add(request, pk: int):
    report = selectors.report_for_review(request.user, pk)
    kind, _, key = request.POST.get("anchor", "general|").partition("|")
    label = request.POST.get("anchor_label_" + request.POST.get("anchor", ""), "") or key
    run_and_report(
        request,
        lambda: services.review_comment_add(
            actor=request.user, report=report, anchor_kind=kind, anchor_key=key,
            anchor_label=label, text=request.POST.get("text", ""),
        ),
        "审核意见已添加。",
    )  # fmt: skip
    return redirect("review:review-detail", report.pk)


@login_required
@require_POST
def explanation_decide(request, pk: int, explanation_id: int):
    report = selectors.report_for_review(request.user, pk)
    explanation = get_object_or_404(FindingExplanation, pk=explanation_id, report=report)
    accept = request.POST.get("decision") == "accept"
    run_and_report(
        request,
        lambda: services.review_explanation_decide(
            actor=request.user, explanation=explanation, accept=accept,
            note=request.POST.get("note", ""),
        ),
        "已采纳该预警说明。" if accept else "已不采纳该预警说明。",
    )  # fmt: skip
    return redirect("review:review-detail", report.pk)


def _conclude(request, pk: int, call, ok: str):
    """Return or approve: back to the queue when done, else to the review with the reasons."""
    report = selectors.report_for_review(request.user, pk)
    if run_and_report(request, lambda: call(report), ok):
        return redirect("review:queue")
    return redirect("review:review-detail", report.pk)


@login_required
@require_POST
def review_return(request, pk: int):
    reason = request.POST.get("reason", "")
    return _conclude(request, pk, lambda report: services.review_return(
        actor=request.user, report=report, reason=reason), "年报已退回，学校将收到审核意见。")  # fmt: skip


@login_required
@require_POST
def review_approve(request, pk: int):
    return _conclude(request, pk, lambda report: services.review_approve(
        actor=request.user, report=report), "年报已审核通过，等次已记录。")  # fmt: skip


@login_required
@require_POST
def assign(request, pk: int):
    report = selectors.report_for_review(request.user, pk)
    reviewer = User.objects.filter(pk=request.POST.get("reviewer") or 0).first()
    try:
        due = dt.date.fromisoformat(request.POST.get("due_on", ""))
    except ValueError:
        due = None
    if reviewer is None or due is None:
        messages.error(request, "请选择审核人并填写有效的审核截止日期。")
    else:
        run_and_report(request, lambda: services.review_assign(actor=request.user, report=report,
                                                     reviewer=reviewer,
                                                     role=request.POST.get("role", ""),
                                                     due_on=due), "审核人已分配。")  # fmt: skip
    return redirect("review:review-detail", report.pk)


def require_bureau(user) -> None:
    if not user_can(user, Action.RUN_VALIDATION):
        raise PermissionDenied("只有市级或省级教育行政部门可以查看评价结果。")


@login_required
def grades(request):
    """评价结果: grades in scope and their distribution by kind, city and level."""
    require_bureau(request.user)
    cycle = cycle_from_request(request)
    reviews = selectors.graded_reports(request.user, cycle) if cycle else []
    grade_names = (
        services.checklists.load_checklist(cycle.framework_edition).grade_names if cycle else ()
    )
    rows = [(r, problems_text(review_problems(r))) for r in reviews]
    return render(
        request,
        "review/grades.html",
        {
            "cycle": cycle,
            "rows": rows,
            "dist": selectors.grade_distribution(reviews, grade_names),
            "notices": EvaluationNotice.objects.filter(cycle=cycle)[:6] if cycle else [],
            "may_publish": user_can(request.user, Action.MANAGE_CYCLES),
        },
    )


@login_required
@require_POST
def notice_create(request):
    require(request.user, Action.MANAGE_CYCLES)
    cycle = cycle_from_request(request)
    run_and_report(request, lambda: services.notice_request(actor=request.user, cycle=cycle,
                                                  file_format=request.POST.get("format", "")),
         "通报已开始生成，完成后可在下方下载。")  # fmt: skip
    return redirect(f"{_grades_url()}?cycle={cycle.pk}")


def _grades_url() -> str:
    return reverse("review:grades")


@login_required
@require_POST
def notice_publish(request, pk: int):
    require(request.user, Action.MANAGE_CYCLES)
    notice = get_object_or_404(EvaluationNotice, pk=pk)
    run_and_report(request, lambda: services.notice_publish(actor=request.user, notice=notice),
                   "通报已发布，公众可在公开查询页面下载。")  # fmt: skip
    return redirect(f"{_grades_url()}?cycle={notice.cycle_id}")


@login_required
def notice_download(request, pk: int):
    require(request.user, Action.MANAGE_CYCLES)
    notice = get_object_or_404(EvaluationNotice, pk=pk)
    if notice.status != "done" or not notice.file:
        raise Http404("通报尚未生成完成。")
    return FileResponse(
        notice.file.open("rb"),
        as_attachment=True,
        filename=f"{notice.cycle.year}年度职业教育质量年报评价结果通报.{notice.file_format}",
    )
