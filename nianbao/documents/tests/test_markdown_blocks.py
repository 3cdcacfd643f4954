"""Pure: no database."""

from nianbao.documents.markdown_blocks import markdown_blocks
from nianbao.documents.model import Heading, Paragraph


def test_headings_paragraphs_and_lists_become_blocks():
    blocks = markdown_blocks(
        "## 1.1 概况\n\n第一行\n第二行\n\n- 条目一\n- 条目二 [[fig:fig1]]\n\n### 细节\n**重点**<b>x</b>"
    )
    assert blocks == [
        Heading(2, "1.1 概况"),
        Paragraph("第一行第二行"),
        Paragraph("条目一"),
        Paragraph("条目二 [[fig:fig1]]"),
        Heading(3, "细节"),
        Paragraph("**重点**x"),
    ]


def test_links_keep_their_address_and_empty_text_gives_nothing():
    assert markdown_blocks("[学校官网](https://www.qczy.edu.cn)") == [
        Paragraph("学校官网（https://www.qczy.edu.cn）")
    ]
    assert markdown_blocks("  \n\n") == []
