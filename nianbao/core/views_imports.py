"""The two pages of a staged import (core.staged_imports): the upload page, whose POST stores
the file or confirms a checked one, and the progress page, which reloads itself until the
worker's result shows. Neither parses the file."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from nianbao.core.exceptions import ApplicationError
from nianbao.core.staged_imports import StagedImport
from nianbao.core.upload_jobs import job_progress

__all__ = ["staged_import_page", "staged_import_status"]


def staged_import_page(
    request,
    job: StagedImport,
    *,
    form,
    template: str,
    status_url: str,
    context: dict | None = None,
    extra: dict | None = None,
):
    """POST `confirm` queues the apply of a checked job; POST `file` stores it and queues the
    dry run; either way on to the progress page (`status_url`, a URL name taking `token`)."""
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.POST["confirm"]
        try:
            job.confirm(actor=request.user, token=token)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.path)
        return redirect(status_url, token=token)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            token = job.start(
                actor=request.user, content=upload.read(), filename=upload.name, extra=extra
            )
        except ApplicationError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect(status_url, token=token)
    return render(request, template, {"form": form, **(context or {})})


def staged_import_status(request, job: StagedImport, token: str, *, template: str):
    """Progress of the background step, then the dry run's result and the confirm step."""
    state = job.state(token, request.user)
    if state is None:
        raise Http404("导入记录不存在或已失效。")
    return render(request, template, {"state": state, "token": token, **job_progress(state)})
