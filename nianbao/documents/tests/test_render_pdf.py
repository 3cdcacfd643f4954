"""PDF export through Typst: structure, numbering, Chinese text, literal user text."""

import io
from dataclasses import replace

import pytest
import typst
from pypdf import PdfReader

from nianbao.demo.samples import sample_school_report
from nianbao.documents.fonts import cjk_font_dirs
from nianbao.documents.model import (
    Attachment,
    Case,
    Chapter,
    ChartSeries,
    ChartSpec,
    DocumentError,
    Figure,
    Heading,
    Paragraph,
    ReportDocument,
    TableBlock,
)
from nianbao.documents.render import render_pdf


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def school_pages():
    return _text(render_pdf(sample_school_report()))


def _small(*blocks, declaration=None) -> ReportDocument:
    return ReportDocument(
        title="《测试职业学院质量年度报告（2025）》",
        organisation_name="测试职业学院",
        year_label="2025",
        date_label="2025年12月",
        declaration=declaration,
        chapters=(Chapter("人才培养", tuple(blocks)),),
    )


def test_school_report_has_a_sensible_page_count(school_pages):
    assert 25 <= len(school_pages) <= 80


def test_cover_then_declaration_then_preface_then_contents(school_pages):
    assert "山西示范职业技术学院高等职业教育质量" in school_pages[0].replace("\n", "")
    assert school_pages[1].strip() == ""  # the declaration scan is an image only
    assert school_pages[2].startswith("前言")  # 前言 opens the Roman-numbered front matter
    assert school_pages[2].strip().endswith("I")
    assert "目 录" in school_pages[3] or "目  录" in school_pages[3]


def test_lists_and_captions_carry_their_numbers(school_pages):
    text = "\n".join(school_pages)
    for heading in ("图目录", "表目录", "案例目录"):
        assert heading in text
    for label in ("图 1-1", "图 6-1", "表 2-1", "案例 1-2", "案例 6-1"):
        assert text.count(label) >= 2, label  # in its list and at the item itself


def test_body_text_is_chinese_and_references_are_resolved(school_pages):
    text = "".join(school_pages).replace("\n", "")
    assert "人才培养" in text and "服务贡献" in text
    assert "相关统计数据见表 1-1。" in text
    assert "[[" not in text


def test_appendix_prints_the_six_tables_with_the_organisation_line(school_pages):
    text = "".join(school_pages)
    for title in (
        "人才培养质量计分卡",
        "满意度调查",
        "教学资源表",
        "国际影响表",
        "服务贡献表",
        "政策落实表",
    ):
        assert title in text
    assert text.count("名称：山西示范职业技术学院(14999)") == 6
    assert "网络问卷调查" in text


def test_body_pages_are_numbered_from_one(school_pages):
    body_start = next(i for i, t in enumerate(school_pages) if "— 1 —" in t)
    assert "\n1 人才培养\n" in school_pages[body_start]  # under the running header
    assert "— 2 —" in school_pages[body_start + 1]
    assert any("目 录" in t or "目  录" in t for t in school_pages[:body_start])


def test_pdf_page_labels_match_the_printed_numbers():
    pdf = render_pdf(sample_school_report())
    labels = PdfReader(io.BytesIO(pdf)).page_labels
    first_body = labels.index("1")
    assert labels[first_body - 1] in {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
    assert labels[2] == "I"  # 前言, after the cover and the declaration


HOSTILE = [
    "#set page(width: 1cm)",
    "$x^2$",
    "*不是粗体*",
    "_不是斜体_",
    "@ref",
    "<label>",
    "[括号]",
    "反斜杠\\n",
    '#import "x.typ": *',
    "`code`",
    "// 注释",
]


def test_typst_special_characters_in_user_text_print_literally():
    blocks = [
        Heading(2, "标题#含$特殊*字符"),
        *(Paragraph(f"第{i}段：{s}。") for i, s in enumerate(HOSTILE)),
        TableBlock("t", "表题_含<符号>", ("列#1", "列$2"), (("@a", "[b]"),)),
        Case("c", "案例*标题*", ("正文 #strong[x]",)),
    ]
    # Typst puts thin spaces between Chinese and Latin text; compare without whitespace.
    text = _squash("".join(_text(render_pdf(_small(*blocks)))))
    for i, snippet in enumerate(HOSTILE):
        assert _squash(f"第{i}段：{snippet}。") in text, snippet
    for snippet in (
        "标题#含$特殊*字符",
        "表题_含<符号>",
        "列#1",
        "列$2",
        "@a",
        "[b]",
        "案例*标题*",
        "#strong[x]",
    ):
        assert snippet in text, snippet


def _squash(text: str) -> str:
    return "".join(text.split())


def test_bold_markers_are_removed_and_text_kept():
    text = "".join(_text(render_pdf(_small(Paragraph("普通**重点内容**结尾"))))).replace("\n", "")
    assert "普通重点内容结尾" in text
    assert "**" not in text


def test_chart_figures_are_rendered_and_captioned():
    chart = ChartSpec(
        "line", ("2024年", "2025年"), (ChartSeries("人数", (10.0, 12.0)),), unit="人数"
    )
    pdf = render_pdf(_small(Figure("f", "在校生人数变化", chart=chart)))
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "图 1-1 在校生人数变化" in text
    # Vector chart: its axis labels are text in the PDF, and there is no raster image.
    assert "2025年" in text and "单位：人数" in text
    assert not [img for page in reader.pages for img in page.images]


def test_pdf_declaration_pages_are_inserted_after_the_cover():
    declaration_pdf = typst.compile(
        b'#set text(font: "Noto Sans CJK SC")\nDECL-PAGE-ONE\n#pagebreak()\nDECL-PAGE-TWO',
        font_paths=list(cjk_font_dirs()),
    )
    attachment = Attachment("声明.pdf", declaration_pdf, "application/pdf")
    without = _text(render_pdf(_small(Paragraph("正文"))))
    pages = _text(render_pdf(_small(Paragraph("正文"), declaration=attachment)))
    assert len(pages) == len(without) + 2
    assert "DECL-PAGE-ONE" in pages[1] and "DECL-PAGE-TWO" in pages[2]
    assert "测试职业学院" in pages[0]


def test_broken_pdf_declaration_is_reported_in_chinese():
    attachment = Attachment("声明.pdf", b"not a pdf", "application/pdf")
    with pytest.raises(DocumentError, match="内容真实性责任声明"):
        render_pdf(_small(Paragraph("正文"), declaration=attachment))


def test_unknown_reference_stops_the_pdf_naming_the_key():
    with pytest.raises(DocumentError, match="fig:absent"):
        render_pdf(_small(Paragraph("见[[fig:absent]]")))


def test_figure_without_image_or_chart_is_refused():
    with pytest.raises(DocumentError, match="fig:empty"):
        render_pdf(_small(Figure("empty", "空图")))


def test_row_with_wrong_width_is_refused():
    doc = replace(_small(TableBlock("t", "表", ("a", "b"), (("1",),))))
    with pytest.raises(DocumentError, match="table:t"):
        render_pdf(doc)


def _keep_together_pages(filler: int) -> list[str]:
    prose = Paragraph("本段为正文，说明学校毕业生去向落实情况。")
    rows = tuple((f"R{i:02d}", str(100 + i), "人") for i in range(1, 21))
    case_body = ("学校与企业共建实训基地，2025年培养学生120人，就业率达到98%。" * 3,)
    doc = _small(
        *[prose] * filler,
        TableBlock("detail", "毕业去向明细", ("项目", "数值", "单位"), rows),
        *[prose] * filler,
        Case("school", "校企合作育人", case_body),
    )
    return ["".join(page.split()) for page in _text(render_pdf(doc))]


def _body_page(pages: list[str], marker: str) -> int:
    # The last page naming it: the first may be the 表目录/案例目录 entry.
    return max(i for i, page in enumerate(pages) if marker in page)


def test_table_caption_and_case_title_are_never_left_at_a_page_foot():
    """Prose of growing length pushes a 20-row table and a case across a page end: the caption
    and header stay with the first three rows, the case title with its body."""
    caption_pages = set()
    for filler in range(16, 34):
        pages = _keep_together_pages(filler)
        caption = _body_page(pages, "表1-1毕业去向明细")
        assert "项目数值单位" in pages[caption], filler
        assert all(f"R0{i}" in pages[caption] for i in (1, 2, 3)), filler
        title = _body_page(pages, "案例1-1校企合作育人")
        assert "学校与企业共建实训基地" in pages[title], filler
        caption_pages.add(caption)
    assert len(caption_pages) > 1  # the sweep did cross a page end
