"""Shared table layout: numeric columns right-aligned, text columns centred, widths."""

import pytest

from nianbao.documents.model import DataRow, DataTable
from nianbao.documents.render.layout import appendix_widths_cm, column_alignment


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["120837", "26208"], "right"),
        (["3429.07", "", "1,260.5"], "right"),
        (["93.6%", "21.58:1"], "right"),
        (["网络问卷调查", "问卷调查"], "center"),
        (["12", "未填报"], "center"),
        ([], "right"),
    ],
)
def test_column_alignment(values, expected):
    assert column_alignment(values) == expected


def _satisfaction() -> DataTable:
    row = DataRow("1", "在校生满意度", "%", ("85.15", "90012", "网络问卷调查"))
    return DataTable(2, "satisfaction", "满意度调查", ("2025年", "调查人次", "调查方式"), (row,))


def test_text_columns_get_more_room_and_the_indicator_column_fills_the_rest():
    widths = appendix_widths_cm(_satisfaction(), total_cm=15.4)
    assert widths[3] == widths[4] < widths[5]
    assert sum(widths) == pytest.approx(15.4)
    assert appendix_widths_cm(_satisfaction())[1] == 0  # flexible for Typst
