"""Pure helpers: no database."""

import pytest

from nianbao.reports.text import (
    count_chars,
    has_quantitative_evidence,
    markdown_to_html,
    parse_table_text,
    sniff_declaration,
    sniff_image,
    sniff_report,
    url_on_site,
    url_problem,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("校企 合作\n共建", 6), ("  ", 0), ("", 0), ("abc 123", 6), ("案例\t一", 3)],
)
def test_characters_are_counted_without_whitespace(text, expected):
    assert count_chars(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("毕业生就业率达到95%", True),
        ("培养了三百名学生", True),
        ("共建五个实训基地", True),
        ("学校高度重视，成效显著", False),
        ("", False),
    ],
)
def test_quantitative_evidence_is_detected(text, expected):
    assert has_quantitative_evidence(text) is expected


def test_markdown_is_rendered_without_script_or_event_handlers():
    html = markdown_to_html(
        "## 标题\n\n**粗体**<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>"
    )
    assert "<h2>标题</h2>" in html
    assert "<strong>粗体</strong>" in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html


@pytest.mark.parametrize(
    ("data", "image", "declaration"),
    [
        (b"\x89PNG\r\n\x1a\nrest", "image/png", "image/png"),
        (b"\xff\xd8\xff\xe0rest", "image/jpeg", "image/jpeg"),
        (b"%PDF-1.7\n", None, "application/pdf"),
        (b"GIF89a", None, None),
        (b"<html>png</html>", None, None),
    ],
)
def test_files_are_recognised_by_content(data, image, declaration):
    assert sniff_image(data) == image
    assert sniff_declaration(data) == declaration


def test_report_file_must_be_pdf_or_a_real_docx():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("xl/workbook.xml", "<x/>")
    assert sniff_report(buffer.getvalue()) == "docx"
    assert sniff_report(b"%PDF-1.4 x") == "pdf"
    assert sniff_report(other.getvalue()) is None
    assert sniff_report(b"PK\x03\x04broken") is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://www.qczy.edu.cn/nb/2025.html", None),
        ("http://qczy.edu.cn/a", None),
        ("", "未填写年报发布网址"),
        ("ftp://qczy.edu.cn/a", "年报发布网址须以 http:// 或 https:// 开头"),
        ("www.qczy.edu.cn", "年报发布网址须以 http:// 或 https:// 开头"),
        ("https://localhost/a", "年报发布网址格式不正确"),
        ("https:///path", "年报发布网址格式不正确"),
    ],
)
def test_publication_url_must_be_well_formed_http(url, problem):
    assert url_problem(url) == problem


@pytest.mark.parametrize(
    ("url", "website", "on_site"),
    [
        ("https://www.qczy.edu.cn/nb", "https://www.qczy.edu.cn", True),
        ("https://nianbao.qczy.edu.cn/2025", "https://www.qczy.edu.cn", True),
        ("https://www.other.edu.cn/nb", "https://www.qczy.edu.cn", False),
        ("https://mp.weixin.qq.com/s/x", "https://www.qczy.edu.cn", False),
        ("https://anything.example/x", "", True),
    ],
)
def test_publication_url_is_compared_with_the_school_site(url, website, on_site):
    assert url_on_site(url, website) is on_site


def test_tables_are_parsed_from_pipes_tabs_and_padded():
    columns, rows = parse_table_text("| 专业 | 人数 |\n|---|---|\n| 机电 | 120 |\n汽修\t80\t备注\n")
    assert columns == ["专业", "人数", ""]
    assert rows == [["机电", "120", ""], ["汽修", "80", "备注"]]
    assert parse_table_text("  \n") == ([], [])
