"""审核清单: the checklist of an edition (`catalog/checklists/<edition>.yaml`), its scoring and
grading. Pure Python: items are pre-filled from facts (plain dicts) and overridden by marks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from nianbao.paths import CATALOG_DIR

__all__ = [
    "Checklist",
    "ChecklistError",
    "ChecklistItem",
    "ItemResult",
    "evaluate",
    "load_checklist",
]

CHECKLIST_DIR = CATALOG_DIR / "checklists"
HEADINGS = ("内容框架完整性", "数据采集真实性", "报送工作合规性")


class ChecklistError(ValueError):
    """A checklist file is missing or malformed (message in Chinese)."""


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    heading: str
    text: str
    points: int
    fact: str
    kinds: tuple[str, ...] = ()  # empty: every report kind

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class Checklist:
    edition: str
    name: str
    items: tuple[ChecklistItem, ...]
    grades: tuple[tuple[str, int], ...]  # (grade, minimum percentage), best first

    def items_for(self, kind: str) -> tuple[ChecklistItem, ...]:
        return tuple(i for i in self.items if i.applies_to(kind))

    @property
    def grade_names(self) -> tuple[str, ...]:
        return tuple(g for g, _ in self.grades)

    def grade_for(self, percent: float) -> str:
        for grade, minimum in self.grades:
            if percent >= minimum:
                return grade
        return self.grades[-1][0]


@dataclass(frozen=True)
class ItemResult:
    item: ChecklistItem
    prefilled: bool | None  # None: the platform has no fact for it
    fact_note: str
    passed: bool
    overridden: bool
    note: str


@cache
def load_checklist(edition: str) -> Checklist:
    path = CHECKLIST_DIR / f"{edition}.yaml"
    if not path.exists():
        raise ChecklistError(f"没有 {edition} 版的审核清单（{path.name}）。")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items: list[ChecklistItem] = []
    for heading in data.get("headings") or []:
        if heading.get("name") not in HEADINGS:
            raise ChecklistError(
                f"{path.name}：审核维度“{heading.get('name')}”不在 {HEADINGS} 中。"
            )
        for raw in heading.get("items") or []:
            try:
                items.append(
                    ChecklistItem(
                        code=str(raw["code"]),
                        heading=heading["name"],
                        text=str(raw["text"]),
                        points=int(raw["points"]),
                        fact=str(raw.get("fact", "")),
                        kinds=tuple(raw.get("kinds") or ()),
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise ChecklistError(
                    f"{path.name}：审核项 {raw} 缺少或写错了字段（{exc}）。"
                ) from None
    codes = [i.code for i in items]
    if len(set(codes)) != len(codes):
        raise ChecklistError(f"{path.name}：审核项代码重复。")
    grades = tuple((str(g["grade"]), int(g["min"])) for g in data.get("grades") or [])
    if not items or not grades:
        raise ChecklistError(f"{path.name}：缺少审核项或等次标准。")
    if [m for _, m in grades] != sorted((m for _, m in grades), reverse=True) or grades[-1][1]:
        raise ChecklistError(f"{path.name}：等次标准须从高到低排列，最后一个等次的下限为 0。")
    return Checklist(
        str(data.get("edition", edition)), str(data.get("name", "")), tuple(items), grades
    )


def evaluate(
    checklist: Checklist, kind: str, facts: dict[str, tuple[bool | None, str]], marks: dict
) -> tuple[list[ItemResult], int, int, str]:
    """Item results, score, maximum and grade. `facts`: fact name → (holds, explanation);
    `marks`: item code → {"passed": bool, "note": str} set by the reviewer."""
    results: list[ItemResult] = []
    for item in checklist.items_for(kind):
        prefilled, fact_note = facts.get(item.fact, (None, "平台无此项信息，请人工判断"))
        mark = marks.get(item.code) or {}
        if "passed" in mark:
            passed = bool(mark["passed"])
            overridden = prefilled is None or passed != prefilled
        else:
            passed, overridden = bool(prefilled), False
        results.append(
            ItemResult(item, prefilled, fact_note, passed, overridden, str(mark.get("note", "")))
        )
    maximum = sum(r.item.points for r in results)
    score = sum(r.item.points for r in results if r.passed)
    percent = 100.0 * score / maximum if maximum else 0.0
    return results, score, maximum, checklist.grade_for(percent)
