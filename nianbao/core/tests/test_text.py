import pytest

from nianbao.core.text import strip_typed_number

CASES = [
    ("1.1 立德树人", "立德树人"),
    ("1.1 1.1 立德树人", "立德树人"),
    ("2、立德树人", "立德树人"),
    ("3．就业质量", "就业质量"),
    ("1.2.3. 课程建设", "课程建设"),
    ("（三）产教融合", "产教融合"),
    ("第一章 人才培养", "人才培养"),
    ("一、学生发展", "学生发展"),
    ("2 立德树人", "立德树人"),
    # Numbers that are content, not numbering, stay.
    ("2025年毕业生就业", "2025年毕业生就业"),
    ("10 亿元投入", "10 亿元投入"),
    ("12 万人次培训", "12 万人次培训"),
    ("5G 基站建设", "5G 基站建设"),
    ("1.1", "1.1"),
    ("", ""),
]


@pytest.mark.parametrize("typed,kept", CASES)
def test_strip_typed_number(typed, kept):
    assert strip_typed_number(typed) == kept
