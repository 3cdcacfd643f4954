"""Published public documents (公开文件): rankings' 公示 and final lists, the province's 通报.

The portal sits above rankings and review, so it reads them through their selectors
(`rankings.selectors.published_lists`, `review.selectors.published_notices`), which return only
what is already published, and links each to its anonymous portal page or download."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from nianbao.rankings.selectors import published_lists
from nianbao.review.selectors import published_notices

__all__ = ["DOCUMENT_KINDS", "PublicDocument", "published_documents"]

DOCUMENT_KINDS = {
    "candidate_list": "公示名单",
    "final_list": "榜单",
    "evaluation_notice": "通报",
}


@dataclass(frozen=True)
class PublicDocument:
    title: str
    kind: str
    year: int
    published_on: dt.date
    url: str

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS.get(self.kind, self.kind)


def _lists() -> list[PublicDocument]:
    return [
        PublicDocument(
            title=item.title,
            kind=item.kind,
            year=item.year,
            published_on=item.published_on,
            url=reverse("portal:public-ranking", args=[item.ranking.pk, item.kind]),
        )
        for item in published_lists()
    ]


def _notices() -> list[PublicDocument]:
    return [
        PublicDocument(
            title=f"关于{n.cycle.name}职业教育质量年度报告评价结果的通报（{n.file_format.upper()}）",
            kind="evaluation_notice",
            year=n.cycle.year,
            published_on=timezone.localdate(n.published_at),
            url=reverse("portal:public-notice-download", args=[n.pk]),
        )
        for n in published_notices()
    ]


def published_documents() -> list[PublicDocument]:
    """Every published list and 通报, newest first."""
    documents = _lists() + _notices()
    return sorted(documents, key=lambda d: (d.published_on, d.title), reverse=True)
