"""在线编写: one page per framework part with sections, cases, figures and tables."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from nianbao.core.exceptions import ApplicationError
from nianbao.documents.builder import build_report_document, part_items
from nianbao.documents.model import DocumentError, number_items
from nianbao.reports.context import report_page_context
from nianbao.reports.models import (
    Figure,
)
from nianbao.reports.permissions import can_write
from nianbao.reports.selectors import (
    report_for_view,
    report_for_write,
)
from nianbao.reports.text import (
    CASE_MAX_CHARS,
    count_chars,
    has_quantitative_evidence,
    markdown_to_html,
)
from nianbao.submissions import services
from nianbao.submissions.charts import chart_data, chart_preview, indicator_choices
from nianbao.submissions.references import broken_references, reference_targets
from nianbao.submissions.services.authoring import CHART_KINDS, ITEM_MODELS
from nianbao.submissions.views.common import _done, _upload


def _part_or_404(report, part: str):
    for p in report.framework_parts:
        if p.code == part:
            return p
    raise Http404("报告框架中没有这一部分。")


@login_required
def report_part(request, pk: int, part: str):
    report = report_for_view(request.user, pk)
    framework_part = _part_or_404(report, part)

    try:
        numbering = number_items(build_report_document(report, include_declaration=False))
        labels = numbering.items
    except (DocumentError, ApplicationError, OSError):
        labels = {}
    prefix = {"case": "case", "figure": "fig", "table": "table"}
    values, catalog = chart_data(report)
    entries = []
    for kind, obj in part_items(report).get(part, []):
        row = {"kind": kind, "obj": obj}
        if kind == "section":
            row["html"] = markdown_to_html(obj.body)
            row["body_id"] = f"section-body-{obj.pk}"
        else:
            row["ref"] = f"[[{prefix[kind]}:{obj.key}]]"
            row["label"] = labels.get(f"{prefix[kind]}:{obj.key}", "")
        if kind == "figure" and not obj.image:
            row["preview"] = chart_preview(obj.chart or {}, values, catalog)
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
            part_number=[p.code for p in report.framework_parts].index(part) + 1,
            entries=entries,
            case_max=CASE_MAX_CHARS,
            chart_kinds=CHART_KINDS.items(),
            indicators=indicator_choices(catalog, values) if catalog is not None else [],
            ref_targets=reference_targets(report, labels),
            broken_refs=broken_references(report),
            editable=report.is_editable and can_write(request.user, report),
        ),
    )


def _version(post) -> int | None:
    value = post.get("version", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


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
    version = _version(p)

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
            version=_version(p),
        )
        if not has_quantitative_evidence(saved.body):
            messages.warning(request, f"案例“{saved.title}”中没有数据佐证，建议补充量化成效。")
        return None

    return _done(request, report, part, "案例已保存。", call)


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
            version=_version(p),
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
