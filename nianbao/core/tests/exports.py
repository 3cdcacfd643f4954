"""Test helpers for background downloads (core.exports): request an export as a user would
(POST), let the queued task run (immediate backend), then download the stored file."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import TestCase
from django.urls import reverse

from nianbao.core.models import FileExport

__all__ = ["request_export", "download_export"]


def request_export(client, url: str, data: dict | None = None, *, run: bool = True):
    """POSTs the export URL; with `run` the queued task runs. Returns (response, export)."""
    with TestCase.captureOnCommitCallbacks(execute=run):
        response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    export = FileExport.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert response["Location"] == reverse("core:export-status", args=[export.pk])
    return response, export


def download_export(client, url: str, data: dict | None = None) -> HttpResponse:
    """The file a user gets by clicking the export button, as a plain (non-streaming) response
    with the download's headers."""
    _, export = request_export(client, url, data)
    export.refresh_from_db()
    assert export.status == "done", export.error
    page = client.get(reverse("core:export-status", args=[export.pk]))
    download = reverse("core:export-download", args=[export.pk])
    assert download in page.content.decode()
    streamed = client.get(download)
    assert streamed.status_code == 200
    response = HttpResponse(b"".join(streamed.streaming_content))
    for header in ("Content-Type", "Content-Disposition"):
        response[header] = streamed[header]
    return response
