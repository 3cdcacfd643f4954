"""Realistic demo values (演示数据) for a demo province: every indicator of the 2023 catalog for
every school, for the current cycle (calibrated on the 2023 appendix's province totals) and the
previous one (3–8% smaller on growth indicators), with planted errors in about one school in
ten. Pure Python; deterministic for a given seed.

    schools = [DemoSchool("S001", "higher", 1.2), ...]
    dataset = generate_demo_dataset(schools, seed=2025)
    dataset.current["S001"]["graduates"]  # Decimal("2871")

A school of size 1.0 is a typical school (1/50 of the appendix's 高职 province, 1/270 of its 中职
province); `demo_school_sizes` draws a realistic spread of sizes with mean 1. Clean schools are
internally consistent (其中 ≤ 上级, exhaustive sums exact, 生师比 = 在校生/专任教师 to two
decimals, respondents ≤ population, percentages within 0–100, year-on-year changes within ±25%
apart from counts below 20); `demo_errors` describes what each planted error kind breaks.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from nianbao.demo.errors import PLANTED_KINDS, plant_error
from nianbao.demo.school import Profile, build_values, draw_profile
from nianbao.indicators.catalog import Catalog, load_catalog

__all__ = [
    "PLANTED_KINDS",
    "DemoDataset",
    "DemoSchool",
    "PlantedError",
    "demo_school_sizes",
    "generate_demo_dataset",
]

EDITION = "2023"
Values = dict[str, Decimal | str | None]


@dataclass(frozen=True)
class DemoSchool:
    """A demo school: `size` is its scale relative to a typical school of its level (1.0)."""

    code: str
    level: str
    size: float = 1.0


@dataclass(frozen=True)
class PlantedError:
    """An error planted on purpose in one school's current-cycle values (埋设错误)."""

    school_code: str
    kind: str
    indicator_codes: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class DemoDataset:
    """`history[0]` is the current cycle, `history[k]` the cycle k years before it."""

    current: dict[str, Values]
    previous: dict[str, Values]
    planted: list[PlantedError]
    history: tuple[dict[str, Values], ...] = ()

    def planted_for(self, school_code: str) -> PlantedError | None:
        return next((p for p in self.planted if p.school_code == school_code), None)


def demo_school_sizes(n_higher: int, n_secondary: int, seed: int = 2025) -> list[float]:
    """Sizes for `n_higher` 高职 then `n_secondary` 中职 schools, each group with mean 1.0.

    Lognormal spreads (高职 narrower than 中职); the first two 高职 sizes are the larger
    职业本科 schools (about 2.2–2.6 times a typical 高职).
    """
    rng = random.Random(f"{seed}:sizes")
    higher = [math.exp(rng.gauss(0, 0.4)) for _ in range(n_higher)]
    for i in range(min(2, n_higher)):
        higher[i] = rng.uniform(2.2, 2.6)
    secondary = [math.exp(rng.gauss(0, 0.65)) for _ in range(n_secondary)]
    return _normalised(higher, keep=min(2, n_higher), low=0.25) + _normalised(secondary, low=0.1)


def _normalised(sizes: list[float], *, keep: int = 0, low: float) -> list[float]:
    """Clip to [low, 4] and scale so the mean is 1.0; the first `keep` sizes stay as drawn."""
    if not sizes:
        return []
    sizes = [*sizes[:keep], *(min(4.0, max(low, s)) for s in sizes[keep:])]
    fixed, rest = sum(sizes[:keep]), sizes[keep:]
    if not rest:
        return [round(s, 3) for s in sizes]
    factor = max(0.1, len(sizes) - fixed) / sum(rest)
    return [round(s, 3) for s in (*sizes[:keep], *(max(low, s * factor) for s in rest))]


def generate_demo_dataset(
    schools: list[DemoSchool], *, seed: int = 2025, cycles: int = 2
) -> DemoDataset:
    """Values of every school for `cycles` years (current first), and the errors planted in the
    current one. Each earlier year is the school shrunk by its growth factor once more, its
    rates moved back by the same step as from the current to the previous year."""
    catalogs = {level: load_catalog(EDITION, level) for level in ("higher", "secondary")}
    current: dict[str, Values] = {}
    previous: dict[str, Values] = {}
    earlier: list[dict[str, Values]] = [{} for _ in range(max(0, cycles - 2))]
    for school in schools:
        if school.level not in catalogs:
            raise ValueError(
                f"学校 {school.code} 的层次“{school.level}”未知：应为 higher 或 secondary"
            )
        if school.code in current:
            raise ValueError(f"学校代码 {school.code} 重复")
        rng = random.Random(f"{seed}:{school.code}")
        size = max(0.05, float(school.size))
        profile = draw_profile(school.level, size, rng)
        growth = rng.uniform(1.03, 1.08)
        catalog = catalogs[school.level]
        current[school.code] = _to_values(catalog, build_values(profile, size, previous=False))
        previous[school.code] = _to_values(
            catalog, build_values(profile, size / growth, previous=True)
        )
        for back, values in enumerate(earlier, start=2):
            older = _years_back(profile, back)
            values[school.code] = _to_values(
                catalog, build_values(older, size / growth**back, previous=True)
            )
    planted = _plant(schools, catalogs, current, previous, seed)
    return DemoDataset(
        current=current,
        previous=previous,
        planted=planted,
        history=(current, previous, *earlier)[:cycles],
    )


def _years_back(profile: Profile, back: int) -> Profile:
    """The profile `back` years ago: each rate repeats the current-to-previous step."""
    rates = {}
    for name, before in profile.previous_rate.items():
        now = profile.rate[name]
        step = before / now if now else 1.0
        rates[name] = min(99.8, max(0.1, now * step**back)) if now <= 100 else now * step**back
    return replace(profile, previous_rate=rates)


def _to_values(catalog: Catalog, raw: dict) -> Values:
    values: Values = {}
    for spec in catalog:
        value = raw[spec.code]
        if not spec.is_numeric:
            values[spec.code] = value
        elif spec.value_type == "count":
            values[spec.code] = Decimal(int(value))
        else:
            exact = Decimal(repr(float(value)))
            values[spec.code] = exact.quantize(Decimal(1).scaleb(-spec.decimals), ROUND_HALF_UP)
    # 生师比 exactly as the two stated counts give it.
    ratio = values["full_time_students"] / values["full_time_teachers"]
    values["student_teacher_ratio"] = ratio.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return values


def _plant(
    schools: list[DemoSchool],
    catalogs: dict[str, Catalog],
    current: dict[str, Values],
    previous: dict[str, Values],
    seed: int,
) -> list[PlantedError]:
    rng = random.Random(f"{seed}:plant")
    order = sorted(school.code for school in schools)
    rng.shuffle(order)
    wanted = round(len(order) / 10)
    level_of = {school.code: school.level for school in schools}
    kinds = list(PLANTED_KINDS)
    rng.shuffle(kinds)
    planted: list[PlantedError] = []
    for code in order:
        if len(planted) == wanted:
            break
        kind = kinds[len(planted) % len(kinds)]
        result = plant_error(kind, catalogs[level_of[code]], current[code], previous[code], rng)
        if result is not None:
            codes, description = result
            planted.append(PlantedError(code, kind, codes, description))
    return sorted(planted, key=lambda p: p.school_code)
