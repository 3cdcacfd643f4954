"""Table-driven tests of the table, numbering, framework and case rules."""

import pytest

from nianbao.checker.tests.helpers import codes, run

HEAD = "序号\t指标\t单位\t2023年\n"
TABLES = [
    (HEAD + "1\t毕业生人数\t人\t3000\n\t其中：升学人数\t人\t3100\n", ["table.child_exceeds_parent"]),
    (HEAD + "1\t毕业生人数\t人\t3000\n\t其中：升学人数\t人\t600\n", []),
    (HEAD + "1\t就业人数\t人\t100\n\t其中：面向第一产业\t人\t10\n\t面向第二产业\t人\t30\n"
     "\t面向第三产业\t人\t70\n", ["table.sum_mismatch"]),
    (HEAD + "1\t就业人数\t人\t100\n\t其中：面向第一产业\t人\t10\n\t面向第二产业\t人\t30\n"
     "\t面向第三产业\t人\t60\n", []),
    ("类别\t项目数（项）\t人次（人次）\n培训A\t3\t100\n培训B\t4\t200\n合计\t7\t310\n",
     ["table.sum_mismatch"]),
    ("类别\t项目数（项）\t人次（人次）\n培训A\t3\t100\n培训B\t4\t200\n合计\t7\t300\n", []),
    ("学校\t男\t女\t合计\nA校\t10\t20\t30\nB校\t5\t5\t11\n", ["table.sum_mismatch"]),
    (HEAD + "1\t在线精品课程数\t门\t12.5\n", ["table.fractional_count"]),
    (HEAD + "1\t生均实践教学工位数\t个\t0.51\n", []),
    (HEAD + "1\t全日制在校生人数\t人\t4000\n2\t课均学生数\t人\t9000\n",
     ["table.average_exceeds_population"]),
    (HEAD + "1\t全日制在校生人数\t人\t4000\n2\t课均学生数\t人\t90\n", []),
    (HEAD + "1\t甲\t个\t1\n2\t乙\t个\t2\n4\t丙\t个\t3\n", ["table.sequence_gap"]),
    (HEAD + "1\t甲\t个\t1\n2\t乙\t个\t2\n2\t丙\t个\t3\n", ["table.sequence_repeat"]),
]  # fmt: skip

NUMBERING = [
    ("第一章 人才培养\n1.1 学生发展\n1.2 就业\n第二章 服务贡献\n2.1 技术服务\n", []),
    ("第一章 人才培养\n1.1 学生发展\n1.3 就业\n", ["numbering.heading"]),
    ("第一章 人才培养\n5.1 学生发展\n", ["numbering.heading"]),
    ("1 人才培养\n1.1 学生发展\n1.1.1 规模\n1.2 就业\n1.3.2 去向\n", ["numbering.heading"]),
    ("一、人才培养\n（一）学生发展\n（三）就业\n二、服务贡献\n（一）培训\n", ["numbering.heading"]),
    ("第一章 人才培养\n第三章 服务贡献\n", ["numbering.heading"]),
    ("第四章 文化\n图 4-1 活动\n图 4-2 活动\n第五章 合作\n图 5-1 活动\n", []),
    ("第四章 文化\n图 4-1 活动\n图 4-2 活动\n图 4-4 活动\n", ["numbering.caption"]),
    ("第四章 文化\n图 4-1 活动\n图 4-1 活动\n", ["numbering.caption"]),
    ("第二章 学生\n表 2-1 名单\n如表 2-1 所示。\n", []),
    ("第二章 学生\n表 2-1 名单\n详见表 2-3。\n", ["numbering.broken_reference"]),
    ("图目录\n图 1-1 活动一\t3\n图 1-2 活动二\t5\n第一章 学生\n图 1-1 活动一\n", ["numbering.list_mismatch"]),
    ("图目录\n图 1-1 活动一\t3\n第一章 学生\n图 1-1 活动一\n图 1-2 活动二\n", ["numbering.list_mismatch"]),
    ("图目录\n图 1-1 活动一\t3\n第一章 学生\n图 1-1 活动一\n", []),
]  # fmt: skip

FULL = "\n".join(f"第{n}章 {t}" for n, t in zip("一二三四五六七", ["人才培养", "服务贡献", "文化传承", "国际合作", "产教融合", "发展保障", "面临挑战"], strict=True))  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TABLES)
def test_table_rules(text, expected):
    assert codes(run(text, "table")) == expected


@pytest.mark.parametrize(("text", "expected"), NUMBERING)
def test_numbering_rules(text, expected):
    assert codes(run(text, "numbering")) == expected


def test_table_finding_gives_row_and_column():
    [f] = run("表 1-1 毕业生\n" + TABLES[0][0], "table")
    assert (f.location.table, f.location.row, f.location.col) == (1, 3, 4)
    assert f.location.table_caption == "表 1-1 毕业生"
    assert f.values == ("3100", "3000")


def test_all_framework_parts_present_gives_no_finding():
    assert codes(run(FULL, "framework")) == []


def test_missing_framework_part_is_an_error_naming_it():
    text = FULL.replace("文化传承", "特色发展")
    [f] = run(text, "framework")
    assert f.code == "framework.missing_part" and f.severity == "error" and "文化传承" in f.message


def test_framework_alias_counts_as_present():
    assert codes(run(FULL.replace("发展保障", "政策保障"), "framework")) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("学校开发课程12门，覆盖学生300人。", []),
        ("学校联合企业开发课程，形成可推广的经验。", ["case.no_evidence"]),
        ("学校开发课程12门。" + "校企共同开展教学评价并形成经验。" * 40, ["case.too_long"]),
    ],
)
def test_cases_are_short_and_quantified(body, expected):
    text = f"第一章 人才培养\n案例 1-1 课程改革\n{body}\n1.1 下一节\n"
    assert codes(run(text, "case")) == expected
