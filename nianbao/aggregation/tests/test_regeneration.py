"""Generated region reports regenerate themselves once the data under them changed: one queued
run per report however many changes arrive, only for reports generated before, and a failure
leaves the report marked out of date with the reason shown."""

import datetime as dt
import zipfile

import pytest
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone

from nianbao.aggregation import generation
from nianbao.aggregation.models import RegionReportRun
from nianbao.aggregation.services import REGENERATION_DELAY
from nianbao.aggregation.tasks import generate_region_report
from nianbao.documents.models import ExportStatus
from nianbao.indicators.models import DataValue
from nianbao.indicators.signals import data_values_saved
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report
from nianbao.submissions.services.authoring import section_save
from nianbao.submissions.signals import report_status_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(settings):
    """A task backend that keeps what was enqueued (and can defer) instead of running it."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend


def _generated(world, organisation):
    return RegionReportRun.objects.create(
        organisation=organisation,
        cycle=world.cycle,
        status=ExportStatus.DONE,
        progress=100,
        docx_sha256="a" * 64,
        pdf_sha256="b" * 64,
    )


def _regenerations(queue) -> list[int]:
    return [r.kwargs["run_id"] for r in queue.results if r.task.name == generate_region_report.name]


def _save_burst(world, capture, n: int) -> None:
    """`n` saves of a counted report, each committed on its own (a correction table after table)."""
    Report.objects.filter(pk=world.report.pk).update(status=ReportStatus.SUBMITTED)
    world.report.refresh_from_db()
    for _ in range(n):
        with capture(execute=True):
            data_values_saved.send(sender=DataValue, report=world.report)


def _page(client, world, organisation) -> str:
    url = reverse("aggregation:region-report", args=[organisation.pk, world.cycle.year])
    return client.get(url).content.decode()


def test_a_burst_of_saves_queues_one_deferred_regeneration_per_region_report(
    world, queue, django_capture_on_commit_callbacks
):
    _generated(world, world.city), _generated(world, world.province)
    start = timezone.now()
    _save_burst(world, django_capture_on_commit_callbacks, 300)
    queued = _regenerations(queue)
    assert len(queued) == 2
    runs = RegionReportRun.objects.filter(pk__in=queued)
    assert {r.organisation_id for r in runs} == {world.city.pk, world.province.pk}
    assert all(r.automatic and r.status == ExportStatus.PENDING for r in runs)
    for result in queue.results:  # each waits for the burst to end before rendering
        assert result.task.run_after >= start + REGENERATION_DELAY


def test_the_queued_regeneration_runs_once_and_the_report_is_up_to_date_again(
    world, queue, client, django_capture_on_commit_callbacks
):
    old = _generated(world, world.city)
    _save_burst(world, django_capture_on_commit_callbacks, 3)
    client.force_login(world.users["city_admin"])
    assert "已过期，正在自动重新生成" in _page(client, world, world.city)
    (run_id,) = _regenerations(queue)
    assert generate_region_report.call(run_id=run_id) == ExportStatus.DONE
    assert generate_region_report.call(run_id=run_id) == "skipped"  # a second delivery
    run = RegionReportRun.objects.get(pk=run_id)
    assert run.status == ExportStatus.DONE and run.data_changed_at is None and run.pages > 0
    assert RegionReportRun.objects.filter(organisation=world.city).count() == 2
    old.refresh_from_db()
    assert old.data_changed_at is not None  # the old files stay as they were
    page = _page(client, world, world.city)
    assert "已是最新" in page and run.pdf_sha256 in page and "data-stale" not in page


def test_a_report_never_generated_is_not_generated_automatically(
    world, queue, django_capture_on_commit_callbacks
):
    RegionReportRun.objects.create(
        organisation=world.city, cycle=world.cycle, status=ExportStatus.FAILED, error="生成失败"
    )
    _save_burst(world, django_capture_on_commit_callbacks, 2)
    with django_capture_on_commit_callbacks(execute=True):
        report_status_changed.send(sender=Report, report=world.report, status="submitted")
    assert _regenerations(queue) == []
    assert not RegionReportRun.objects.filter(status=ExportStatus.PENDING).exists()


def test_a_failed_regeneration_leaves_the_report_out_of_date_with_the_reason(
    world, queue, client, monkeypatch, django_capture_on_commit_callbacks
):
    _generated(world, world.city)
    _save_burst(world, django_capture_on_commit_callbacks, 1)

    def broken(document):
        raise RuntimeError("排版引擎不可用")

    monkeypatch.setattr(generation, "render_docx_and_pdf", broken)
    (run_id,) = _regenerations(queue)
    assert generate_region_report.call(run_id=run_id) == ExportStatus.FAILED
    client.force_login(world.users["city_admin"])
    page = _page(client, world, world.city)
    assert "data-stale" in page and "data-regeneration-failed" in page
    assert "自动重新生成没有成功" in page and "生成失败：排版引擎不可用" in page
    assert "重新生成</button>" in page
    # The next change queues another attempt.
    _save_burst(world, django_capture_on_commit_callbacks, 1)
    assert len(_regenerations(queue)) == 2


def test_a_change_while_rendering_keeps_the_new_files_out_of_date_and_queues_another_run(
    world, queue, django_capture_on_commit_callbacks
):
    _generated(world, world.city)
    _save_burst(world, django_capture_on_commit_callbacks, 1)
    (run_id,) = _regenerations(queue)
    run = generation.region_report_claim(run_id)
    _save_burst(world, django_capture_on_commit_callbacks, 1)  # saved while it renders
    generation.region_report_execute(run)
    run.refresh_from_db()
    assert run.status == ExportStatus.DONE and run.data_changed_at is not None
    assert len(_regenerations(queue)) == 2


def test_an_automatic_run_made_unnecessary_by_a_newer_one_is_dropped(
    world, queue, django_capture_on_commit_callbacks
):
    _generated(world, world.city)
    _save_burst(world, django_capture_on_commit_callbacks, 1)
    (run_id,) = _regenerations(queue)
    _generated(world, world.city)  # e.g. rendered by a run that started after the change
    assert generate_region_report.call(run_id=run_id) == "skipped"
    assert not RegionReportRun.objects.filter(pk=run_id).exists()


def test_regeneration_leaves_the_bureau_text_as_it_is_and_prints_it(
    world, queue, django_capture_on_commit_callbacks
):
    report = world.city_report
    report.extended_until = dt.date.today() + dt.timedelta(days=30)
    report.save(update_fields=["extended_until"])
    section = section_save(
        actor=world.users["city_admin"],
        report=report,
        part_code="talent_cultivation",
        title="立德树人",
        body="全市中职学校开齐开足思想政治课。",
    )
    _generated(world, world.city)
    with django_capture_on_commit_callbacks(execute=True):
        report_status_changed.send(sender=Report, report=world.report, status=ReportStatus.APPROVED)
    (run_id,) = _regenerations(queue)
    before = (section.title, section.body, section.version, section.updated_at)
    assert generate_region_report.call(run_id=run_id) == ExportStatus.DONE
    section.refresh_from_db()
    assert (section.title, section.body, section.version, section.updated_at) == before
    run = RegionReportRun.objects.get(pk=run_id)
    with zipfile.ZipFile(run.docx.open("rb")) as docx:
        assert "全市中职学校开齐开足思想政治课" in docx.read("word/document.xml").decode()
