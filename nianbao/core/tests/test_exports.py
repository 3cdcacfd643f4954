"""The background download facility itself (core.exports, core.services): reuse of identical
requests, the stale and failed states, the download's second permission check, cleanup."""

from __future__ import annotations

import dataclasses
import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from nianbao.accounts.models import Membership
from nianbao.core import exports
from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent, FileExport
from nianbao.core.services import REUSE_DONE, STALE_AFTER, file_export_request
from nianbao.core.tasks import file_export_run
from nianbao.core.tests.exports import request_export

KIND = "documents.progress_summary"


@pytest.fixture
def city_admin(world):
    return world.users["city_admin"]


def _params(world, fmt="xlsx"):
    return {"city_id": world.city.pk, "cycle_id": world.cycle.pk, "fmt": fmt}


def _url(world, fmt="xlsx"):
    return reverse("documents:progress-summary", args=[world.city.pk]) + f"?format={fmt}"


def _fail_with(monkeypatch, exc):
    spec = exports.export_kind(KIND)
    monkeypatch.setitem(
        exports._KINDS, KIND, dataclasses.replace(spec, render=mock.Mock(side_effect=exc))
    )


def test_an_identical_request_reuses_the_queued_job(world, city_admin):
    first = file_export_request(actor=city_admin, kind=KIND, params=_params(world))
    again = file_export_request(actor=city_admin, kind=KIND, params=_params(world))
    other_format = file_export_request(actor=city_admin, kind=KIND, params=_params(world, "docx"))
    by_province = file_export_request(
        actor=world.users["province_admin"], kind=KIND, params=_params(world)
    )
    assert again.pk == first.pk
    assert len({first.pk, other_format.pk, by_province.pk}) == 3
    assert AuditEvent.objects.filter(action="file.export").count() == 3


def test_a_finished_file_is_reused_briefly_then_made_anew(world, city_admin, login):
    client = login(city_admin)
    _, first = request_export(client, _url(world))
    _, again = request_export(client, _url(world))
    assert again.pk == first.pk
    FileExport.objects.filter(pk=first.pk).update(
        finished_at=timezone.now() - REUSE_DONE - dt.timedelta(seconds=1)
    )
    _, fresh = request_export(client, _url(world))
    assert fresh.pk != first.pk


def test_a_job_queued_too_long_is_stale_and_offers_a_new_request(world, city_admin, login):
    client = login(city_admin)
    _, export = request_export(client, _url(world), run=False)
    FileExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - STALE_AFTER - dt.timedelta(seconds=1)
    )
    html = client.get(reverse("core:export-status", args=[export.pk])).content.decode()
    assert "后台任务长时间未完成" in html and "nianbao-refresh" not in html
    assert f'action="{_url(world)}"' in html
    _, again = request_export(client, _url(world), run=False)
    assert again.pk != export.pk  # a stale job is not reused


def test_the_download_checks_the_permission_again(world, city_admin, login):
    client = login(city_admin)
    _, export = request_export(client, _url(world))
    Membership.objects.filter(user=city_admin).update(is_active=False)
    response = client.get(reverse("core:export-download", args=[export.pk]))
    assert response.status_code == 403
    assert "只有本市或省级管理员可以导出本市的报送情况。" in response.content.decode()


def test_the_service_refuses_without_permission_and_creates_nothing(world):
    with pytest.raises(PermissionDenied, match="只有本市或省级管理员"):
        file_export_request(actor=world.users["other_city_admin"], kind=KIND, params=_params(world))
    assert not FileExport.objects.exists()


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (ApplicationError("榜单尚未计算。"), "榜单尚未计算。"),
        (MemoryError(), "生成文件所需内存超过上限，请缩小范围后重试。"),
    ],
)
def test_a_failure_keeps_its_reason_in_chinese(world, city_admin, login, monkeypatch, exc, message):
    _fail_with(monkeypatch, exc)
    _, export = request_export(login(city_admin), _url(world))
    export.refresh_from_db()
    assert (export.status, export.error) == ("failed", message)
    assert export.finished_at is not None


def test_a_retried_request_after_a_failure_makes_a_new_job(world, city_admin, login, monkeypatch):
    client = login(city_admin)
    _fail_with(monkeypatch, RuntimeError("boom"))
    _, failed = request_export(client, _url(world))
    monkeypatch.undo()
    _, retried = request_export(client, _url(world))
    retried.refresh_from_db()
    assert retried.pk != failed.pk and retried.status == "done"


def test_the_task_renders_once_and_tolerates_a_deleted_job(world, city_admin, monkeypatch):
    with TestCase.captureOnCommitCallbacks(execute=False):
        export = file_export_request(actor=city_admin, kind=KIND, params=_params(world))
    assert file_export_run.call(export.pk) == "done"
    render = mock.Mock()
    spec = exports.export_kind(KIND)
    monkeypatch.setitem(exports._KINDS, KIND, dataclasses.replace(spec, render=render))
    assert file_export_run.call(export.pk) == "done"  # delivered twice: not rendered again
    render.assert_not_called()
    FileExport.objects.filter(pk=export.pk).delete()
    assert file_export_run.call(export.pk) == "missing"


def test_the_status_page_links_back_to_the_page_of_the_button(world, city_admin, login):
    client = login(city_admin)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_url(world), {"next": "/review/overview/"})
    html = client.get(response["Location"]).content.decode()
    assert 'href="/review/overview/"' in html
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_url(world, "docx"), {"next": "https://elsewhere.example/"})
    assert "elsewhere.example" not in client.get(response["Location"]).content.decode()


def test_cleanup_deletes_old_exports_and_their_files(world, city_admin, login):
    client = login(city_admin)
    _, old = request_export(client, _url(world))
    _, recent = request_export(client, _url(world, "docx"))
    old.refresh_from_db()
    old_name = old.file.name
    FileExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    call_command("cleanup_exports", "--days", "7")
    assert list(FileExport.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not default_storage.exists(old_name)
    assert client.get(reverse("core:export-download", args=[old.pk])).status_code == 404
