"""Published public documents (公开文件): rankings' 公示 and final lists, the province's 通报.

The portal sits above rankings and review, so it cannot be imported by them; instead an app
that publishes such documents provides a module `nianbao.<app>.public_documents` with

    def published_documents() -> Iterable[PublicDocument-like]

returning only what is already published. Each item needs the attributes (or dict keys) of
`PublicDocument`: `title`, `kind` (one of `DOCUMENT_KINDS`), `year`, `published_on` (date) and
`url` (where the public reads or downloads it; that view must itself be anonymous-readable).
The portal lists them on its front page; an app without the module simply contributes nothing.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from dataclasses import dataclass

from django.apps import apps

__all__ = ["DOCUMENT_KINDS", "PublicDocument", "published_documents"]

logger = logging.getLogger(__name__)

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


def _coerce(item) -> PublicDocument:
    get = item.get if isinstance(item, dict) else lambda name: getattr(item, name)
    return PublicDocument(
        title=str(get("title")),
        kind=str(get("kind")),
        year=int(get("year")),
        published_on=get("published_on"),
        url=str(get("url")),
    )


def _providers():
    for config in apps.get_app_configs():
        if not config.name.startswith("nianbao.") or config.name == "nianbao.portal":
            continue
        try:
            module = importlib.import_module(f"{config.name}.public_documents")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.public_documents":
                continue
            raise
        yield config.name, module.published_documents


def published_documents() -> list[PublicDocument]:
    """Every provider's published documents, newest first; a malformed item is logged and
    skipped so one app cannot take the public front page down."""
    documents: list[PublicDocument] = []
    for name, provider in _providers():
        for item in provider():
            try:
                documents.append(_coerce(item))
            except (AttributeError, KeyError, TypeError, ValueError):
                logger.warning("public document from %s skipped: %r", name, item)
    return sorted(documents, key=lambda d: (d.published_on, d.title), reverse=True)
