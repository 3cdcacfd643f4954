"""Table layout shared by the DOCX and PDF renderers (表格版式): alignments and column widths."""

from __future__ import annotations

from nianbao.documents.model import DataTable, TableBlock

__all__ = [
    "APPENDIX_FIXED_CM",
    "appendix_alignments",
    "appendix_widths_cm",
    "column_alignment",
    "table_shares",
]

# 序号, 指标 (takes what is left), 单位; then per value column: numbers narrow, text wider.
APPENDIX_FIXED_CM = (1.2, 0.0, 1.6)
_NUMBER_CM = 2.2
_TEXT_CM = 2.9


def column_alignment(values: list[str]) -> str:
    """`right` for numeric columns (1,260 / 93.6% / 21.58:1), `center` for text columns."""
    filled = [v.replace(",", "").replace("%", "").replace(":1", "").strip() for v in values if v]
    try:
        for value in filled:
            float(value)
    except ValueError:
        return "center"
    return "right"


def appendix_alignments(table: DataTable) -> list[str]:
    """Alignment of every column of an appendix table, 序号/指标/单位 first."""
    values = [
        column_alignment([row.values[i] for row in table.rows]) for i in range(len(table.columns))
    ]
    return ["center", "left", "center", *values]


def appendix_widths_cm(table: DataTable, total_cm: float | None = None) -> list[float]:
    """Column widths in cm; 指标 is 0 (flexible) unless `total_cm` is given to fill it in."""
    aligns = appendix_alignments(table)
    widths = [*APPENDIX_FIXED_CM] + [_NUMBER_CM if a == "right" else _TEXT_CM for a in aligns[3:]]
    if total_cm is not None:
        widths[1] = max(total_cm - sum(widths), 4.0)
    return widths


def table_shares(block: TableBlock) -> list[float]:
    """Width shares of a body table's columns: 序号 auto (0); a text column such as 指标 or
    学校 gets room by its longest cell (up to four shares), so its names do not wrap."""
    shares: list[float] = []
    for i, name in enumerate(block.columns):
        if name == "序号":
            shares.append(0)
            continue
        cells = [row[i] for row in block.rows if i < len(row)]
        if column_alignment(cells) == "right":
            shares.append(1)
        else:
            longest = max((len(c) for c in [*cells, name]), default=1)
            shares.append(min(4.0, max(1.0, longest / 6)))
    return shares
