"""Numbering of chapters, headings and 图/表/案例, reference resolution and inline runs."""

import pytest

from nianbao.documents.model import (
    Case,
    Chapter,
    DocumentError,
    Figure,
    Heading,
    Paragraph,
    ReportDocument,
    TableBlock,
    format_value,
    number_items,
    resolve_references,
)
from nianbao.documents.render.inline import inline_runs


def _doc(*chapters: Chapter) -> ReportDocument:
    return ReportDocument(
        title="《测试年报》", organisation_name="测试学院", year_label="2025", chapters=chapters
    )


def _fig(key: str) -> Figure:
    return Figure(key, f"图题{key}", image=b"png")


def _table(key: str) -> TableBlock:
    return TableBlock(key, f"表题{key}", ("a",), (("1",),))


def _case(key: str) -> Case:
    return Case(key, f"案例{key}", ("正文",))


def test_items_are_numbered_per_chapter_and_restart_in_each_chapter():
    doc = _doc(
        Chapter("前言", (Paragraph("序"),), numbered=False),
        Chapter("人才培养", (_fig("a"), _table("t1"), _fig("b"), _case("c1"))),
        Chapter("服务贡献", (_table("t2"), _fig("c"), _case("c2"), _case("c3"))),
    )
    numbering = number_items(doc)
    assert numbering.items == {
        "fig:a": "图 1-1",
        "table:t1": "表 1-1",
        "fig:b": "图 1-2",
        "case:c1": "案例 1-1",
        "table:t2": "表 2-1",
        "fig:c": "图 2-1",
        "case:c2": "案例 2-1",
        "case:c3": "案例 2-2",
    }
    assert numbering.chapters == {0: "", 1: "1", 2: "2"}


def test_headings_are_numbered_within_their_chapter():
    doc = _doc(
        Chapter("人才培养", (Heading(2, "立德树人"), Heading(3, "思政"), Heading(3, "劳育"))),
        Chapter("服务贡献", (Heading(2, "服务行业"), Heading(2, "服务地方"), Heading(3, "乡村"))),
    )
    assert list(number_items(doc).headings.values()) == [
        "1.1",
        "1.1.1",
        "1.1.2",
        "2.1",
        "2.2",
        "2.2.1",
    ]


@pytest.mark.parametrize(
    ("chapters", "message"),
    [
        ((Chapter("一", (_fig("x"), _fig("x"))),), "fig:x"),
        ((Chapter("一", (_case("k"),)), Chapter("二", (_case("k"),))), "case:k"),
        ((Chapter("前言", (_table("t"),), numbered=False),), "前言"),
        ((Chapter("一", (Heading(4, "太深"),)),), "标题级别"),  # type: ignore[arg-type]
    ],
)
def test_invalid_structures_are_refused_with_a_chinese_message(chapters, message):
    with pytest.raises(DocumentError, match=message):
        number_items(_doc(*chapters))


def test_references_are_replaced_by_current_numbers():
    numbering = number_items(
        _doc(Chapter("一", (_table("t"), _fig("f"))), Chapter("二", (_fig("g"),)))
    )
    text = "如[[fig:g]]和[[table:t]]所示，另见[[fig:f]]。"
    assert resolve_references(text, numbering) == "如图 2-1和表 1-1所示，另见图 1-1。"


def test_unknown_reference_raises_naming_the_key():
    numbering = number_items(_doc(Chapter("一", (_fig("f"),))))
    with pytest.raises(DocumentError, match="不存在的案例：case:missing"):
        resolve_references("见[[case:missing]]", numbering)


def test_moving_an_item_renumbers_its_references():
    before = _doc(Chapter("一", (_fig("a"), _fig("b"))))
    after = _doc(Chapter("一", (_fig("b"), _fig("a"))))
    text = "见[[fig:a]]"
    assert resolve_references(text, number_items(before)) == "见图 1-1"
    assert resolve_references(text, number_items(after)) == "见图 1-2"


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("普通文字", [("普通文字", False)]),
        ("前**加粗**后", [("前", False), ("加粗", True), ("后", False)]),
        ("**全部**", [("全部", True)]),
        ("单个**星号", [("单个**星号", False)]),
        ("a**b**c**d", [("a", False), ("b", True), ("c**d", False)]),
        ("见[[fig:f]]**重点**", [("见图 1-1", False), ("重点", True)]),
    ],
)
def test_inline_runs_split_bold_and_resolve_references(text, runs):
    numbering = number_items(_doc(Chapter("一", (_fig("f"),))))
    assert inline_runs(text, numbering) == runs


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, ""), ("网络问卷调查", "网络问卷调查"), (12, "12"), (1.5, "1.5")],
)
def test_format_value(value, expected):
    assert format_value(value) == expected


def test_format_value_prints_decimals_without_exponent():
    from decimal import Decimal

    assert format_value(Decimal("1E+3")) == "1000"
    assert format_value(Decimal("3429.07")) == "3429.07"


def _names(rows):
    from nianbao.documents.model import DataRow, DataTable

    table = DataTable(
        1,
        "scorecard",
        "人才培养质量计分卡",
        ("2025年",),
        tuple(DataRow(seq, name, "人", ("1",), depth) for seq, name, depth in rows),
    )
    return [r.name for r in table.display_rows()]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # first breakdown row under a top-level row gets 其中, the following ones do not
        (
            [
                ("5", "就业人数", 0),
                ("", "面向第一产业", 1),
                ("", "面向第二产业", 1),
                ("6", "创业率", 0),
            ],
            ["就业人数", "其中：面向第一产业", "面向第二产业", "创业率"],
        ),
        # nested breakdowns follow without a second 其中
        (
            [("2", "落实人数", 0), ("", "升学人数", 1), ("", "升入本科人数", 2)],
            ["落实人数", "其中：升学人数", "升入本科人数"],
        ),
        # names that already carry 其中 and blank second-value rows are left alone
        (
            [("2", "落实人数", 0), ("", "其中：升学人数", 1), ("5", "课程总数", 0), ("", "", 0)],
            ["落实人数", "其中：升学人数", "课程总数", ""],
        ),
        # a new group after a top-level row opens with 其中 again
        (
            [("1", "甲", 0), ("", "甲一", 1), ("2", "乙", 0), ("", "乙一", 1)],
            ["甲", "其中：甲一", "乙", "其中：乙一"],
        ),
    ],
)
def test_appendix_rows_print_qizhong_on_the_first_breakdown_row(rows, expected):
    assert _names(rows) == expected
