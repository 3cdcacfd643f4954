"""Tables recovered from PDF reports (PDF 表格识别): the platform's own PDFs of the sample
reports come back with their appendix tables, planted table defects are found as in DOCX, and
prose, tables of contents and lists of figures are never taken for tables."""

import dataclasses
import re
import shutil

import pytest

from nianbao.checker import check_bytes, read_bytes
from nianbao.checker.model import Heading, Table
from nianbao.checker.readers.pdf_tables import display_width, find_tables

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler not installed")

PERCENT_WRONG = "学校专任教师4300人，其中具有高级职称的2100人，占专任教师总数的41.20%。"


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _expected(table) -> list[tuple[str, ...]]:
    head = ("序号", "指标", "单位", *table.columns)
    rows = [(r.seq, r.name, r.unit, *r.values) for r in table.rows]
    return [tuple(_compact(c) for c in row) for row in (head, *rows)]


def _appendix(doc, number: int) -> Table:
    return next(
        b
        for b in doc.blocks
        if isinstance(b, Table) and _compact(b.caption).startswith(f"附表{number}")
    )


@pytest.fixture(scope="module")
def school():
    from nianbao.demo.samples import sample_school_report

    return sample_school_report()


@pytest.fixture(scope="module")
def school_pdf(school):
    from nianbao.documents.render import render_pdf

    return render_pdf(school)


def _short(report, appendix=None):
    """The report with one chapter (quicker to render), optionally another appendix."""
    return dataclasses.replace(
        report, chapters=report.chapters[:2], appendix=appendix or report.appendix
    )


def _with_row(report, number: int, row: int, **changes):
    tables = []
    for table in report.appendix:
        if table.number == number:
            rows = list(table.rows)
            rows[row] = dataclasses.replace(rows[row], **changes)
            table = dataclasses.replace(table, rows=tuple(rows))
        tables.append(table)
    return _short(report, tuple(tables))


# --- the appendix tables of the platform's PDF -------------------------------------------------


def test_appendix_tables_come_back_with_their_rows(school, school_pdf):
    doc = read_bytes(school_pdf, "report.pdf")
    for table in school.appendix:
        got = _appendix(doc, table.number)
        assert [tuple(_compact(c) for c in row) for row in got.rows] == _expected(table), (
            table.label
        )
    # 附表2 has the 调查人次/调查方式 columns; a name wrapped over two lines is one cell.
    survey = _appendix(doc, 2)
    assert _compact(" ".join(survey.rows[0])) == "序号指标单位2025年调查人次调查方式"
    assert any(_compact(r[1]) == "公共基础课（不含思想政治课）教学满意度" for r in survey.rows)
    # 附表3 goes over a page break under a repeated header: one table, 序号 1–13.
    resources = _appendix(doc, 3)
    assert [r[0] for r in resources.rows if r[0].strip().isdigit()] == [
        str(i) for i in range(1, 14)
    ]


def test_tables_sit_in_document_order_with_their_captions(school_pdf):
    doc = read_bytes(school_pdf, "report.pdf")
    captions = [_compact(t.caption) for _, t in doc.tables()]
    assert captions[-6:] == [f"附表{i}" + t for i, t in enumerate(
        ("人才培养质量计分卡", "满意度调查", "教学资源表", "国际影响表", "服务贡献表", "政策落实表"), 1
    )]  # fmt: skip
    assert captions[0].startswith("表1-1")  # body tables too
    index = {id(b): i for i, b in enumerate(doc.blocks)}
    positions = [index[id(t)] for _, t in doc.tables()]
    assert positions == sorted(positions)


def test_two_year_appendix_keeps_both_value_columns():
    from nianbao.demo.samples import sample_school_report
    from nianbao.documents.render import render_pdf

    report = _short(sample_school_report(previous_year=True))
    doc = read_bytes(render_pdf(report), "report.pdf")
    for table in report.appendix:
        got = _appendix(doc, table.number)
        assert [tuple(_compact(c) for c in row) for row in got.rows] == _expected(table)


# --- planted defects are found as in DOCX ------------------------------------------------------


def _table_findings(content: bytes, name: str) -> set[tuple[str, str, tuple[str, ...]]]:
    findings = check_bytes(content, name, rules=["table"])
    return {(f.code, f.severity, f.values) for f in findings}


@pytest.mark.parametrize(
    ("number", "row", "changes", "code", "values"),
    [
        # 其中：毕业生升学人数 larger than 毕业去向落实人数
        (1, 2, {"values": ("207401",)}, "table.child_exceeds_parent", ("207401", "107401")),
        # 国家级 + 省级 + 校级 of 专业教学资源库数 no longer 156
        (3, 14, {"values": ("43",)}, "table.sum_mismatch", ("156", "7", "43", "116")),
        # 序号 7 printed as 8
        (1, 11, {"seq": "8"}, "table.sequence_gap", ("6", "8")),
    ],
)
def test_planted_table_defects_are_found_as_in_docx(school, number, row, changes, code, values):
    from nianbao.documents.render import render_docx, render_pdf

    report = _with_row(school, number, row, **changes)
    pdf = _table_findings(render_pdf(report), "x.pdf")
    assert any(c == code and v == values for c, _, v in pdf), pdf
    assert pdf == _table_findings(render_docx(report), "x.docx")


def test_fractional_count_and_caption_in_location(school):
    from nianbao.documents.render import render_pdf

    report = _with_row(school, 4, 1, values=("46.5",))  # 接收国外留学生人数 46.5 人
    findings = check_bytes(render_pdf(report), "x.pdf", rules=["table"])
    hit = next(f for f in findings if f.code == "table.fractional_count")
    assert _compact(hit.location.table_caption) == "附表4国际影响表"
    assert (hit.location.row, hit.location.col) == (3, 4)


# --- clean reports and text checks --------------------------------------------------------------


def _errors(content: bytes, name: str) -> set[tuple[str, tuple[str, ...]]]:
    return {(f.code, f.values) for f in check_bytes(content, name) if f.severity == "error"}


def test_clean_school_report_has_no_error_beyond_docx(school, school_pdf):
    from nianbao.documents.render import render_docx

    pdf = _errors(school_pdf, "x.pdf")
    # Wrapped body lines starting with a number ("7 项。…") are not headings.
    assert not [e for e in pdf if e[0].startswith("numbering")]
    # The appendix data of the sample trips the same table rule in DOCX: nothing more here.
    assert pdf == _errors(render_docx(school), "x.docx")


def test_clean_provincial_report_has_no_error_beyond_docx():
    from nianbao.demo.samples import sample_provincial_report
    from nianbao.documents.render import render_docx, render_pdf

    report = sample_provincial_report()
    pdf = _errors(render_pdf(report), "x.pdf")
    assert not [e for e in pdf if not e[0].startswith("table.")]
    assert pdf == _errors(render_docx(report), "x.docx")


def test_text_checks_on_the_pdf_still_work(school):
    from nianbao.documents.model import Paragraph
    from nianbao.documents.render import render_pdf

    chapter = school.chapters[1]
    blocks = (*chapter.blocks[:2], Paragraph(PERCENT_WRONG), *chapter.blocks[2:])
    report = dataclasses.replace(
        school, chapters=(school.chapters[0], dataclasses.replace(chapter, blocks=blocks))
    )
    pdf = render_pdf(report)
    doc = read_bytes(pdf, "x.pdf")
    findings = check_bytes(pdf, "x.pdf", rules=["percent"])
    assert [f.code for f in findings] == ["percent.mismatch"]
    assert any(isinstance(b, Heading) and b.text.startswith("1.1") for b in doc.blocks)


def test_without_poppler_the_text_layer_is_still_read(school_pdf, monkeypatch):
    monkeypatch.setattr("nianbao.checker.readers.pdf.shutil.which", lambda name: None)
    doc = read_bytes(school_pdf, "report.pdf")
    assert not doc.tables() and any(isinstance(b, Heading) for b in doc.blocks)


# --- the layout reader on its own ---------------------------------------------------------------

TOC = """\
前言 . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . 1
1 人才培养 . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . 2
        1.1 人才培养工作举措之 1 . . . . . . . . . . . . . . . . . . . . . . . . . . . . 2
附表 1 人才培养质量计分卡 . . . . . . . . . . . . . . . . . . . . . . . . . . . . . 33
附表 2 满意度调查         . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . 33
"""

FIGURES = """\
                                          图目录
图 1-1 近五年人才培养主要指标变化（单位：人）       3
图 1-2 近五年人才培养主要指标变化（单位：人）       5
图 2-1 序号    指标    单位 变化                    9
图 2-2 毕业生人数      2023   2024                 11
"""

PROSE = """\
    学校坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德
树人根本任务。2025 年，学校毕业去向落实率达到   93.6%，较上年提高  1.2  个百分点。
项目  数量  比例  学校与 32 家企业共建产业学院和实训基地，企业投入设备值 1,260 万元。
学生在全国职业院校技能大赛中获一等奖   2   项、二等奖   5   项、三等奖   7   项。
"""


@pytest.mark.parametrize("text", [TOC, FIGURES, PROSE])
def test_contents_lists_and_justified_prose_are_not_tables(text):
    assert find_tables(text.splitlines(), min_rows=1) == []


def test_wrapped_names_rejoin_their_rows():
    centred = """\
序号         指标           单位       2025 年     调查人次       调查方式
 1   在校生满意度              %          85.15     90012   网络问卷调查
       公共基础课（不含思想政
                        %           90.14     90012   网络问卷调查
     治课）教学满意度
       专业课教学满意度         %           90.25     90012   网络问卷调查
"""
    (table,) = find_tables(centred.splitlines())
    assert table.rows[1] == ("", "公共基础课（不含思想政治课）教学满意度", "%", "90.14", "90012",
                             "网络问卷调查")  # fmt: skip
    # Top-aligned cells, laid out as poppler does (one grid column per character).
    top = [
        "序号".ljust(7) + "指标".ljust(23) + "单位".ljust(8) + "2025 年",
        "1".ljust(7) + "职业技能等级证书（含职业".ljust(23) + "人".ljust(8) + "73859".rjust(6),
        " " * 7 + "资格证书）获取人数",
        "2".ljust(7) + "企业提供的校内实践教学设备值".ljust(23) + "万元".ljust(6) + "14690.24",
        " " * 30 + "学时".ljust(6) + "3780964",
    ]
    (table,) = find_tables(top)
    assert [r[1] for r in table.rows] == [
        "职业技能等级证书（含职业资格证书）获取人数", "企业提供的校内实践教学设备值", ""
    ]  # fmt: skip
    assert table.rows[2][2:] == ("学时", "3780964")


def _at(stops: tuple[int, ...], *cells: str) -> str:
    """A line with each cell starting at a display column (CJK characters two wide)."""
    out = ""
    for stop, cell in zip(stops, cells, strict=True):
        if cell:
            out += " " * max(stop - display_width(out), 2 if out else 0) + cell
    return out


def test_display_width_layout_is_understood():
    stops = (0, 6, 40, 48)
    lines = [_at(stops, "序号", "指标", "单位", "2025年"), _at(stops, "1", "毕业生人数", "人", "3000"),
             _at(stops, "", "其中：毕业生升学人数", "人", "310"),
             _at(stops, "2", "月收入", "元", "3429.07")]  # fmt: skip
    (table,) = find_tables(lines)
    assert table.rows == [("1", "毕业生人数", "人", "3000"), ("", "其中：毕业生升学人数", "人", "310"),
                          ("2", "月收入", "元", "3429.07")]  # fmt: skip
