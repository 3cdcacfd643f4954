"""附件2 and 附件3 built from a cycle's reports and downloaded by the right people."""

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from nianbao.core.tests.exports import download_export
from nianbao.documents.progress_forms import (
    enterprise_report_list_for,
    progress_exempt_for,
    progress_summary_for,
)
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
    # A URL alone is not 发布: the platform's publication state decides.
    assert (row.compiled, row.submitted, row.published, row.enterprise_report) == (
        True,
        True,
        False,
        True,
    )
    assert row.publication_url == "https://z.example.cn/nb"
    Report.objects.filter(organisation=progress.secondary, kind="school").update(status="published")
    (row,) = progress_summary_for(progress.city, progress.cycle).school_reports
    assert row.published


def test_exempt_schools_are_listed_under_the_table_with_their_reason(progress, login):
    make_org(
        "school", "2010009", "青川市附设中职班", progress.city, level="secondary",
        must_file_report=False, exemption_reason="attached_class", exemption_note="并入高职",
    )  # fmt: skip
    assert progress_exempt_for(progress.city, progress.cycle) == (
        ("青川市附设中职班", "附设中职班，并入高职"),
    )
    response = download_export(
        login(progress.users["city_admin"]),
        reverse("documents:progress-summary", args=[progress.city.pk]) + "?format=docx",
    )
    text = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "不编制年报的学校：" in text and "1. 青川市附设中职班（附设中职班，并入高职）" in text
    # Not counted in 附件2's table.
    assert len(progress_summary_for(progress.city, progress.cycle).school_reports) == 1


def test_file_names_are_chinese_with_organisation_and_year(progress, login):
    response = download_export(
        login(progress.users["city_admin"]),
        reverse("documents:progress-summary", args=[progress.city.pk]),
    )
    assert quote("附件2_青川市2025年度年报报送及发布情况.xlsx") in response["Content-Disposition"]


def test_covering_letter_carries_the_figures_and_attachment_2(progress, login):
    response = download_export(
        login(progress.users["city_admin"]),
        reverse("documents:progress-letter", args=[progress.city.pk]),
    )
    assert response.status_code == 200
    assert (
        quote("青川市2025年度年报编制发布和报送情况的函（含附件2）.docx")
        in response["Content-Disposition"]
    )
    word = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "关于青川市2025年度职业教育质量年度报告编制、发布和报送情况的函" in text
    assert "示范省教育厅：" in text
    assert (
        "须编制年报的中等职业学校 1 所，已报送 1 份，已发布 0 份，报送企业年报的学校 1 所" in text
    )
    assert "各级年报和企业年报的报送及发布情况" in text  # 附件2 follows the letter
    assert len(word.sections) == 2 and word.tables[0].rows[0].cells[1].text == "学校名称"


def test_city_rollup_of_attachment_3_lists_each_school_and_enterprise(progress, login):
    response = download_export(
        login(progress.users["province_admin"]),
        reverse("documents:enterprise-rollup", args=[progress.city.pk]),
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert (1, "青川市城关职业中学", "青川智能装备有限公司") in rows
    assert any(r[0] == "合计" and r[2] == "企业数量合计：1" for r in rows)


def test_enterprise_list_names_only_submitted_enterprise_reports(progress):
    listing = enterprise_report_list_for(progress.secondary, progress.cycle)
    assert listing.enterprises == ("青川智能装备有限公司",)


def test_city_admin_downloads_its_progress_summary_as_excel(progress, login):
    response = download_export(
        login(progress.users["city_admin"]),
        reverse("documents:progress-summary", args=[progress.city.pk]),
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
    response = download_export(
        client,
        reverse("documents:enterprise-report-list", args=[progress.secondary.pk]) + "?format=docx",
    )
    text = "\n".join(
        c.text
        for t in Document(io.BytesIO(response.content)).tables
        for r in t.rows
        for c in r.cells
    )
    assert "青川智能装备有限公司" in text and "草稿企业年报" not in text
