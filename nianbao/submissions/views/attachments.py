"""Uploaded report files, the 内容真实性责任声明 and the publication URL."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from nianbao.core.exceptions import ApplicationError
from nianbao.reports.models import (
    AuthenticityDeclaration,
)
from nianbao.reports.selectors import (
    report_for_view,
    report_for_write,
)
from nianbao.submissions import services
from nianbao.submissions.views.common import _done, _upload


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
