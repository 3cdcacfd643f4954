"""The DOCX reader on documents written the way Word and WPS save them."""

import pytest

from nianbao.checker import check_bytes, read_bytes
from nianbao.checker.model import Caption, Heading, ListEntry, Table
from nianbao.checker.tests import word_xml as wx


def _report(*, second_case: str = "1") -> bytes:
    return wx.docx([
        wx.para(wx.run("目录")),
        wx.toc_line("1 人才培养", "1"),
        wx.toc_line("1.1 学生发展", "1", 2),
        wx.toc_line("2 服务贡献", "3"),
        wx.heading("人才培养", 1),
        wx.heading("学生发展", 2),
        wx.para(wx.run("学校深化产教融合，见案例 1-1；学生情况见表 1-1。")),
        wx.textbox([
            wx.caption("案例", "1", "1", "产教融合育人"),
            wx.para(wx.run("学校与企业共建实训基地 12 个，培养学生 300 人。")),
        ]),
        wx.caption("表", "1", "1", "学生情况"),
        wx.table([
            [wx.cell("类别"), wx.cell("项目"), wx.cell("人数")],
            [wx.cell("在校生", "restart"), wx.cell("男"), wx.cell("600")],
            [wx.cell("", "continue"), wx.cell("女"), wx.cell("500")],
        ]),
        wx.heading("质量保障", 2),
        wx.table([[wx.cell("")]]),
        wx.heading("服务贡献", 1),
        wx.heading("社会培训", 2),
        wx.para(wx.run("案例")),
        wx.table([[wx.cell("")]]).replace(
            "<w:p/>", wx.caption("案例", second_case, "2", "送教下乡").replace("w:pStyle", "w:pStyle")
        ),
    ])  # fmt: skip


def test_heading_numbers_come_from_list_numbering():
    doc = read_bytes(_report(), "r.docx")
    heads = [(b.level, b.number) for b in doc.blocks if isinstance(b, Heading)]
    assert heads == [(1, "1"), (2, "1.1"), (2, "1.2"), (1, "2"), (2, "2.1")]


def test_toc_field_lines_are_entries_with_pages():
    doc = read_bytes(_report(), "r.docx")
    entries = [b for b in doc.blocks if isinstance(b, ListEntry)]
    assert [(e.title, e.page) for e in entries] == [
        ("1 人才培养", 1), ("1.1 学生发展", 1), ("2 服务贡献", 3)
    ]  # fmt: skip


def test_field_captions_and_text_box_are_read_once():
    doc = read_bytes(_report(), "r.docx")
    caps = [(b.kind, b.number, b.title) for b in doc.blocks if isinstance(b, Caption)]
    assert caps == [("案例", (1, 1), "产教融合育人"), ("表", (1, 1), "学生情况"),
                    ("案例", (2, 1), "送教下乡")]  # fmt: skip


def test_vertically_merged_cell_holds_its_value_once():
    doc = read_bytes(_report(), "r.docx")
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert table.rows[1] == ("在校生", "男", "600")
    assert table.rows[2] == ("", "女", "500")
    assert table.caption == "表 1-1 学生情况"


def test_clean_word_document_has_no_numbering_or_reference_findings():
    findings = check_bytes(_report(), "r.docx", framework="none")
    assert [f for f in findings if f.code.startswith("numbering")] == []


def test_wrong_case_number_in_a_box_is_found():
    findings = check_bytes(_report(second_case="3"), "r.docx", rules=["numbering"])
    assert [f.code for f in findings if f.severity == "error"] == ["numbering.caption"]


def test_platform_docx_case_boxes_resolve_references():
    django = pytest.importorskip("django")
    assert django
    from nianbao.demo.samples import sample_school_report
    from nianbao.documents.render.docx_report import render_docx

    data = render_docx(sample_school_report())
    doc = read_bytes(data, "r.docx")
    cases = [b for b in doc.blocks if isinstance(b, Caption) and b.kind == "案例"]
    assert len(cases) == 8
    findings = check_bytes(data, "r.docx")
    assert [f for f in findings if f.code == "numbering.broken_reference"] == []
