"""附件2 and 附件3 built from a cycle's reports and downloaded by the right people."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nianbao.documents.progress_forms import enterprise_report_list_for, progress_summary_for
from nianbao.reports.models import Report
from nianbao.testing import make_org


@pytest.fixture
def progress(world):
    secondary = world.cycle.reports.get(organisation=world.secondary)
    Report.objects.filter(pk=secondary.pk).update(
        status="submitted", publication_url="https://z.example.cn/nb"
    )
    Report.objects.create(
        cycle=world.cycle,
        organisation=world.enterprise,
        kind="enterprise",
        compiling_school=world.secondary,
        status="submitted",
        title="青川智能装备有限公司参与中等职业教育人才培养年度报告（2025）",
    )
    second = make_org("enterprise", "91990000MA0009X", "青川物流有限公司", world.secondary)
    Report.objects.create(
        cycle=world.cycle,
        organisation=second,
        kind="enterprise",
        compiling_school=world.secondary,
        status="drafting",
        title="草稿企业年报",
    )
    return world


def test_progress_summary_lists_the_city_report_and_its_secondary_schools(progress):
    summary = progress_summary_for(progress.city, progress.cycle)
    assert summary.city_name == "青川市" and summary.city_report is not None
    assert not summary.city_report.submitted
    (row,) = summary.school_reports  # the 高职 school is not part of 附件2
    assert row.name == "青川市城关职业中学"
    assert (row.compiled, row.submitted, row.published, row.enterprise_report) == (
        True,
        True,
        True,
        True,
    )
    assert row.publication_url == "https://z.example.cn/nb"


def test_enterprise_list_names_only_submitted_enterprise_reports(progress):
    listing = enterprise_report_list_for(progress.secondary, progress.cycle)
    assert listing.enterprises == ("青川智能装备有限公司",)


def test_city_admin_downloads_its_progress_summary_as_excel(progress, login):
    response = login(progress.users["city_admin"]).get(
        reverse("documents:progress-summary", args=[progress.city.pk])
    )
    assert response.status_code == 200
    cells = [
        c
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
        for c in row
        if c
    ]
    assert "青川市城关职业中学" in cells and "https://z.example.cn/nb" in cells


def test_other_city_cannot_download_the_progress_summary(progress, login):
    response = login(progress.users["other_city_admin"]).get(
        reverse("documents:progress-summary", args=[progress.city.pk])
    )
    assert response.status_code == 403


def test_enterprise_list_downloads_as_word(progress, login):
    from docx import Document

    client = login(progress.users["province_admin"])
    response = client.get(
        reverse("documents:enterprise-report-list", args=[progress.secondary.pk]),
        {"format": "docx"},
    )
    text = "\n".join(
        c.text
        for t in Document(io.BytesIO(response.content)).tables
        for r in t.rows
        for c in r.cells
    )
    assert "青川智能装备有限公司" in text and "草稿企业年报" not in text
