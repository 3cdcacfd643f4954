"""DOCX export: Word styles, fields, fonts, caption numbering, appendix and declaration."""

import io
from dataclasses import replace

import pytest
from docx import Document
from docx.oxml.ns import qn

from nianbao.demo.samples import sample_photo_png, sample_school_report
from nianbao.documents.model import Chapter, DocumentError, Paragraph
from nianbao.documents.render import render_docx


@pytest.fixture(scope="module")
def report():
    return sample_school_report()


@pytest.fixture(scope="module")
def word(report):
    return Document(io.BytesIO(render_docx(report)))


def _body_paragraphs(word):
    return word.paragraphs


def _instructions(word) -> list[str]:
    return [node.text.strip() for node in word.element.body.iter(qn("w:instrText"))]


def test_headings_captions_and_title_use_real_word_styles(word):
    used = {p.style.name for p in word.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "Caption"} <= used
    chapters = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert chapters[:3] == ["前言", "1 人才培养", "2 服务贡献"]
    assert chapters[-1] == "附表"


def test_contents_is_a_toc_field_with_headings_as_cached_result(word):
    instructions = _instructions(word)
    assert 'TOC \\o "1-3" \\h \\z \\u' in instructions
    toc_entries = [p.text for p in word.paragraphs if p.style.name == "toc 1"]
    assert "1 人才培养" in toc_entries
    assert "7 面临挑战" in toc_entries


def test_lists_of_figures_tables_and_cases_are_toc_fields_over_seq_captions(word):
    instructions = _instructions(word)
    for label in ("图", "表", "案例"):
        assert f'TOC \\h \\z \\c "{label}"' in instructions
        assert f"SEQ {label} \\* ARABIC \\s 1" in instructions


def test_every_numbered_item_has_a_seq_field_with_its_number_cached(word, report):
    seq_fields = [i for i in _instructions(word) if i.startswith("SEQ")]
    items = sum(1 for c in report.chapters for b in c.blocks if hasattr(b, "key"))
    assert len(seq_fields) == items == 28  # 10 figures, 10 tables, 8 cases


def test_captions_are_numbered_per_chapter(word):
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    figures = [c.split(" ", 2)[1] for c in captions if c.startswith("图 ")]
    assert figures == ["1-1", "1-2", "1-3", "2-1", "2-2", "3-1", "4-1", "5-1", "5-2", "6-1"]
    tables = [c.split(" ", 2)[1] for c in captions if c.startswith("表 ")]
    assert tables[:4] == ["1-1", "1-2", "1-3", "2-1"]
    case_titles = [
        p.text
        for t in word.tables
        for c in t._cells
        for p in c.paragraphs
        if p.style.name == "Caption"
    ]
    assert case_titles[0].startswith("案例 1-1 ") and case_titles[2].startswith("案例 2-1 ")


def test_reference_placeholders_are_resolved(word):
    text = "\n".join(p.text for p in word.paragraphs)
    assert "[[" not in text
    assert "近五年主要指标的变化情况见图 1-2，" in text
    assert "相关统计数据见表 2-1。" in text


def test_styles_use_the_chinese_standard_font_names_of_word_and_wps(word):
    def east_asia(style_name):
        fonts = word.styles[style_name].element.rPr.find(qn("w:rFonts"))
        return fonts.get(qn("w:eastAsia"))

    assert east_asia("Normal") == "宋体"
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        assert east_asia(name) == "黑体"


def test_body_footer_has_a_page_field_and_header_the_running_title(word):
    body = word.sections[-1]
    footer_instr = [n.text.strip() for n in body.footer._element.iter(qn("w:instrText"))]
    assert footer_instr == ["PAGE"]
    assert body.header.paragraphs[0].text == "山西示范职业技术学院高等职业教育质量年度报告（2025）"
    assert word.sections[0].footer.is_linked_to_previous  # cover: no page number of its own
    assert not word.sections[0].footer.paragraphs[0].text


def test_declaration_image_is_the_first_picture_before_the_contents(word, report):
    body = word.element.body
    order = []
    for paragraph in body.iter(qn("w:p")):
        text = "".join(t.text for t in paragraph.iter(qn("w:t")))
        if paragraph.find(".//" + qn("w:drawing")) is not None:
            order.append("picture")
        elif text == "目  录":
            order.append("contents")
    assert order[:2] == ["picture", "contents"]
    first_blip = next(body.iter(qn("a:blip")))
    part = word.part.related_parts[first_blip.get(qn("r:embed"))]
    assert part.blob == report.declaration.content


def _appendix_table(word, first_header_value):
    for table in word.tables:
        header = [c.text for c in table.rows[0].cells]
        if (
            header[:3] == ["序号", "指标", "单位"]
            and table.rows[1].cells[1].text == first_header_value
        ):
            return table
    raise AssertionError(first_header_value)


def test_appendix_tables_follow_the_printed_layout_with_indented_breakdown_rows(word):
    scorecard = _appendix_table(word, "毕业生人数")
    assert [c.text for c in scorecard.rows[0].cells] == ["序号", "指标", "单位", "2025年"]
    rows = {r.cells[1].text: r for r in scorecard.rows[1:]}
    breakdown = rows["其中：面向第一产业"].cells[1].paragraphs[0].paragraph_format.left_indent
    top = rows["毕业生面向三次产业就业人数"].cells[1].paragraphs[0].paragraph_format.left_indent
    assert breakdown is not None and breakdown.pt > 0
    assert top is None
    assert rows["毕业生人数"].cells[3].text == "120837"
    names = [p.text for p in word.paragraphs if p.text.startswith("名称：")]
    assert names == ["名称：山西示范职业技术学院(14999)"] * 6


def test_satisfaction_table_has_respondents_and_method_columns(word):
    table = _appendix_table(word, "在校生满意度")
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "指标",
        "单位",
        "2025年",
        "调查人次",
        "调查方式",
    ]
    assert [c.text for c in table.rows[1].cells][3:] == ["85.15", "90012", "网络问卷调查"]


def test_previous_year_column_is_printed_when_given():
    word = Document(io.BytesIO(render_docx(sample_school_report(previous_year=True))))
    table = _appendix_table(word, "毕业生人数")
    assert [c.text for c in table.rows[0].cells] == ["序号", "指标", "单位", "2024年", "2025年"]


def test_unknown_reference_stops_the_export_naming_the_key(report):
    broken = replace(
        report, chapters=(*report.chapters, Chapter("补充", (Paragraph("见[[table:nope]]"),)))
    )
    with pytest.raises(DocumentError, match="table:nope"):
        render_docx(broken)


def test_pdf_declaration_leaves_a_pointer_in_word(report):
    from nianbao.documents.model import Attachment

    doc = replace(
        report,
        declaration=Attachment("声明.pdf", b"%PDF-1.4", "application/pdf"),
        chapters=report.chapters[:2],
        appendix=(),
    )
    word = Document(io.BytesIO(render_docx(doc)))
    assert any("声明.pdf" in p.text for p in word.paragraphs)


def test_unreadable_image_is_reported_in_chinese(report):
    from nianbao.documents.model import Figure

    doc = replace(report, chapters=(Chapter("一", (Figure("x", "坏图", image=b"not an image"),)),))
    with pytest.raises(DocumentError, match="无法识别的图片格式"):
        render_docx(doc)
    assert sample_photo_png()[:8] == b"\x89PNG\r\n\x1a\n"
