"""Staged upload files go when their job ends; `cleanup_uploads` removes those of ended or
abandoned jobs older than N days and never touches a job in use."""

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nianbao.core.exceptions import ApplicationError
from nianbao.core.upload_jobs import APPLIED, CHECKED, CHECKING, job_create, job_end
from nianbao.indicators.bulk import FILE_GONE, bulk_import_retry
from nianbao.indicators.models import BulkImport, BulkImportStatus

PREFIX = "organisation-imports"


@pytest.fixture(autouse=True)
def _empty_storage(settings):
    """A storage of this test's own: other tests leave upload jobs in the shared one."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def _bulk(world, client, capture, value="1200"):
    content = f"学校代码,指标代码,填报值\n{world.school.code},graduates,{value}\n".encode()
    with capture(execute=True):
        response = client.post(
            reverse("indicators:bulk-import-list"),
            {"file": SimpleUploadedFile("all.csv", content)},
        )
    assert response.status_code == 302
    return BulkImport.objects.latest("pk")


def _stored(job: BulkImport) -> bool:
    job.refresh_from_db()
    return bool(job.file) and default_storage.exists(job.file.name)


def _cleanup(days: int) -> str:
    out = io.StringIO()
    call_command("cleanup_uploads", "--older-than-days", str(days), stdout=out)
    return out.getvalue()


def _job(status: str, capture=None) -> str:
    """A staged job in `status`; with `capture` (the on-commit fixture) one that ended."""
    token = job_create(PREFIX, b"sheet", {"user": 1, "name": "a.csv", "status": status})
    if capture is not None:
        with capture(execute=True):
            job_end(PREFIX, token, {"user": 1, "name": "a.csv", "status": status})
    return token


def _files(token: str) -> set[str]:
    return {ext for ext in ("bin", "json") if default_storage.exists(f"{PREFIX}/{token}.{ext}")}


def test_an_applied_bulk_import_deletes_its_file_after_the_commit(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.users["province_admin"])
    job = _bulk(world, client, django_capture_on_commit_callbacks)
    assert job.status == BulkImportStatus.CHECKED and _stored(job)  # awaiting the confirm
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("indicators:bulk-import-detail", kwargs={"pk": job.pk}))
    job.refresh_from_db()
    assert job.status == BulkImportStatus.APPLIED and not _stored(job)


def test_a_bulk_import_with_problems_deletes_its_file(
    world, login, django_capture_on_commit_callbacks
):
    job = _bulk(
        world, login(world.users["province_admin"]), django_capture_on_commit_callbacks, "无"
    )
    assert job.status == BulkImportStatus.CHECKED and not job.result["ok"]
    assert not _stored(job)


def test_a_failed_bulk_import_keeps_its_file_for_a_retry_until_the_cleanup(
    world, login, django_capture_on_commit_callbacks, time_machine
):
    job = _bulk(world, login(world.users["province_admin"]), django_capture_on_commit_callbacks)
    BulkImport.objects.filter(pk=job.pk).update(status=BulkImportStatus.FAILED)
    assert _stored(job)
    assert "没有需要清理的上传文件" in _cleanup(7)
    time_machine.move_to(timezone.now() + dt.timedelta(days=8))
    output = _cleanup(7)
    assert f"批量导入 #{job.pk} all.csv（失败）" in output and not _stored(job)
    with pytest.raises(ApplicationError) as refused:
        bulk_import_retry(actor=world.users["province_admin"], job=job)
    assert refused.value.message == FILE_GONE


def test_cleanup_removes_only_ended_or_abandoned_jobs_older_than_the_limit(
    world, login, django_capture_on_commit_callbacks, time_machine
):
    applied = _job(APPLIED, django_capture_on_commit_callbacks)
    unconfirmed = _job(CHECKED)
    lost = _job(CHECKING)  # its worker never reported back
    running = _bulk(world, login(world.users["province_admin"]), django_capture_on_commit_callbacks)
    BulkImport.objects.filter(pk=running.pk).update(status=BulkImportStatus.APPLYING)
    assert _files(applied) == {"json"}  # the file went when the job ended
    start = timezone.now()
    time_machine.move_to(start + dt.timedelta(days=3))
    recent = _job(APPLIED, django_capture_on_commit_callbacks)
    waiting = _job(CHECKING)
    assert "没有需要清理的上传文件（已结束或已放弃且早于 7 天）" in _cleanup(7)

    time_machine.move_to(start + dt.timedelta(days=8))
    output = _cleanup(7)
    assert output.startswith("已清理 3 个上传任务的文件")
    assert f"批量导入组织机构 {applied}（已完成）" in output
    assert f"批量导入组织机构 {unconfirmed}（检查后未确认）" in output
    assert f"批量导入组织机构 {lost}（后台任务中断）" in output
    assert _files(applied) == _files(unconfirmed) == _files(lost) == set()
    assert _files(recent) == {"json"} and _files(waiting) == {"bin", "json"}

    fresh = _job(CHECKING)  # queued just now: in use, whatever the limit
    output = _cleanup(0)
    assert recent in output and waiting in output and fresh not in output
    assert _files(fresh) == {"bin", "json"}
    assert _stored(running)  # a running bulk import keeps its file
