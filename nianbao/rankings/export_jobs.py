"""The committee's list exports (Excel, Word) as background downloads (core.exports)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from nianbao.core.exports import DOCX, XLSX, register_export
from nianbao.rankings import exports, selectors
from nianbao.rankings.models import Ranking

__all__ = ["RANKING_XLSX", "RANKING_DOCX", "register"]

RANKING_XLSX = "rankings.ranking_xlsx"
RANKING_DOCX = "rankings.ranking_docx"


def can_export(user, *, ranking_id: int) -> bool:
    try:
        selectors.ranking_for_committee(user, ranking_id)
    except PermissionDenied:
        return False
    return True


def _ranking(ranking_id: int) -> Ranking:
    ranking = Ranking.objects.select_related("cycle").filter(pk=ranking_id).first()
    if ranking is None:
        raise Http404("榜单不存在。")
    return ranking


def render_xlsx(*, ranking_id: int):
    ranking = _ranking(ranking_id)
    return exports.ranking_xlsx(ranking), f"{exports.export_title(ranking)}.xlsx", XLSX


def render_docx(*, ranking_id: int):
    ranking = _ranking(ranking_id)
    return exports.ranking_docx(ranking), f"{exports.export_title(ranking)}.docx", DOCX


def register() -> None:
    denied = "只有榜单评审委员会（省级管理员、省级评审专家）可以导出榜单。"
    register_export(
        RANKING_XLSX, label="榜单（Excel）", can_request=can_export, render=render_xlsx,
        denied=denied,
    )  # fmt: skip
    register_export(
        RANKING_DOCX, label="榜单（Word）", can_request=can_export, render=render_docx,
        denied=denied,
    )  # fmt: skip
