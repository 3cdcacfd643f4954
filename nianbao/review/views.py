"""Review pages: the reviewer's queue, the review of one report (checklist, anchored comments,
explanations, changes since the return, return/approve), grades and the 通报."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from nianbao.accounts.models import User
from nianbao.accounts.permissions import Action, require, user_can
from nianbao.core.exceptions import ApplicationError
from nianbao.cycles.selectors import cycle_from_request
from nianbao.documents.render.progress import render_form_docx, render_form_xlsx
from nianbao.organisations.choices import SchoolLevel
from nianbao.organisations.models import Organisation
from nianbao.review import selectors, services
from nianbao.review.annex import scope_form, scope_rows, url_summary_form
from nianbao.review.choices import AnchorKind, AssignmentRole
from nianbao.review.models import (
    EvaluationNotice,
    ReviewAssignment,
    ReviewComment,
    ReviewSettings,
)
from nianbao.review.notice import problems_text, review_problems
from nianbao.review.overview import SORTS, overview, reports_behind
from nianbao.submissions.choices import ReportStatus
from nianbao.submissions.permissions import reviewing_body
from nianbao.validation.models import FindingExplanation

FORM_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _run(request, call, ok: str) -> bool:
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


def _anchors(snap, findings) -> list[tuple[str, str, str]]:
    """(kind, key, label) places a comment can point at in the submission."""
    text = snap.text or {}
    out = [(AnchorKind.SECTION, f"{s['part']}#{s['order']}", s.get("title") or s["part"])
           for s in text.get("sections", [])]  # fmt: skip
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
        "anchors": _anchors(snap, findings),
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
    _run(request, lambda: services.review_marks_save(actor=request.user, report=report,
                                                     marks=marks), "审核清单已保存。")  # fmt: skip
    return redirect("review:review-detail", report.pk)


@login_required
@require_POST
def comment_add(request, pk: int):
    report = selectors.report_for_review(request.user, pk)
    kind, _, key = request.POST.get("anchor", "general|").partition("|")
    label = request.POST.get("anchor_label_" + request.POST.get("anchor", ""), "") or key
    _run(
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
    _run(
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
    if _run(request, lambda: call(report), ok):
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
        _run(request, lambda: services.review_assign(actor=request.user, report=report,
                                                     reviewer=reviewer,
                                                     role=request.POST.get("role", ""),
                                                     due_on=due), "审核人已分配。")  # fmt: skip
    return redirect("review:review-detail", report.pk)


def _require_bureau(user) -> None:
    if not user_can(user, Action.RUN_VALIDATION):
        raise PermissionDenied("只有市级或省级教育行政部门可以查看评价结果。")


@login_required
def grades(request):
    """评价结果: grades in scope and their distribution by kind, city and level."""
    _require_bureau(request.user)
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
    _run(request, lambda: services.notice_request(actor=request.user, cycle=cycle,
                                                  file_format=request.POST.get("format", "")),
         "通报已开始生成，完成后可在下方下载。")  # fmt: skip
    return redirect(f"{_grades_url()}?cycle={cycle.pk}")


def _grades_url() -> str:
    return reverse("review:grades")


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


# --- the bureaus' overview, reminders, URL checks, 附件5/6 -------------------------------------

OVERVIEW_FILTERS = ("q", "status", "level", "city", "sort")


def _filters(data) -> dict:
    out = {k: data.get(k, "").strip() for k in OVERVIEW_FILTERS}
    out["behind"] = data.get("behind") == "1"
    out["sort"] = out["sort"] if out["sort"] in SORTS else "days"
    return out


@login_required
def overview_page(request):
    """进度总览: one row per report the bureau oversees, with filters, sorting and search."""
    _require_bureau(request.user)
    cycle = cycle_from_request(request)
    filters = _filters(request.GET)
    data = overview(request.user, cycle, **filters)
    return render(
        request,
        "review/overview.html",
        {"cycle": cycle, "filters": filters, "statuses": ReportStatus.choices,
         "levels": SchoolLevel.choices, **data},
    )  # fmt: skip


def _bulk(request, call, done: str):
    """An action on the reports of the overview (催报, 网址检测), then back to the overview."""
    _require_bureau(request.user)
    cycle = cycle_from_request(request)
    try:
        n = call(cycle)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done.format(n=n))
    return redirect(f"{reverse('review:overview')}?cycle={cycle.pk}")


@login_required
@require_POST
def remind(request):
    """催报: one action reminds every report behind among the rows the filters show."""
    filters = _filters(request.POST)
    return _bulk(request, lambda cycle: services.reminders_send(
        actor=request.user, reports=reports_behind(request.user, cycle, **filters)),
        "已催报 {n} 份年报（同一年报每天最多催报一次）。")  # fmt: skip


@login_required
@require_POST
def url_check(request):
    """Checks the publication URL of every report in scope, in the background."""
    return _bulk(request, lambda cycle: services.url_checks_request(
        actor=request.user, reports=[row.report for row in overview(request.user, cycle)["rows"]]),
        "已开始检测 {n} 个发布网址，结果显示在“网址”列。")  # fmt: skip


def _city(request, pk: int) -> Organisation:
    city = get_object_or_404(Organisation, pk=pk, kind="city")
    if not user_can(request.user, Action.RUN_VALIDATION, city):
        raise PermissionDenied("只有本市或省级管理员可以查看本市的名单。")
    return city


def _form_download(form, fmt: str, filename: str) -> HttpResponse:
    content = (
        render_form_xlsx(form, form.attachment_label) if fmt == "xlsx" else render_form_docx(form)
    )
    response = HttpResponse(content, content_type=FORM_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    return response


@login_required
def scope_list(request, pk: int):
    """附件5: the 中职 schools of the city that must report, confirmed (and locked) by the city."""
    city = _city(request, pk)
    cycle = cycle_from_request(request)
    fmt = request.GET.get("format", "")
    if fmt in FORM_TYPES:
        name = city.short_name or city.name
        return _form_download(
            scope_form(city, cycle), fmt, f"附件5_{name}{cycle.year}年度报送年报中职学校名单"
        )
    must, exempt, confirmation = scope_rows(city, cycle)
    may_confirm = any(m.role == "city_admin" and m.organisation_id == city.pk
                      for m in request.user.memberships.filter(is_active=True))  # fmt: skip
    return render(request, "review/scope.html", {"city": city, "cycle": cycle, "must": must,
                  "exempt": exempt, "confirmation": confirmation, "may_confirm": may_confirm})  # fmt: skip


@login_required
@require_POST
def scope_confirm(request, pk: int):
    city = _city(request, pk)
    cycle = cycle_from_request(request)
    _run(request, lambda: services.scope_confirm(actor=request.user, cycle=cycle, city=city),
         "报送名单已确认并锁定。")  # fmt: skip
    return redirect(f"{reverse('review:scope-list', args=[city.pk])}?cycle={cycle.pk}")


@login_required
def url_summary(request, pk: int):
    """附件6 年报公布网址汇总表 of a city."""
    city = _city(request, pk)
    cycle = cycle_from_request(request)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORM_TYPES:
        raise Http404("只能导出 xlsx 或 docx。")
    name = city.short_name or city.name
    return _form_download(
        url_summary_form(city, cycle), fmt, f"附件6_{name}{cycle.year}年度年报公布网址汇总表"
    )


@login_required
def settings_page(request):
    """审核设置 of a cycle (province): the enterprise-report quota and the review period."""
    require(request.user, Action.MANAGE_CYCLES)
    cycle = cycle_from_request(request)
    current = ReviewSettings.objects.filter(cycle=cycle).first() or ReviewSettings(cycle=cycle)
    if request.method == "POST":
        try:
            quota = int(request.POST.get("enterprise_quota", ""))
            days = int(request.POST.get("review_days", ""))
            by_school = {}
            for line in request.POST.get("quota_by_school", "").splitlines():
                if line.strip():
                    code, _, n = line.replace("，", ",").partition(",")
                    by_school[code.strip()] = int(n)
        except ValueError:
            messages.error(request, "请填写整数；按学校设置每行一条“学校代码,份数”。")
        else:
            if _run(request, lambda: services.review_settings_save(
                    actor=request.user, cycle=cycle, enterprise_quota=quota,
                    quota_by_school=by_school, review_days=days), "审核设置已保存。"):  # fmt: skip
                return redirect(f"{reverse('review:settings')}?cycle={cycle.pk}")
    lines = "\n".join(f"{k},{v}" for k, v in current.enterprise_quota_by_school.items())
    return render(request, "review/settings.html",
                  {"cycle": cycle, "current": current, "quota_lines": lines})  # fmt: skip
