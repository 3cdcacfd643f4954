"""DOCX export of tables, cases and pictures: what Word and LibreOffice read back from the XML."""

import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from nianbao.demo.samples import sample_photo_png
from nianbao.documents.model import (
    Attachment,
    Case,
    Chapter,
    DataRow,
    DataTable,
    Figure,
    ReportDocument,
    TableBlock,
)
from nianbao.documents.render import render_docx
from nianbao.documents.render.layout import appendix_widths_cm

_TABLE = TableBlock(
    "schools",
    "各地市学校数",
    ("序号", "地市", "学校数（所）"),
    (("1", "青川市", "9"), ("2", "云州市", "12")),
)
_BREAKDOWN = DataTable(
    1,
    "employment",
    "就业情况",
    ("2025年",),
    (
        DataRow("1", "毕业生人数", "人", ("1200",)),
        DataRow("", "面向第一产业", "人", ("100",), depth=1),
        DataRow("", "农林牧渔业", "人", ("60",), depth=2),
        DataRow("2", "毕业去向落实率", "%", ("93.6",)),
    ),
)


def _render(*blocks, appendix=(), declaration=None):
    doc = ReportDocument(
        title="《测试年报》",
        organisation_name="测试学院",
        year_label="2025年度",
        chapters=(Chapter("人才培养", blocks),),
        appendix=appendix,
        declaration=declaration,
    )
    return Document(io.BytesIO(render_docx(doc)))


def _table_with(word, text):
    for table in word.tables:
        if any(text in cell.text for cell in table._cells):
            return table
    raise AssertionError(text)


@pytest.fixture(scope="module")
def word():
    case = Case("visit", "校企合作案例", ("学校与企业共建实训基地。",))
    return _render(_TABLE, case, appendix=(_BREAKDOWN,))


def test_header_row_is_bold_centred_shaded_and_repeated_on_every_page(word):
    table = _table_with(word, "青川市")
    header, first, _ = table.rows
    assert header._tr.xpath("./w:trPr/w:tblHeader/@w:val") == ["true"]
    assert first._tr.trPr is None
    for cell in header.cells:
        paragraph = cell.paragraphs[0]
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert [run.bold for run in paragraph.runs] == [True]
        assert cell._tc.xpath("./w:tcPr/w:shd/@w:fill") == ["D9E2F3"]
    assert all(not run.bold for cell in first.cells for run in cell.paragraphs[0].runs)
    assert all(not cell._tc.xpath("./w:tcPr/w:shd") for cell in first.cells)


def test_table_uses_word_styles_and_aligns_numbers_right_and_text_centred(word):
    table = _table_with(word, "青川市")
    assert table.style.name == "Table Grid"
    row = table.rows[1]
    assert [c.paragraphs[0].style.name for c in row.cells] == ["Table Text"] * 3
    assert [c.paragraphs[0].alignment for c in row.cells] == [
        WD_ALIGN_PARAGRAPH.CENTER,  # 序号
        WD_ALIGN_PARAGRAPH.CENTER,  # text
        WD_ALIGN_PARAGRAPH.RIGHT,  # numbers
    ]
    assert [c.text for c in row.cells] == ["1", "青川市", "9"]


def test_table_caption_keeps_with_its_table(word):
    captions = [p for p in word.paragraphs if p.style.name == "Caption"]
    assert [p.text for p in captions] == ["表 1-1 各地市学校数"]
    assert captions[0].paragraph_format.keep_with_next


def test_appendix_column_widths_are_in_the_cells_for_word_and_the_grid_for_libreoffice(word):
    table = _table_with(word, "毕业生人数")
    expected = [Cm(w).twips for w in appendix_widths_cm(_BREAKDOWN, total_cm=15.4)]
    assert [column.width.twips for column in table.columns] == expected
    for row in table.rows:
        assert [cell.width.twips for cell in row.cells] == expected
    assert table._tbl.xpath("./w:tblPr/w:tblLayout/@w:type") == ["fixed"]


def test_breakdown_rows_indent_the_indicator_two_characters_per_level(word):
    table = _table_with(word, "毕业生人数")
    indents = {
        row.cells[1].text: [c.paragraphs[0].paragraph_format.left_indent for c in row.cells]
        for row in table.rows[1:]
    }
    assert indents["毕业生人数"] == [None] * 4
    assert indents["其中：面向第一产业"] == [None, Pt(21), None, None]
    assert indents["农林牧渔业"] == [None, Pt(42), None, None]
    assert indents["毕业去向落实率"] == [None] * 4


def test_case_is_a_bordered_shaded_box_with_a_bold_numbered_title(word):
    box = _table_with(word, "校企合作案例")
    (cell,) = box._cells
    assert cell._tc.xpath("./w:tcPr/w:shd/@w:fill") == ["EEF3FA"]
    edges = cell._tc.xpath("./w:tcPr/w:tcBorders/*")
    assert [e.tag for e in edges] == [qn(f"w:{s}") for s in ("top", "left", "bottom", "right")]
    assert {e.get(qn("w:val")) for e in edges} == {"single"}
    title, body = cell.paragraphs
    assert title.text == "案例 1-1 校企合作案例"
    assert title.paragraph_format.keep_with_next
    assert all(run.bold for run in title.runs)
    assert body.style.name == "Body Text" and body.text == "学校与企业共建实训基地。"


def test_cell_text_keeps_markup_characters_and_drops_what_xml_cannot_hold():
    rows = (("1", "<b>校企 & 合作</b>", "第一行\x0b第二行\x00"), ("2", "甲\t乙\n丙", " 前后空格 "))
    word = _render(TableBlock("odd", "特殊字符", ("序号", "项目", "说明"), rows))
    table = _table_with(word, "校企")
    assert [c.text for c in table.rows[1].cells] == ["1", "<b>校企 & 合作</b>", "第一行第二行"]
    assert [c.text for c in table.rows[2].cells] == ["2", "甲\t乙\n丙", " 前后空格 "]


def test_pictures_get_distinct_shape_ids_and_identical_images_share_one_part():
    photo = sample_photo_png()
    declaration = Attachment("声明.png", photo, "image/png")
    figures = [Figure(f"p{i}", f"照片{i}", image=photo) for i in range(3)]
    word = _render(*figures, declaration=declaration)
    body = word.element.body
    ids = [int(i) for i in body.xpath(".//wp:docPr/@id")]
    assert len(ids) == 4 and len(set(ids)) == 4
    embeds = body.xpath(".//a:blip/@r:embed")
    assert len(set(embeds)) == 1
    assert word.part.related_parts[embeds[0]].blob == photo
    holders = [p for p in word.paragraphs if p._p.xpath(".//w:drawing")]
    assert len(holders) == 4
    assert all(p.paragraph_format.keep_with_next for p in holders[1:])  # figures, not the scan
