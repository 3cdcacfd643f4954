"""Every download that used to be rendered in the request now goes through a background export
(core.exports): the request only queues, the task makes the file the renderer makes, only the
requester downloads it, refusals are 403/404 with a Chinese reason, failures are a failed job."""

from __future__ import annotations

import dataclasses
import io
from unittest import mock

import pytest
from django.test import TestCase
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from nianbao.core import exports
from nianbao.core.models import FileExport
from nianbao.core.tests.exports import request_export
from nianbao.rankings.tests.permission_matrix import ranking


@dataclasses.dataclass(frozen=True)
class Case:
    url_name: str
    kwargs: object  # world -> URL kwargs
    query: str
    kind: str
    allowed: str  # an actor who may have the file
    other: str  # another actor who may have it too, but not someone else's copy
    denied: str  # an actor who may not
    denied_status: int
    denied_message: str


CITY = "只有本市或省级管理员可以导出本市的报送情况。"
CASES = [
    Case("documents:progress-summary", lambda w: {"pk": w.city.pk}, "?format=xlsx",
         "documents.progress_summary", "city_admin", "province_admin", "other_city_admin",
         403, CITY),
    Case("documents:progress-summary", lambda w: {"pk": w.city.pk}, "?format=docx",
         "documents.progress_summary", "city_admin", "province_admin", "other_city_admin",
         403, CITY),
    Case("documents:progress-letter", lambda w: {"pk": w.city.pk}, "",
         "documents.progress_letter", "city_admin", "province_admin", "other_city_admin",
         403, CITY),
    Case("documents:enterprise-rollup", lambda w: {"pk": w.city.pk}, "?format=xlsx",
         "documents.enterprise_rollup", "province_admin", "city_admin", "other_city_admin",
         403, CITY),
    Case("documents:enterprise-rollup", lambda w: {"pk": w.city.pk}, "?format=docx",
         "documents.enterprise_rollup", "province_admin", "city_admin", "other_city_admin",
         403, CITY),
    Case("documents:enterprise-report-list", lambda w: {"pk": w.school.pk}, "?format=xlsx",
         "documents.enterprise_report_list", "school_editor", "city_admin",
         "other_school_editor", 403, "只有本校、本市或省级管理员可以导出附件3。"),
    Case("documents:enterprise-report-list", lambda w: {"pk": w.school.pk}, "?format=docx",
         "documents.enterprise_report_list", "school_editor", "city_admin",
         "other_school_editor", 403, "只有本校、本市或省级管理员可以导出附件3。"),
    Case("rankings:export-xlsx", ranking, "", "rankings.ranking_xlsx", "reviewer",
         "province_admin", "school_editor", 403, "只有榜单评审委员会"),
    Case("rankings:export-docx", ranking, "", "rankings.ranking_docx", "reviewer",
         "province_admin", "school_editor", 403, "只有榜单评审委员会"),
    Case("indicators:excel-download", lambda w: {"pk": w.report.pk}, "",
         "submissions.data_workbook", "school_editor", "city_admin", "other_school_editor",
         404, ""),
    Case("validation:scope-export", lambda w: {}, "?severity=error", "validation.scope_findings",
         "city_admin", "province_admin", "school_editor", 403, "您没有执行此操作的权限。"),
    Case("review:scope-list", lambda w: {"pk": w.city.pk}, "?format=xlsx", "review.scope_list",
         "city_admin", "province_admin", "other_city_admin", 403,
         "只有本市或省级管理员可以查看本市的名单。"),
    Case("review:url-summary", lambda w: {"pk": w.city.pk}, "?format=docx", "review.url_summary",
         "city_admin", "province_admin", "other_city_admin", 403,
         "只有本市或省级管理员可以查看本市的名单。"),
]  # fmt: skip
IDS = [f"{c.url_name}{c.query}" for c in CASES]


def _url(case: Case, world) -> str:
    return reverse(case.url_name, kwargs=case.kwargs(world)) + case.query


def _replace_renderer(monkeypatch, kind: str, render) -> None:
    spec = exports.export_kind(kind)
    monkeypatch.setitem(exports._KINDS, kind, dataclasses.replace(spec, render=render))


def _content(data: bytes, content_type: str) -> list:
    """What a reader sees: every sheet's cells, or every paragraph and table cell."""
    if content_type == exports.XLSX:
        wb = load_workbook(io.BytesIO(data))
        return [(ws.title, list(ws.iter_rows(values_only=True))) for ws in wb.worksheets]
    assert content_type == exports.DOCX
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return [p.text for p in doc.paragraphs] + cells


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_request_queues_a_job_and_never_renders(case, world, login, monkeypatch):
    render = mock.Mock(side_effect=AssertionError("rendered in the request"))
    _replace_renderer(monkeypatch, case.kind, render)
    client = login(world.users[case.allowed])
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        response = client.post(_url(case, world))
    export = FileExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:export-status", args=[export.pk])
    assert (export.kind, export.status, export.requested_by) == (
        case.kind, "pending", world.users[case.allowed],
    )  # fmt: skip
    assert len(queued) == 1  # the task, enqueued once the request's transaction commits
    render.assert_not_called()
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'name="nianbao-refresh"' in page.content.decode()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_task_stores_the_file_the_renderer_makes(case, world, login):
    client = login(world.users[case.allowed])
    _, export = request_export(client, _url(case, world))
    export.refresh_from_db()
    assert export.status == "done", export.error
    content, filename, content_type = exports.export_kind(case.kind).render(**export.params)
    stored = export.file.read()
    assert (export.filename, export.content_type, export.size) == (
        filename, content_type, len(stored),
    )  # fmt: skip
    assert _content(stored, content_type) == _content(content, content_type)
    response = client.get(reverse("core:export-download", args=[export.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == stored


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_nobody_else_sees_or_downloads_an_export(case, world, login):
    _, export = request_export(login(world.users[case.allowed]), _url(case, world))
    client = login(world.users[case.other])
    assert client.get(reverse("core:export-status", args=[export.pk])).status_code == 404
    assert client.get(reverse("core:export-download", args=[export.pk])).status_code == 404


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_who_may_not_have_the_file_cannot_request_it(case, world, login):
    client = login(world.users[case.denied])
    for response in (client.get(_url(case, world)), client.post(_url(case, world))):
        assert response.status_code == case.denied_status
        assert case.denied_message in response.content.decode()
    assert not FileExport.objects.exists()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_renderer_error_is_a_failed_job_with_a_chinese_reason(case, world, login, monkeypatch):
    _replace_renderer(monkeypatch, case.kind, mock.Mock(side_effect=RuntimeError("boom")))
    client = login(world.users[case.allowed])
    response, export = request_export(client, _url(case, world))
    export.refresh_from_db()
    assert export.status == "failed" and not export.file
    assert export.error == "生成文件时出错，请稍后重试；如仍失败，请联系管理员。"
    page = client.get(response["Location"]).content.decode()
    assert export.error in page and "boom" not in page
    assert client.get(reverse("core:export-download", args=[export.pk])).status_code == 404


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_get_of_the_export_url_shows_the_button_and_writes_nothing(case, world, login):
    response = login(world.users[case.allowed]).get(_url(case, world))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="post"' in html and "生成文件" in html
    assert not FileExport.objects.exists()
