"""Small text helpers shared by the apps that take and render user-written titles."""

from __future__ import annotations

import re

__all__ = ["strip_typed_number"]

_CN = "一二三四五六七八九十百零〇"
# Numbering a writer types before a title: "1.1 ", "2、", "（三）", "第一章 ", "一、", "3．".
# A bare number glued to text ("2025年…") is content, not numbering, and is kept.
_TYPED_NUMBER = re.compile(
    rf"""^\s*(?:
        第[{_CN}\d]+[章节部分篇]\s*
      | [（(][{_CN}\d]+[)）]\s*
      | [{_CN}]+[、.．]\s*
      | \d+(?:[.．]\d+)+[.．]?\s*
      | \d{{1,2}}(?:[、.．]\s*|\s+(?![亿万千百十元人个所项次门年月日天%\d]))
    )+""",
    re.VERBOSE,
)


def strip_typed_number(title: str) -> str:
    """The title without the numbering the writer typed; the platform numbers sections itself.
    A title that is nothing but a number is kept as it is."""
    stripped = _TYPED_NUMBER.sub("", title).strip()
    return stripped or title.strip()
