"""The list as published, as Excel (openpyxl) and Word (python-docx): the candidate list during
and after the 公示, the final list once confirmed. Every text cell is written as text; a leading
= + - @ is escaped so that no spreadsheet runs it as a formula."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from nianbao.documents.fonts import SANS_FAMILY, SERIF_FAMILY
from nianbao.documents.render.docx_base import set_east_asian_font
from nianbao.rankings.choices import RankingStatus
from nianbao.rankings.models import Ranking

__all__ = ["published_rows", "ranking_xlsx", "ranking_docx", "escape_text", "export_title"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("名次", "学校", "综合得分", "排名区间（5%–95%）", "中位排名", "入选概率")


def escape_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def published_rows(ranking: Ranking) -> tuple[str, list[dict]]:
    """What the export shows: (kind, rows) — 确定名单, 公示候选名单, or the current computation
    marked as not yet published."""
    if ranking.status == RankingStatus.CONFIRMED:
        return "确定名单", [{**r, "rank": r["place"]} for r in ranking.final]
    if ranking.status == RankingStatus.NOTICE:
        return "候选名单（公示）", list(ranking.candidates)
    ranked = [s for s in ranking.result.get("schools", ()) if not s["excluded"]]
    count = ranking.result.get("candidates", 0)
    return "计算结果（未公示）", sorted(ranked, key=lambda r: r["rank"])[:count]


def export_title(ranking: Ranking) -> str:
    kind, _ = published_rows(ranking)
    return f"{ranking.cycle.name}{ranking}{kind}"


def _cells(row: dict) -> tuple:
    return (
        row["rank"],
        row["name"],
        round(row["score"], 2),
        f"{row['rank_p5']}–{row['rank_p95']}",
        row["median_rank"],
        f"{row['p_places'] * 100:.0f}%",
    )


def ranking_xlsx(ranking: Ranking) -> bytes:
    kind, rows = published_rows(ranking)
    places = ranking.result.get("places", 0)
    wb = Workbook()
    ws = wb.active
    ws.title = kind[:31].replace("（", "(").replace("）", ")")
    ws.append([])
    ws["A1"] = escape_text(export_title(ranking))
    ws["A1"].data_type = "s"
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(COLUMNS[:-1]) + [f"进入前{places}名的概率"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append([None] * len(COLUMNS))
        for col, value in enumerate(_cells(row), start=1):
            cell = ws.cell(ws.max_row, col)
            if isinstance(value, str):
                cell.value = escape_text(value)
                cell.data_type = "s"
                cell.quotePrefix = True
            else:
                cell.value = value
    for letter, width in zip("ABCDEF", (8, 36, 12, 20, 12, 16), strict=True):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ranking_docx(ranking: Ranking) -> bytes:
    kind, rows = published_rows(ranking)
    places = ranking.result.get("places", 0)
    doc = Document()
    normal = doc.styles["Normal"]
    set_east_asian_font(normal, SERIF_FAMILY, "Times New Roman")
    normal.font.size = Pt(12)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(export_title(ranking))
    run.bold = True
    run.font.size = Pt(16)
    set_east_asian_font(run, SANS_FAMILY, "Arial")
    if ranking.status == RankingStatus.NOTICE:
        doc.add_paragraph(
            f"公示期：{ranking.notice_starts_on:%Y年%-m月%-d日}至{ranking.notice_ends_on:%Y年%-m月%-d日}。"
        )
    headers = list(COLUMNS[:-1]) + [f"进入前{places}名的概率"]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for r in cell.paragraphs[0].runs:
            r.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, _cells(row), strict=True):
            cell.text = str(value)
    doc.add_paragraph(
        "说明：综合得分为各指标 0–100 标准化值的加权平均；排名区间为权重各自在 ±25% 内随机"
        f"变动 {ranking.result.get('draws', 0)} 次时该校排名的第 5 至第 95 百分位。"
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
