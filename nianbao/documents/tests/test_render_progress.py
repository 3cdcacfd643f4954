"""Progress forms 附件2 / 附件3 as XLSX and DOCX with computed totals."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from nianbao.documents.model import EnterpriseReportList, ProgressRow, ProgressSummary
from nianbao.documents.render import (
    render_enterprise_report_list_docx,
    render_enterprise_report_list_xlsx,
    render_progress_summary_docx,
    render_progress_summary_xlsx,
)
from nianbao.documents.render.progress import progress_summary_rows

SUMMARY = ProgressSummary(
    "大同市",
    ProgressRow("大同市中职地市级年报", True, True, True, False, "https://dt.example/nb"),
    (
        ProgressRow("大同市第一职业中学", True, True, True, True, "https://a.example"),
        ProgressRow("大同市卫生学校", True, True, False, False),
        ProgressRow("大同市艺术学校", False, False, False, False),
    ),
)
LISTING = EnterpriseReportList("大同职业技术学院", ("甲公司", "乙公司"))


def _rows(sheet):
    return [tuple(v for v in row) for row in sheet.iter_rows(values_only=True)]


def test_progress_summary_xlsx_follows_the_notice_layout_with_totals():
    rows = _rows(load_workbook(io.BytesIO(render_progress_summary_xlsx(SUMMARY))).active)
    assert rows[0][0] == "附件2"
    assert rows[1][0] == "各级年报和企业年报的报送及发布情况"
    assert rows[2][0] == "地市名称：大同市"
    assert rows[3] == (
        "序号",
        "学校名称",
        "是否编制",
        "是否报送",
        "是否发布",
        "是否报送企业年报",
        "年报发布网址",
    )
    assert rows[4][0] == "中等职业教育地市年报"
    assert rows[5][:3] == (1, "大同市中职地市级年报", "是")
    assert rows[6][0] == "所属中等职业学校年报（份数：3）"
    assert [r[1] for r in rows[7:10]] == ["大同市第一职业中学", "大同市卫生学校", "大同市艺术学校"]
    assert rows[10] == ("合计（份）", None, 3, 3, 2, 1, None)


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        (None, ("合计（份）", "", "2", "2", "1", "1", "")),
        (ProgressRow("市级", True, False, False, True), ("合计（份）", "", "3", "2", "1", "2", "")),
    ],
)
def test_totals_count_every_yes_including_the_city_report(city, expected):
    summary = ProgressSummary("大同市", city, SUMMARY.school_reports)
    assert progress_summary_rows(summary)[-1].cells == expected


def test_progress_summary_merges_group_rows_across_the_table():
    sheet = load_workbook(io.BytesIO(render_progress_summary_xlsx(SUMMARY))).active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A5:G5", "A7:G7", "A11:B11"} <= merged


def test_progress_summary_docx_has_the_same_table():
    word = Document(io.BytesIO(render_progress_summary_docx(SUMMARY)))
    table = word.tables[0]
    assert [c.text for c in table.rows[0].cells][:2] == ["序号", "学校名称"]
    assert table.rows[-1].cells[0].text == "合计（份）"
    assert [c.text for c in table.rows[-1].cells][2:6] == ["3", "3", "2", "1"]
    assert any(p.text == "地市名称：大同市" for p in word.paragraphs)
    assert word.sections[0].page_width > word.sections[0].page_height  # landscape


def test_enterprise_report_list_counts_enterprises():
    rows = _rows(load_workbook(io.BytesIO(render_enterprise_report_list_xlsx(LISTING))).active)
    assert rows[2][0] == "学校名称：大同职业技术学院"
    assert rows[3] == ("序号", "企业名称（一个企业一行填写）")
    assert rows[4:] == [(1, "甲公司"), (2, "乙公司"), ("合计", "企业数量合计：2")]
    word = Document(io.BytesIO(render_enterprise_report_list_docx(LISTING)))
    assert [c.text for c in word.tables[0].rows[-1].cells] == ["合计", "企业数量合计：2"]
