"""Builds the 数据反馈报告 as a `ReportDocument` (nianbao.documents' model) from the figures, so
the existing PDF renderer draws it: a comparison table, a percentile chart and the trend."""

from __future__ import annotations

from nianbao.documents.model import (
    Chapter,
    ChartSeries,
    ChartSpec,
    Figure,
    Paragraph,
    ReportDocument,
    TableBlock,
)

__all__ = ["feedback_document", "number_text"]


def number_text(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return text or "0"


def _stats_text(stats: dict | None) -> tuple[str, str, str]:
    if not stats:
        return "—", "—", "—"
    spread = f"{number_text(stats['q1'])}～{number_text(stats['q3'])}"
    own = "—" if stats["percentile"] is None else f"{stats['percentile']:.0f}"
    return f"{number_text(stats['median'])}（{stats['count']}所）", spread, own


def comparison_rows(figures: dict) -> list[tuple[str, ...]]:
    rows = []
    for row in figures["rows"]:
        city = _stats_text(row["city"])
        province = _stats_text(row["province"])
        name = f"{row['name']}（{row['unit']}）" if row["unit"] not in ("", ":") else row["name"]
        rows.append((name, number_text(row["own"]), *city, *province))
    return rows


COLUMNS = (
    "指标",
    "本校",
    "全市中位数",
    "全市四分位区间",
    "全市百分位",
    "全省中位数",
    "全省四分位区间",
    "全省百分位",
)


def feedback_document(figures: dict) -> ReportDocument:
    year = figures["year"]
    peers = f"{figures['peer_level']}学校"  # e.g. 高职学校
    rows = figures["rows"]
    ranked = [r for r in rows if r["province"] and r["province"]["percentile"] is not None]
    chart = ChartSpec(
        kind="bar",
        categories=tuple(r["name"] for r in ranked),
        series=(ChartSeries("全省百分位", tuple(r["province"]["percentile"] for r in ranked)),),
        title=f"本校关键指标在全省{peers}中的百分位",
        unit="百分位",
        height_cm=9.0,
    )
    years = figures["years"]
    trend_rows = tuple(
        (r["name"], *(number_text(v) for v in figures["trend"][r["code"]])) for r in rows
    )
    # Ratios reported in every cycle shown (a gap would draw as a false zero).
    percent_codes = [
        r for r in rows if r["unit"] == "%" and None not in figures["trend"][r["code"]]
    ]
    trend_chart = ChartSpec(
        kind="line",
        categories=tuple(f"{y}年度" for y in years),
        series=tuple(
            ChartSeries(r["name"], tuple(figures["trend"][r["code"]])) for r in percent_codes
        ),
        title="近年比率类指标变化",
        unit="%",
    )
    intro = (
        f"本报告根据{year}年度各校报送的质量年报数据表生成，将{figures['school']}的关键指标"
        f"与{figures['city']}和全省的其他{peers}比较。中位数和四分位区间按线性插值计算；"
        "百分位表示本校在同类学校中的位置（低于本校的学校占比，加上与本校相同者的一半）。"
        "百分位只表示位置，不表示优劣，例如生师比越低通常越好。"
    )
    trend_blocks = [
        TableBlock("trend", "关键指标近年变化", ("指标", *(f"{y}" for y in years)), trend_rows)
    ]
    if len(years) > 1 and percent_codes:
        trend_blocks.append(Figure("trend-chart", "比率类指标近年变化", chart=trend_chart))
    comparison = [
        Paragraph(intro),
        TableBlock("peers", "关键指标与同类学校比较", COLUMNS, tuple(comparison_rows(figures))),
    ]
    if ranked:
        comparison.append(Figure("percentiles", "关键指标全省百分位", chart=chart))
    return ReportDocument(
        title=f"{figures['school']}{year}年度数据反馈报告",
        organisation_name=figures["school"],
        organisation_code=figures["school_code"],
        year_label=str(year),
        subtitle="数据反馈报告",
        chapters=(
            Chapter("与同类学校比较", tuple(comparison)),
            Chapter("近年趋势", tuple(trend_blocks)),
        ),
    )
