"""Stored findings follow every data write path, and reading findings never writes."""

from django.urls import reverse

from nianbao.indicators.models import ChangeSource, DataValue
from nianbao.indicators.selectors import table_versions
from nianbao.indicators.services import data_values_save
from nianbao.validation.models import ValidationResult
from nianbao.validation.services import report_validate
from nianbao.validation.tests.test_services import clean_values, store


def test_an_api_save_revalidates_on_commit(world, django_capture_on_commit_callbacks, monkeypatch):
    from nianbao.reports.models import Report

    monkeypatch.setattr(Report, "is_editable", property(lambda self: True), raising=False)
    store(world.report, clean_values()[0])
    assert report_validate(report=world.report).error_count == 0
    placed = int(DataValue.objects.get(report=world.report, code="graduates_placed").number)
    with django_capture_on_commit_callbacks(execute=True):
        data_values_save(
            actor=world.users["school_editor"],
            report=world.report,
            table_code="scorecard",
            values={"graduates_further_study": str(placed + 7)},
            base_version=table_versions(world.report).get("scorecard", 0),
            source=ChangeSource.API,
        )
    result = ValidationResult.objects.get(report=world.report)
    assert result.error_count >= 1
    assert any("graduates_further_study" in f["indicators"] for f in result.findings)


def test_get_of_the_findings_page_stores_nothing(world, login):
    store(world.report, clean_values()[0])
    page = login(world.users["school_editor"]).get(
        reverse("validation:report-findings", args=[world.report.pk])
    )
    assert page.status_code == 200
    assert not ValidationResult.objects.filter(report=world.report).exists()
