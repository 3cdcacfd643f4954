"""Generated region reports are marked out of date when the data under them changes."""

import datetime as dt

import pytest
from django.urls import reverse

from nianbao.aggregation.models import RegionReportRun
from nianbao.documents.models import ExportStatus
from nianbao.indicators.models import DataValue
from nianbao.indicators.selectors import report_catalog, table_versions
from nianbao.indicators.services import data_values_save
from nianbao.indicators.signals import data_values_saved
from nianbao.reports.choices import ReportStatus
from nianbao.reports.models import Report
from nianbao.submissions.signals import report_status_changed

pytestmark = pytest.mark.django_db


def _done(world, organisation):
    return RegionReportRun.objects.create(
        organisation=organisation, cycle=world.cycle, status=ExportStatus.DONE, progress=100
    )


def _stale(run) -> bool:
    run.refresh_from_db()
    return run.data_changed_at is not None


def _save_one_value(world):
    world.report.extended_until = dt.date.today() + dt.timedelta(days=30)  # still open
    world.report.save(update_fields=["extended_until"])
    table, spec = next(
        (t, s)
        for t in report_catalog(world.report).tables
        for s in t.indicators
        if s.value_type == "count" and not s.parent
    )
    data_values_save(
        actor=world.users["school_editor"],
        report=world.report,
        table_code=table.code,
        values={spec.code: "12"},
        base_version=table_versions(world.report).get(table.code, 0),
    )


def test_a_draft_saving_data_changes_no_aggregate_and_marks_nothing_stale(
    world, django_capture_on_commit_callbacks
):
    city, province = _done(world, world.city), _done(world, world.province)
    with django_capture_on_commit_callbacks(execute=True):
        _save_one_value(world)
    assert not _stale(city) and not _stale(province)


def test_saved_values_of_a_counted_report_mark_its_city_and_province_reports_stale(world):
    city, province, other = (_done(world, org) for org in (world.city, world.province,
                                                            world.other_city))  # fmt: skip
    Report.objects.filter(pk=world.report.pk).update(status=ReportStatus.SUBMITTED)
    world.report.refresh_from_db()
    data_values_saved.send(sender=DataValue, report=world.report)
    assert _stale(city) and _stale(province)
    assert not _stale(other)  # another city's schools did not change


@pytest.mark.parametrize(
    ("status", "stale"),
    [(ReportStatus.SUBMITTED, True), (ReportStatus.APPROVED, True),
     (ReportStatus.RETURNED, True), (ReportStatus.DRAFTING, False)],
)  # fmt: skip
def test_reports_starting_or_stopping_to_count_mark_region_reports_stale(world, status, stale):
    city = _done(world, world.city)
    report_status_changed.send(sender=Report, report=world.report, status=status)
    assert _stale(city) is stale


def test_region_page_shows_whether_the_files_are_out_of_date(world, client):
    run = _done(world, world.city)
    client.force_login(world.users["city_admin"])
    url = reverse("aggregation:region-report", args=[world.city.pk, world.cycle.year])
    page = client.get(url).content.decode()
    assert "data-fresh" in page and "已是最新" in page and "data-stale" not in page
    report_status_changed.send(sender=Report, report=world.report, status=ReportStatus.SUBMITTED)
    page = client.get(url).content.decode()
    assert "data-stale" in page and "已过期，正在自动重新生成" in page
    assert "重新生成</button>" not in page  # the automatic run is queued already
    run.refresh_from_db()
    assert run.data_changed_at.strftime("%Y-%m-%d") in page
    RegionReportRun.objects.filter(status=ExportStatus.PENDING).delete()  # e.g. never ran
    page = client.get(url).content.decode()
    assert "data-stale" in page and "重新生成</button>" in page


def test_a_queued_run_is_not_marked_stale_it_has_not_read_the_data_yet(world):
    _done(world, world.city)
    queued = RegionReportRun.objects.create(organisation=world.city, cycle=world.cycle)
    report_status_changed.send(sender=Report, report=world.report, status=ReportStatus.SUBMITTED)
    assert not _stale(queued)
