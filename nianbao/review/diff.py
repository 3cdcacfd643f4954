"""What changed between two submissions (提交快照) of a report: text items, data values,
attachments and the publication URL. Pure Python over the snapshots' stored JSON."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

__all__ = ["Change", "snapshot_changes"]


@dataclass(frozen=True)
class Change:
    area: str  # 正文 / 案例 / 表 / 图 / 数据 / 附件 / 网址
    label: str
    kind: str  # added / removed / changed
    before: str = ""
    after: str = ""

    @property
    def kind_label(self) -> str:
        return {"added": "新增", "removed": "删除", "changed": "修改"}[self.kind]

    @property
    def diff_lines(self) -> list[str]:
        """A unified diff of the text, without the file headers."""
        lines = difflib.unified_diff(
            self.before.splitlines(), self.after.splitlines(), lineterm="", n=1
        )
        return [line for line in lines if not line.startswith(("---", "+++"))]


def _keyed(items: list[dict], area: str) -> dict[str, dict]:
    out = {}
    for i, item in enumerate(items):
        key = item.get("key") or f"{item.get('part', '')}#{item.get('order', i)}"
        out[key] = item
    return out


def _item_text(item: dict) -> str:
    parts = [item.get("title") or item.get("caption") or ""]
    if "body" in item:
        parts.append(item["body"])
    if "rows" in item:
        parts.append(
            "\n".join("\t".join(map(str, r)) for r in [item.get("columns", [])] + item["rows"])
        )
    if item.get("chart") is not None or item.get("image_sha256"):
        parts.append(str(item.get("chart") or item.get("image_sha256")))
    return "\n".join(p for p in parts if p)


AREAS = (("sections", "正文"), ("cases", "案例"), ("tables", "表"), ("figures", "图"))


def snapshot_changes(
    before: dict, after: dict, names: dict[str, str] | None = None
) -> list[Change]:
    """`before`/`after`: {"text": ..., "data": ..., "attachments": ..., "publication_url": ...};
    `names`: indicator code → name, to label data changes."""
    names = names or {}
    changes: list[Change] = []
    for key, area in AREAS:
        old = _keyed((before.get("text") or {}).get(key, []), area)
        new = _keyed((after.get("text") or {}).get(key, []), area)
        for k in sorted(old.keys() | new.keys()):
            a, b = old.get(k), new.get(k)
            label = (b or a).get("title") or (b or a).get("caption") or k
            if a is None:
                changes.append(Change(area, label, "added", "", _item_text(b)))
            elif b is None:
                changes.append(Change(area, label, "removed", _item_text(a), ""))
            elif _item_text(a) != _item_text(b):
                changes.append(Change(area, label, "changed", _item_text(a), _item_text(b)))
    old_data, new_data = before.get("data") or {}, after.get("data") or {}
    for code in sorted(old_data.keys() | new_data.keys()):
        a, b = old_data.get(code), new_data.get(code)
        if a != b:
            kind = "added" if a is None else "removed" if b is None else "changed"
            changes.append(Change("数据", names.get(code, code), kind, a or "", b or ""))
    old_att, new_att = before.get("attachments") or {}, after.get("attachments") or {}
    for name, label in (("declaration", "内容真实性责任声明"), ("report_file", "年报全文")):
        a, b = old_att.get(name) or {}, new_att.get(name) or {}
        if a.get("sha256") != b.get("sha256"):
            changes.append(
                Change("附件", label, "changed", a.get("filename", ""), b.get("filename", ""))
            )
    if (before.get("publication_url") or "") != (after.get("publication_url") or ""):
        changes.append(
            Change("网址", "年报发布网址", "changed", before.get("publication_url") or "",
                   after.get("publication_url") or "")
        )  # fmt: skip
    return changes
