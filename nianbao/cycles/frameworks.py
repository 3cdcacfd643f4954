"""报告框架: the required parts of a report, per edition and report kind, loaded from
`catalog/frameworks/<edition>.yaml`. Pure Python: used by the platform and the report checker."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from nianbao.paths import CATALOG_DIR

__all__ = ["Framework", "FrameworkPart", "FrameworkError", "available_editions", "load_framework"]

FRAMEWORK_DIR = CATALOG_DIR / "frameworks"
REPORT_KINDS = ("school", "city", "province", "enterprise")


class FrameworkError(ValueError):
    """A framework file is missing or malformed (message in Chinese)."""


@dataclass(frozen=True)
class FrameworkPart:
    code: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Framework:
    edition: str
    name: str
    kinds: dict[str, tuple[FrameworkPart, ...]]

    def parts(self, kind: str) -> tuple[FrameworkPart, ...]:
        try:
            return self.kinds[kind]
        except KeyError:
            raise FrameworkError(
                f"报告框架 {self.edition} 未定义“{kind}”类年报的组成部分"
            ) from None


def available_editions() -> list[str]:
    return sorted(p.stem for p in FRAMEWORK_DIR.glob("*.yaml"))


@cache
def load_framework(edition: str) -> Framework:
    path = FRAMEWORK_DIR / f"{edition}.yaml"
    if not path.is_file():
        raise FrameworkError(
            f"没有 {edition} 版报告框架；可用版本：{'、'.join(available_editions())}"
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kinds: dict[str, tuple[FrameworkPart, ...]] = {}
    for kind, parts in (data.get("kinds") or {}).items():
        if kind not in REPORT_KINDS:
            raise FrameworkError(f"{path.name}：未知的年报类型“{kind}”")
        kinds[kind] = tuple(
            FrameworkPart(code=p["code"], name=p["name"], aliases=tuple(p.get("aliases") or ()))
            for p in parts
        )
    return Framework(edition=str(data["edition"]), name=data.get("name", ""), kinds=kinds)


def part_name(code: str) -> str | None:
    """The Chinese name of a framework part code in any edition (for the audit log)."""
    for edition in reversed(available_editions()):
        for parts in load_framework(edition).kinds.values():
            for part in parts:
                if part.code == code:
                    return part.name
    return None
