"""Report pages: overview, writing a framework part, attachments, submission and workflow.
Views parse input, call one service and redirect with a Chinese message."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from nianbao.accounts.permissions import Action, require, scope_q, user_can
from nianbao.core.exceptions import ApplicationError
from nianbao.core.views import paginate
from nianbao.cycles.models import Cycle, ReportKind
from nianbao.cycles.selectors import current_cycle
from nianbao.organisations.models import Organisation
from nianbao.submissions import services
from nianbao.submissions.choices import AuthoringMode, ReportStatus
from nianbao.submissions.context import report_page_context
from nianbao.submissions.models import (
    AuthenticityDeclaration,
    Figure,
    ReportFile,
    ReportSnapshot,
)
from nianbao.submissions.permissions import can_submit, can_write
from nianbao.submissions.selectors import (
    notifications_for,
    report_for_view,
    report_for_write,
    reports_visible_to,
)
from nianbao.submissions.services.authoring import CHART_KINDS, ITEM_MODELS
from nianbao.submissions.text import (
    CASE_MAX_CHARS,
    count_chars,
    has_quantitative_evidence,
    markdown_to_html,
)

MAX_UPLOAD = 60 * 1024 * 1024


@login_required
def report_list(request):
    g = request.GET
    cycle = Cycle.objects.filter(pk=g["cycle"]).first() if g.get("cycle", "").isdigit() else None
    qs = reports_visible_to(request.user, cycle=cycle)
    if g.get("kind"):
        qs = qs.filter(kind=g["kind"])
    if g.get("status"):
        qs = qs.filter(status=g["status"])
    if g.get("q"):
        qs = qs.filter(title__icontains=g["q"].strip())
    context = paginate(request, qs)
    context.update(
        cycles=Cycle.objects.order_by("-year"),
        kinds=ReportKind.choices,
        statuses=ReportStatus.choices,
        can_create_enterprise=user_can(request.user, Action.EDIT_ENTERPRISE_REPORT)
        and _schools_of(request.user).exists(),
    )
    return render(request, "submissions/report_list.html", context)


@login_required
def report_detail(request, pk: int):
    report = report_for_view(request.user, pk)
    from nianbao.documents.builder import part_items

    items = part_items(report)
    part_rows = []
    for part in report.framework_parts:
        entries = items.get(part.code, [])
        counts = {k: sum(1 for kind, _ in entries if kind == k) for k in ITEM_MODELS}
        words = sum(count_chars(obj.body) for kind, obj in entries if kind in ("section", "case"))
        part_rows.append({"part": part, "counts": counts, "words": words})
    declaration = AuthenticityDeclaration.objects.filter(report=report).first()
    return render(
        request,
        "submissions/report_overview.html",
        report_page_context(
            request,
            report,
            part_rows=part_rows,
            declaration=declaration,
            report_file=ReportFile.objects.filter(report=report).first(),
            checker=services.checker_summary(report.checker_findings or []),
            url_warning=services.publication_url_warning(report, report.publication_url),
            snapshots=ReportSnapshot.objects.filter(report=report).order_by("-sequence"),
            modes=AuthoringMode.choices,
        ),
    )


def _part_or_404(report, part: str):
    for p in report.framework_parts:
        if p.code == part:
            return p
    raise Http404("报告框架中没有这一部分。")


@login_required
def report_part(request, pk: int, part: str):
    report = report_for_view(request.user, pk)
    framework_part = _part_or_404(report, part)
    from nianbao.documents.builder import build_report_document, part_items
    from nianbao.documents.model import DocumentError, number_items

    try:
        numbering = number_items(build_report_document(report, include_declaration=False))
        labels = numbering.items
    except (DocumentError, ApplicationError, OSError):
        labels = {}
    prefix = {"case": "case", "figure": "fig", "table": "table"}
    entries = []
    for kind, obj in part_items(report).get(part, []):
        row = {"kind": kind, "obj": obj}
        if kind == "section":
            row["html"] = markdown_to_html(obj.body)
        else:
            row["ref"] = f"[[{prefix[kind]}:{obj.key}]]"
            row["label"] = labels.get(f"{prefix[kind]}:{obj.key}", "")
        if kind == "case":
            row["chars"] = count_chars(obj.body)
            row["no_numbers"] = not has_quantitative_evidence(obj.body)
        entries.append(row)
    return render(
        request,
        "submissions/report_part.html",
        report_page_context(
            request,
            report,
            part=framework_part,
            entries=entries,
            case_max=CASE_MAX_CHARS,
            chart_kinds=CHART_KINDS.items(),
            indicators=_indicator_choices(report),
            editable=report.is_editable and can_write(request.user, report),
        ),
    )


def _indicator_choices(report) -> list[tuple[str, str]]:
    if report.kind == ReportKind.ENTERPRISE:
        return []
    try:
        from nianbao.indicators.selectors import report_catalog

        catalog = report_catalog(report)
    except (ImportError, ApplicationError):
        return []
    return [
        (code, f"{spec.name}（{spec.unit}）" if spec.unit else spec.name)
        for code, spec in catalog.indicators.items()
        if spec.value_type not in ("text", "choice")
    ]


def _wants_json(request) -> bool:
    return request.headers.get("x-requested-with") == "fetch"


def _done(request, report, part: str | None, ok: str, call):
    """Runs `call`; on ApplicationError shows every reason. JSON for fetch requests."""
    try:
        result = call()
    except ApplicationError as exc:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": str(exc)}, status=exc.status)
        messages.error(request, str(exc))
        result = None
    else:
        if _wants_json(request):
            return JsonResponse({"ok": True, **(result if isinstance(result, dict) else {})})
        messages.success(request, ok)
    if part:
        return redirect("submissions:report-part", report.pk, part)
    return redirect("submissions:report-detail", report.pk)


@login_required
@require_POST
def section_save(request, pk: int, part: str):
    report = report_for_write(request.user, pk)
    p = request.POST
    section = None
    if p.get("section_id", "").isdigit():
        section = report.sections.filter(pk=int(p["section_id"])).first()
        if section is None:
            raise Http404("小节不存在。")
    version = int(p["version"]) if p.get("version", "").isdigit() else None

    def call():
        saved = services.section_save(
            actor=request.user,
            report=report,
            part_code=part,
            title=p.get("title", ""),
            body=p.get("body", ""),
            section=section,
            version=version,
        )
        return {"section_id": saved.pk, "version": saved.version, "chars": count_chars(saved.body)}

    return _done(request, report, part, "小节已保存。", call)


@login_required
@require_POST
def case_save(request, pk: int, part: str):
    report = report_for_write(request.user, pk)
    p = request.POST
    case = None
    if p.get("case_id", "").isdigit():
        case = report.cases.filter(pk=int(p["case_id"])).first()

    def call():
        saved = services.case_save(
            actor=request.user,
            report=report,
            part_code=part,
            title=p.get("title", ""),
            body=p.get("body", ""),
            case=case,
        )
        if not has_quantitative_evidence(saved.body):
            messages.warning(request, f"案例“{saved.title}”中没有数据佐证，建议补充量化成效。")
        return None

    return _done(request, report, part, "案例已保存。", call)


def _upload(request, name: str) -> tuple[str, bytes]:
    f = request.FILES.get(name)
    if f is None:
        raise ApplicationError("请选择要上传的文件。")
    if f.size > MAX_UPLOAD:
        raise ApplicationError("文件过大。")
    return f.name, f.read()


@login_required
@require_POST
def figure_save(request, pk: int, part: str):
    report = report_for_write(request.user, pk)
    p = request.POST

    def call():
        if p.get("source") == "chart":
            services.figure_chart_save(
                actor=request.user,
                report=report,
                part_code=part,
                caption=p.get("caption", ""),
                kind=p.get("chart_kind", ""),
                codes=p.getlist("codes"),
            )
        else:
            _, content = _upload(request, "image")
            services.figure_image_save(
                actor=request.user,
                report=report,
                part_code=part,
                caption=p.get("caption", ""),
                content=content,
                source_note=p.get("source_note", ""),
            )

    return _done(request, report, part, "图已添加。", call)


@login_required
@require_POST
def table_save(request, pk: int, part: str):
    report = report_for_write(request.user, pk)
    p = request.POST
    table = None
    if p.get("table_id", "").isdigit():
        table = report.tables.filter(pk=int(p["table_id"])).first()

    def call():
        services.table_save(
            actor=request.user,
            report=report,
            part_code=part,
            caption=p.get("caption", ""),
            text=p.get("text", ""),
            table=table,
        )

    return _done(request, report, part, "表已保存。", call)


@login_required
@require_POST
def item_action(request, pk: int, kind: str, item_id: int, op: str):
    report = report_for_write(request.user, pk)
    if kind not in ITEM_MODELS or op not in ("delete", "up", "down"):
        raise Http404()
    item = ITEM_MODELS[kind].objects.filter(report=report, pk=item_id).first()
    if item is None:
        raise Http404("该内容不存在。")

    def call():
        if op == "delete":
            services.item_delete(actor=request.user, report=report, kind=kind, pk=item_id)
        else:
            services.item_move(
                actor=request.user, report=report, kind=kind, pk=item_id, direction=op
            )

    return _done(
        request, report, item.part_code, "已删除。" if op == "delete" else "已移动。", call
    )


@login_required
def figure_image(request, pk: int, item_id: int):
    report = report_for_view(request.user, pk)
    figure = Figure.objects.filter(report=report, pk=item_id).exclude(image="").first()
    if figure is None:
        raise Http404("图片不存在。")
    return FileResponse(figure.image.open("rb"))


@login_required
@require_POST
def report_mode(request, pk: int):
    report = report_for_write(request.user, pk)
    return _done(
        request,
        report,
        None,
        "编写方式已切换。",
        lambda: (
            services.authoring_mode_set(
                actor=request.user, report=report, mode=request.POST.get("mode", "")
            )
            and None
        ),
    )


@login_required
@require_POST
def report_upload(request, pk: int):
    report = report_for_write(request.user, pk)

    def call():
        name, content = _upload(request, "file")
        services.report_file_upload(
            actor=request.user, report=report, filename=name, content=content
        )

    return _done(request, report, None, "年报全文已上传并完成体检。", call)


@login_required
@require_POST
def declaration_upload(request, pk: int):
    report = report_for_write(request.user, pk)

    def call():
        name, content = _upload(request, "file")
        services.declaration_upload(
            actor=request.user, report=report, filename=name, content=content
        )

    return _done(request, report, None, "内容真实性责任声明已上传。", call)


@login_required
def declaration_file(request, pk: int):
    report = report_for_view(request.user, pk)
    declaration = AuthenticityDeclaration.objects.filter(report=report).first()
    if declaration is None:
        raise Http404("尚未上传声明。")
    return FileResponse(
        declaration.file.open("rb"),
        filename=declaration.filename,
        content_type=declaration.media_type,
    )


@login_required
def declaration_template(request, pk: int):
    report = report_for_write(request.user, pk)
    response = HttpResponse(
        services.declaration_template_docx(report),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E5%86%85%E5%AE%B9%E7%9C%9F%E5%AE%9E%E6%80%A7"
        "%E8%B4%A3%E4%BB%BB%E5%A3%B0%E6%98%8E.docx"
    )
    return response


@login_required
@require_POST
def publication_url(request, pk: int):
    report = report_for_write(request.user, pk)
    try:
        warning = services.publication_url_set(
            actor=request.user, report=report, url=request.POST.get("url", "")
        )
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "年报发布网址已保存。")
        if warning:
            messages.warning(request, warning)
    return redirect("submissions:report-detail", report.pk)


@login_required
@require_POST
def report_check(request, pk: int):
    report = report_for_write(request.user, pk)
    findings = services.report_check(report=report)
    messages.success(request, f"年报体检完成：发现 {len(findings)} 条问题或提示。")
    return redirect("submissions:report-detail", report.pk)


@login_required
def report_submit(request, pk: int):
    """GET: the checklist (every refusal reason) and the checker findings; POST: submit."""
    report = report_for_view(request.user, pk)
    if not (can_write(request.user, report) or can_submit(request.user, report)):
        raise PermissionDenied("您没有提交此年报的权限。")
    if request.method == "POST":
        try:
            snap = services.report_submit(actor=request.user, report=report)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            for reason in exc.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, f"年报已提交。文档指纹（SHA-256）：{snap.document_sha256}")
            return redirect("submissions:report-detail", report.pk)
    reasons = services.submission_refusals(report) if report.status == ReportStatus.DRAFTING else []
    findings = (
        services.report_check(report=report) if report.is_editable else report.checker_findings
    )
    return render(
        request,
        "submissions/report_submit.html",
        report_page_context(
            request, report, reasons=reasons, checker=services.checker_summary(findings or [])
        ),
    )


TRANSITIONS = {
    "withdraw": (services.report_withdraw, "年报已撤回，可继续编辑。"),
    "reopen": (services.report_reopen, "年报已恢复为编制中。"),
    "approve": (services.report_approve, "年报已审核通过。"),
    "publish": (services.report_publish, "年报已标记为已发布。"),
    "return": (services.report_return, "年报已退回，学校将收到通知。"),
}


@login_required
@require_POST
def report_transition(request, pk: int, action: str):
    report = report_for_view(request.user, pk)
    if action not in TRANSITIONS:
        raise Http404()
    service, ok = TRANSITIONS[action]
    kwargs = {"reason": request.POST.get("reason", "")} if action == "return" else {}
    return _done(
        request,
        report,
        None,
        ok,
        lambda: service(actor=request.user, report=report, **kwargs) and None,
    )


@login_required
def report_extend(request, pk: int):
    report = report_for_view(request.user, pk)
    require(request.user, Action.MANAGE_CYCLES, report.owner_organisation)
    if request.method == "POST":
        try:
            until = dt.date.fromisoformat(request.POST.get("until", ""))
        except ValueError:
            messages.error(request, "请填写有效的延期日期。")
        else:
            try:
                services.deadline_extend(
                    actor=request.user,
                    report=report,
                    until=until,
                    reason=request.POST.get("reason", ""),
                )
            except ApplicationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已延期至 {until:%Y-%m-%d}。")
                return redirect("submissions:report-detail", report.pk)
    return render(
        request,
        "submissions/report_extend.html",
        report_page_context(
            request, report, extensions=report.extensions.select_related("granted_by")
        ),
    )


@login_required
def snapshot_download(request, pk: int, seq: int):
    report = report_for_view(request.user, pk)
    snap = ReportSnapshot.objects.filter(report=report, sequence=seq).first()
    if snap is None or not snap.document:
        raise Http404("提交快照不存在。")
    ext = snap.document.name.rsplit(".", 1)[-1]
    return FileResponse(
        snap.document.open("rb"),
        as_attachment=True,
        filename=f"{report.title}（第{seq}次提交）.{ext}",
    )


def _schools_of(user):
    return Organisation.objects.filter(
        scope_q(user, Action.EDIT_ENTERPRISE_REPORT), kind="school"
    ).order_by("path")


@login_required
def enterprise_reports(request):
    """企业年报: a school's partner enterprises, their reports in the current cycle, and creation."""
    schools = list(_schools_of(request.user))
    if not schools:
        raise PermissionDenied("只有学校用户可以管理企业年报。")
    cycle = current_cycle()
    if request.method == "POST" and cycle is not None:
        enterprise = Organisation.objects.filter(
            pk=request.POST.get("enterprise") or 0, parent__in=schools, kind="enterprise"
        ).first()
        if enterprise is None:
            messages.error(request, "请选择本校的合作企业。")
        else:
            try:
                report = services.enterprise_report_create(
                    actor=request.user, cycle=cycle, school=enterprise.parent, enterprise=enterprise
                )
            except ApplicationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已创建《{report.title}》。")
                return redirect("submissions:report-detail", report.pk)
    enterprises = Organisation.objects.filter(parent__in=schools, kind="enterprise").order_by(
        "name"
    )
    existing = {}
    if cycle is not None:
        existing = {
            r.organisation_id: r
            for r in reports_visible_to(request.user, cycle=cycle).filter(
                kind=ReportKind.ENTERPRISE
            )
        }
    rows = [{"enterprise": e, "report": existing.get(e.pk)} for e in enterprises]
    return render(
        request,
        "submissions/enterprise_reports.html",
        {"rows": rows, "cycle": cycle, "schools": schools},
    )


@login_required
def notification_list(request):
    context = paginate(request, notifications_for(request.user))
    return render(request, "submissions/notification_list.html", context)


@login_required
@require_POST
def notification_read(request):
    services.notifications_mark_read(user=request.user)
    messages.success(request, "通知已全部标为已读。")
    return redirect("submissions:notification-list")
