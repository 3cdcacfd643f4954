"""榜单定义: the four 50强 lists as data (`catalog/rankings/<edition>.yaml`). Pure Python.

A file may `extends` another edition and override the list sizes (`sizes`), which is how a
small province (the demo) ranks 前10 from 12 candidates with the same indicators and weights."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from nianbao.paths import CATALOG_DIR

__all__ = [
    "DefinitionError",
    "IndicatorDef",
    "RankingDef",
    "Scaling",
    "Definitions",
    "load_definitions",
    "available_editions",
]

RANKINGS_DIR = CATALOG_DIR / "rankings"


class DefinitionError(ValueError):
    """A rankings file is malformed; the message names the file and the problem (Chinese)."""


@dataclass(frozen=True)
class Scaling:
    code: str
    denominator: str
    factor: float
    label: str


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    dimension: str
    weight: float  # effective weight in the list; all weights of a list sum to 1
    direction: int  # +1 more is better, −1 less is better
    scaling: Scaling | None
    evidence: bool


@dataclass(frozen=True)
class RankingDef:
    code: str
    name: str
    levels: tuple[str, ...]
    group_by: str  # "" or "city"
    candidates: int
    places: int
    indicators: tuple[IndicatorDef, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)

    @property
    def min_coverage(self) -> int:
        """Fewest indicators a school needs to be ranked: two thirds of the list, rounded up."""
        return -(-2 * len(self.indicators) // 3)


@dataclass(frozen=True)
class Definitions:
    edition: str
    seed: int
    draws: int
    robust_z: float
    jump_factor: float
    rankings: tuple[RankingDef, ...]

    def get(self, code: str) -> RankingDef:
        for r in self.rankings:
            if r.code == code:
                return r
        raise DefinitionError(f"榜单定义 {self.edition} 中没有榜单 {code}。")


def available_editions() -> list[str]:
    return sorted(p.stem for p in RANKINGS_DIR.glob("*.yaml"))


@lru_cache(maxsize=16)
def load_definitions(edition: str) -> Definitions:
    return load_definitions_file(RANKINGS_DIR / f"{edition}.yaml")


def load_definitions_file(path: Path) -> Definitions:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DefinitionError(f"{Path(path).name}：无法读取榜单定义（{exc}）") from None
    sizes = {}
    if "extends" in data:
        base = yaml.safe_load((RANKINGS_DIR / f"{data['extends']}.yaml").read_text("utf-8"))
        sizes = data.get("sizes") or {}
        data = {**base, **{k: v for k, v in data.items() if k not in ("extends", "sizes")}}
    return _parse(data, Path(path).name, sizes)


def _parse(data: dict, name: str, sizes: dict) -> Definitions:
    def fail(message: str):
        raise DefinitionError(f"{name}：{message}")

    scalings = {
        code: Scaling(code, s["denominator"], float(s.get("factor", 1)), s.get("label", code))
        for code, s in (data.get("scalings") or {}).items()
    }
    rankings = []
    for r in data.get("rankings") or []:
        dims = r.get("dimensions") or []
        total = sum(float(d["weight"]) for d in dims)
        if not dims or total <= 0:
            fail(f"榜单 {r.get('code')} 没有带权重的维度。")
        indicators = []
        for d in dims:
            items = d.get("indicators") or []
            if not items:
                fail(f"榜单 {r['code']} 的维度 {d['name']} 没有指标。")
            for item in items:
                scaling = item.get("scaling", "none")
                if scaling != "none" and scaling not in scalings:
                    fail(f"指标 {item['code']} 的折算方式 {scaling} 未定义。")
                direction = item.get("direction", "up")
                if direction not in ("up", "down"):
                    fail(f"指标 {item['code']} 的方向只能是 up 或 down。")
                indicators.append(
                    IndicatorDef(
                        code=item["code"],
                        dimension=d["name"],
                        weight=float(d["weight"]) / total / len(items),
                        direction=1 if direction == "up" else -1,
                        scaling=scalings.get(scaling),
                        evidence=bool(item.get("evidence", False)),
                    )
                )
        population = r.get("population") or {}
        candidates = int(sizes.get("candidates", r.get("candidates", 60)))
        places = int(sizes.get("places", r.get("places", 50)))
        if not 0 < places <= candidates:
            fail(f"榜单 {r['code']} 的入选名额须大于 0 且不超过候选名额。")
        rankings.append(
            RankingDef(
                code=r["code"],
                name=r["name"],
                levels=tuple(population.get("levels") or ("higher", "bachelor")),
                group_by=population.get("group_by") or "",
                candidates=candidates,
                places=places,
                indicators=tuple(indicators),
            )
        )
    screen = data.get("screen") or {}
    return Definitions(
        edition=str(data.get("edition", name)),
        seed=int(data.get("seed", 0)),
        draws=int(data.get("draws", 1000)),
        robust_z=float(screen.get("robust_z", 3.5)),
        jump_factor=float(screen.get("jump_factor", 3)),
        rankings=tuple(rankings),
    )
