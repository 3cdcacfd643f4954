"""The confirmed lists as a chapter the provincial report can include (document model)."""

from __future__ import annotations

from nianbao.documents.model import Chapter, Heading, Paragraph, TableBlock
from nianbao.rankings.choices import RankingStatus
from nianbao.rankings.models import Ranking

__all__ = ["rankings_chapter"]


def rankings_chapter(cycle, *, title: str = "职业院校四个50强") -> Chapter | None:
    """One 表 per confirmed list (名次、学校), with how the lists were made; None when no list
    of the cycle is confirmed yet."""
    rankings = list(
        Ranking.objects.filter(cycle=cycle, status=RankingStatus.CONFIRMED).order_by("pk")
    )
    if not rankings:
        return None
    blocks: list = [
        Paragraph(
            "编委会专家根据各校年报数据按既定权重计算各榜单得分；对异常数据经与状态数据平台比对、"
            "电话求证等方式核实，剔除不实数据；要求提供佐证材料而未提供或佐证材料不实的数据一并剔除。"
            "各榜单按得分确定候选名单并公示，公示期满、异议处理完毕后确定如下名单。"
        )
    ]
    for ranking in rankings:
        blocks.append(Heading(2, str(ranking)))
        blocks.append(
            Paragraph(
                f"候选名单于 {ranking.notice_starts_on:%Y年%-m月%-d日}至"
                f"{ranking.notice_ends_on:%Y年%-m月%-d日}公示，确定 {len(ranking.final)} 所学校。"
            )
        )
        blocks.append(
            TableBlock(
                key=f"ranking-{ranking.code}-{ranking.pk}",
                caption=f"{ranking}名单",
                columns=("名次", "学校"),
                rows=tuple((str(r["place"]), r["name"]) for r in ranking.final),
                source_note="注：并列者名次相同，按学校名称排列。",
            )
        )
    return Chapter(title=title, blocks=tuple(blocks))
