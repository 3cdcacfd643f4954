import io
from pathlib import Path

import pytest

from nianbao.checker import ReadError, check_bytes, read_bytes
from nianbao.checker.model import Caption, Heading, ListEntry, Paragraph, Table

PERCENT_WRONG = "学校专任教师4300人，其中具有高级职称的2100人，占专任教师总数的41.20%。"


def _docx(styled: bool = True) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("图目录")
    doc.add_paragraph("图 1-1 学生活动\t3")
    if styled:
        doc.add_heading("第一章 人才培养", level=1)
        doc.add_heading("1.1 学生发展", level=2)
    else:
        doc.add_paragraph("第一章 人才培养")
        doc.add_paragraph("1.1 学生发展")
    doc.add_paragraph(PERCENT_WRONG)
    doc.add_paragraph("图 1-1 学生活动", style="Caption")
    doc.add_paragraph("附表 1 计分卡")
    table = doc.add_table(rows=3, cols=4)
    for i, row in enumerate([["序号", "指标", "单位", "2023年"], ["1", "毕业生人数", "人", "3000"],
                             ["", "其中：升学人数", "人", "3100"]]):  # fmt: skip
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize("styled", [True, False])
def test_docx_reader_keeps_headings_captions_and_tables_in_order(styled):
    doc = read_bytes(_docx(styled), "report.docx")
    kinds = [type(b) for b in doc.blocks]
    assert kinds == [Paragraph, ListEntry, Heading, Heading, Paragraph, Caption, Paragraph, Table]
    assert [b.level for b in doc.blocks if isinstance(b, Heading)] == [1, 2]
    table = doc.blocks[-1]
    assert table.caption == "附表 1 计分卡" and table.rows[2][3] == "3100"


def test_docx_findings_have_heading_path_and_table_cell():
    findings = check_bytes(_docx(), "report.docx", rules=["percent", "table"])
    by_code = {f.code: f for f in findings}
    assert by_code["percent.mismatch"].location.label == "第一章 人才培养 > 1.1 学生发展 · 第1段"
    cell = by_code["table.child_exceeds_parent"].location
    assert (cell.table, cell.row, cell.col, cell.table_caption) == (1, 3, 4, "附表 1 计分卡")


def _font_dirs() -> list[str]:
    return [str(p) for p in (Path("/usr/share/fonts"),) if p.is_dir()]


@pytest.mark.parametrize("poppler", [True, False])
def test_pdf_text_layer_is_read_and_checked(poppler, monkeypatch):
    typst = pytest.importorskip("typst")
    if not poppler:  # the pypdf fallback, used where pdftotext is not installed
        monkeypatch.setattr("nianbao.checker.readers.pdf.shutil.which", lambda name: None)
    if not any(Path(d).rglob("*CJK*") for d in _font_dirs()):
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    source = (
        '#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC"), lang: "zh")\n'
        "= 第一章 人才培养\n\n== 1.1 学生发展\n\n"
        + PERCENT_WRONG
        + "\n\n== 1.3 就业质量\n\n学校毕业生就业。\n"
    )
    pdf = typst.compile(source.encode(), format="pdf", font_paths=_font_dirs())
    doc = read_bytes(pdf, "report.pdf")
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert "1.1 学生发展" in headings
    findings = check_bytes(pdf, "report.pdf", rules=["percent", "numbering"])
    assert {f.code for f in findings} == {"percent.mismatch", "numbering.heading"}


def test_pdf_unnumbered_chapter_titles_alone_on_their_line_are_headings(monkeypatch):
    typst = pytest.importorskip("typst")
    if not any(Path(d).rglob("*CJK*") for d in _font_dirs()):
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    # As the platform's PDFs print them: plain bold lines, no number, no heading style.
    source = (
        '#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC"), lang: "zh")\n'
        "#strong[前言]\n\n本报告数据详见附表。\n\n#pagebreak()\n"
        "= 第一章 人才培养\n\n学校毕业生就业。\n\n#pagebreak()\n"
        "#strong[后记]\n\n感谢各校。\n"
    )
    pdf = typst.compile(source.encode(), format="pdf", font_paths=_font_dirs())
    doc = read_bytes(pdf, "report.pdf")
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings == ["前言", "第一章 人才培养", "后记"]
    assert "本报告数据详见附表。" in [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def test_text_unnumbered_titles_satisfy_the_framework_only_when_alone():
    text = "前言\n本报告说明前言与后记的写法。\n第一章 人才培养\n学校培养学生。\n后记\n"
    doc = read_bytes(text.encode(), "report.txt")
    assert [b.text for b in doc.blocks if isinstance(b, Heading)] == [
        "前言", "第一章 人才培养", "后记"
    ]  # fmt: skip


def test_markdown_headings_and_pipe_tables():
    md = ("# 第一章 人才培养\n\n## 1.1 学生发展\n\n1. 学校坚持立德树人\n\n"
          "| 序号 | 指标 | 单位 | 2023年 |\n|---|---|---|---|\n| 1 | 毕业生人数 | 人 | 3000 |\n")  # fmt: skip
    doc = read_bytes(md.encode(), "r.md")
    assert [type(b) for b in doc.blocks] == [Heading, Heading, Paragraph, Table]
    assert doc.blocks[3].rows[1] == ("1", "毕业生人数", "人", "3000")


def test_gb18030_text_is_decoded():
    doc = read_bytes("第一章 人才培养\n学校专任教师600人。".encode("gb18030"), "r.txt")
    assert isinstance(doc.blocks[0], Heading)


@pytest.mark.parametrize(("content", "name"), [(b"x", "report.xls"), (b"not a zip", "r.docx"),
                                               (b"%PDF-broken", "r.pdf")])  # fmt: skip
def test_unreadable_or_unknown_files_raise_read_error_in_chinese(content, name):
    with pytest.raises(ReadError, match="文件"):
        read_bytes(content, name)
