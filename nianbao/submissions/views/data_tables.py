"""Data-table pages: table list, table entry, cell history, evidence, Excel download/upload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from nianbao.core.exceptions import ApplicationError
from nianbao.core.params import id_param
from nianbao.core.upload_jobs import job_progress
from nianbao.core.views import paginate
from nianbao.core.views_exports import export_endpoint
from nianbao.indicators import upload_jobs
from nianbao.indicators.entry import entry_rows, table_progress
from nianbao.indicators.forms import EvidenceForm, WorkbookUploadForm
from nianbao.indicators.models import ChangeSource, DataValueChange, Evidence
from nianbao.indicators.permissions import can_edit_data, require_edit_data, require_edit_role
from nianbao.indicators.selectors import (
    evidence_for,
    previous_report,
    previous_report_values,
    report_catalog,
    report_for_data,
    report_notes,
    report_values,
    table_versions,
)
from nianbao.indicators.selectors import value_history as history_of
from nianbao.indicators.services import (
    DataEntryError,
    VersionConflict,
    data_values_save,
    evidence_add,
    evidence_delete,
)
from nianbao.submissions.export_jobs import DATA_WORKBOOK
from nianbao.validation.selectors import findings_for_entry


def findings_by_code(report, catalog) -> tuple[dict[str, list], list[dict]]:
    """Validation findings per indicator code, shown beside each input, and the summary list."""
    return findings_for_entry(report, catalog)


@login_required
def table_list(request, pk: int):
    report = report_for_data(request.user, pk)
    catalog = report_catalog(report)
    versions = table_versions(report)
    tables = table_progress(catalog, report_values(report))
    for row in tables:
        row["version"] = versions.get(row["table"].code, 0)
    return render(
        request,
        "indicators/table_list.html",
        {
            "report": report,
            "catalog": catalog,
            "tables": tables,
            "can_edit": can_edit_data(request.user, report),
            "previous": previous_report(report),
        },
    )


def _table_or_404(catalog, table_code):
    try:
        return catalog.table(table_code)
    except KeyError:
        raise Http404("数据表不存在。") from None


@login_required
@require_http_methods(["GET", "POST"])
def table_entry(request, pk: int, table_code: str):
    report = report_for_data(request.user, pk)
    catalog = report_catalog(report)
    table = _table_or_404(catalog, table_code)
    can_edit = can_edit_data(request.user, report)
    codes = [spec.code for spec in table.indicators]
    raw_input = raw_notes = errors = theirs = None
    conflict = None
    version = table_versions(report).get(table.code, 0)
    if request.method == "POST":
        require_edit_data(request.user, report)
        raw_input = {code: request.POST.get(f"v_{code}", "") for code in codes}
        raw_notes = {code: request.POST.get(f"n_{code}", "") for code in codes}
        base = request.POST.get("version", "")
        try:
            result = data_values_save(
                actor=request.user,
                report=report,
                table_code=table.code,
                values=raw_input,
                notes=raw_notes,
                base_version=-1 if id_param(base) is None else id_param(base),
                source=ChangeSource.WEB,
            )
        except VersionConflict as exc:
            conflict, theirs = exc, exc.theirs
            version = exc.current_version
        except DataEntryError as exc:
            errors = exc.errors
            messages.error(request, exc.message)
        else:
            if result.changed:
                # Validation ran on commit of the save (every save path does that).
                _, summary = findings_by_code(report, catalog)
                errors = sum(1 for f in summary if f["severity"] == "error")
                warnings = sum(1 for f in summary if f["severity"] == "warning")
                if errors or warnings:
                    messages.warning(
                        request,
                        f"数据校验：错误 {errors} 条，预警 {warnings} 条，详见下方各指标旁的提示。",
                    )
                messages.success(
                    request,
                    f"已保存草稿：修改了 {len(result.changed)} 项（版本 {result.version}）。",
                )
            else:
                messages.info(request, "没有改动，无需保存。")
            return redirect("indicators:table-entry", pk=report.pk, table_code=table.code)
    history_counts = dict(
        DataValueChange.objects.filter(report=report, code__in=codes)
        .values_list("code")
        .annotate(n=Count("id"))
    )
    evidence_counts = dict(
        Evidence.objects.filter(report=report, code__in=codes)
        .values_list("code")
        .annotate(n=Count("id"))
    )
    findings, findings_summary = findings_by_code(report, catalog)
    rows = entry_rows(
        table,
        values=report_values(report),
        previous=previous_report_values(report),
        notes=report_notes(report),
        raw_input=raw_input,
        raw_notes=raw_notes,
        errors=errors,
        theirs=theirs,
        history_counts=history_counts,
        evidence_counts=evidence_counts,
        findings_by_code=findings,
    )
    tables = catalog.tables
    index = [t.code for t in tables].index(table.code)
    return render(
        request,
        "indicators/table_entry.html",
        {
            "report": report,
            "table": table,
            "tables": tables,
            "prev_table": tables[index - 1] if index > 0 else None,
            "next_table": tables[index + 1] if index + 1 < len(tables) else None,
            "rows": rows,
            "version": version,
            "can_edit": can_edit,
            "conflict": conflict,
            "findings_by_code": findings,
            "findings_summary": findings_summary,
            "previous_year": report.cycle.year - 1,
        },
        status=409 if conflict else (400 if errors else 200),
    )


@login_required
def value_history(request, pk: int, code: str):
    report = report_for_data(request.user, pk)
    spec = report_catalog(report).indicators.get(code)
    if spec is None:
        raise Http404("指标不存在。")
    context = {"report": report, "spec": spec}
    context.update(paginate(request, history_of(report, code)))
    return render(request, "indicators/value_history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_list(request, pk: int, code: str):
    report = report_for_data(request.user, pk)
    spec = report_catalog(report).indicators.get(code)
    if spec is None:
        raise Http404("指标不存在。")
    can_edit = can_edit_data(request.user, report)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require_edit_data(request.user, report)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                evidence_add(
                    actor=request.user,
                    report=report,
                    code=code,
                    name=upload.name,
                    content=upload.read(),
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, "佐证材料已上传。")
                return redirect("indicators:evidence-list", pk=report.pk, code=code)
    return render(
        request,
        "indicators/evidence_list.html",
        {
            "report": report,
            "spec": spec,
            "items": evidence_for(report, code),
            "form": form,
            "can_edit": can_edit,
        },
    )


def _evidence_for_user(user, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("report"), pk=pk)
    report_for_data(user, evidence.report_id)  # 404 outside the user's scope
    return evidence


@login_required
def evidence_download(request, pk: int):
    evidence = _evidence_for_user(request.user, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
@require_POST
def evidence_remove(request, pk: int):
    evidence = _evidence_for_user(request.user, pk)
    report_pk, code = evidence.report_id, evidence.code
    evidence_delete(actor=request.user, evidence=evidence)
    messages.success(request, "佐证材料已删除。")
    return redirect("indicators:evidence-list", pk=report_pk, code=code)


@login_required
def excel_download(request, pk: int):
    """The workbook is built by the background worker (`submissions.export_jobs`)."""
    report = report_for_data(request.user, pk)
    return export_endpoint(request, DATA_WORKBOOK, {"report_id": report.pk})


@login_required
@require_http_methods(["GET", "POST"])
def excel_upload(request, pk: int):
    """Step 1 stores the file and queues the dry run (nothing saved); step 2 (`confirm`) queues
    the apply of a clean file. Parsing runs in the background worker, never here."""
    report = report_for_data(request.user, pk)
    require_edit_role(request.user, report)
    if request.method == "POST":
        require_edit_data(request.user, report)
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    max_mb = upload_jobs.MAX_UPLOAD_BYTES // 1048576
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.POST["confirm"]
        try:
            upload_jobs.workbook_upload_confirm(actor=request.user, report=report, token=token)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("indicators:excel-upload", pk=report.pk)
        return redirect("indicators:excel-upload-status", pk=report.pk, token=token)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > upload_jobs.MAX_UPLOAD_BYTES:
            form.add_error("file", f"文件过大，数据表工作簿不应超过 {max_mb} MB。")
        else:
            try:
                token = upload_jobs.workbook_upload_start(
                    actor=request.user, report=report, content=upload.read()
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect("indicators:excel-upload-status", pk=report.pk, token=token)
    return render(
        request,
        "indicators/excel_upload.html",
        {
            "report": report,
            "form": form,
            "max_mb": max_mb,
            "can_edit": can_edit_data(request.user, report),
        },
    )


@login_required
def excel_upload_status(request, pk: int, token: str):
    """Progress of the background check (reloads itself), then the dry run and the confirm step."""
    report = report_for_data(request.user, pk)
    require_edit_role(request.user, report)
    state = upload_jobs.workbook_upload_state(token, report)
    if state is None:
        raise Http404("上传记录不存在或已失效。")
    return render(
        request,
        "indicators/excel_upload_status.html",
        {
            "report": report,
            "state": state,
            "token": token,
            **job_progress(state),
            "can_edit": can_edit_data(request.user, report),
        },
    )
