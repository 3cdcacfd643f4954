"""Aggregation engine (汇总): schools' data values → a city's or the province's figures.

Pure Python over plain data. Each indicator is aggregated as its catalog entry says
(`IndicatorSpec.aggregate`):

- `sum`: the sum over the reporting schools;
- `weighted:<code>`: the mean weighted by `<code>` (satisfaction by 调查人次, rates by their base);
- `recompute:<expr>`: the expression over the aggregated values (生师比 = students ÷ teachers,
  never a mean of ratios);
- `mean`, `max`: over the reporting schools; `none`: not aggregated.

调查方式 (a `_method` value) is carried: the one method every school used, otherwise the methods
used, most frequent first. Which schools count is decided by the caller (`SchoolData.counted`);
coverage "N / M 所学校" is part of every result, and a value with an unresolved error-level
validation finding is left out and listed in `Aggregate.exclusions`, never dropped silently.

    result = aggregate(catalog, schools)
    result.values["graduates"], result.coverage.label  # Decimal("120837"), "48 / 50 所学校"
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from nianbao.indicators.catalog import Catalog
from nianbao.indicators.catalog_expr import evaluate, expression_codes
from nianbao.indicators.catalog_spec import IndicatorSpec

__all__ = [
    "Aggregate",
    "Coverage",
    "Exclusion",
    "SchoolData",
    "aggregate",
    "aggregate_groups",
]

Value = Decimal | str | None


@dataclass(frozen=True)
class SchoolData:
    """One school's values in one cycle, and whether its report counts.

    `counted`: the report is submitted or approved (the caller decides); `excluded` maps an
    indicator code to the message of the unresolved error that keeps its value out;
    `attributes` carries what structure charts need (举办性质 `ownership`, `school_level`).
    """

    code: str
    name: str
    level: str
    city: str
    values: Mapping[str, Value]
    counted: bool = True
    excluded: Mapping[str, str] = field(default_factory=dict)
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Coverage:
    """Which reports an aggregate covers: N counted reports of M schools that must report."""

    reporting: int
    expected: int

    @property
    def label(self) -> str:
        return f"{self.reporting} / {self.expected} 所学校"

    def as_dict(self) -> dict:
        return {"reporting": self.reporting, "expected": self.expected, "label": self.label}


@dataclass(frozen=True)
class Exclusion:
    """A value left out of the aggregate because of an unresolved error-level finding."""

    school_code: str
    school_name: str
    indicator: str
    message: str


@dataclass(frozen=True)
class Aggregate:
    """Aggregated values of one level for one area; `reporting[code]` counts contributing schools."""

    level: str
    values: dict[str, Value]
    reporting: dict[str, int]
    coverage: Coverage
    exclusions: tuple[Exclusion, ...] = ()

    def number(self, code: str) -> Decimal | None:
        value = self.values.get(code)
        return value if isinstance(value, Decimal) else None


def aggregate(catalog: Catalog, schools: Iterable[SchoolData]) -> Aggregate:
    """Aggregate every indicator of `catalog` over the counted schools of its level."""
    level_schools = [s for s in schools if s.level == catalog.level]
    counted = [s for s in level_schools if s.counted]
    exclusions = tuple(
        Exclusion(s.code, s.name, code, message)
        for s in counted
        for code, message in sorted(s.excluded.items())
        if s.values.get(code) is not None
    )
    values: dict[str, Value] = {}
    reporting: dict[str, int] = {}
    later: list[IndicatorSpec] = []
    for spec in catalog.indicators.values():
        if spec.aggregate_kind == "recompute":
            later.append(spec)
            continue
        contributions = _contributions(spec, counted)
        reporting[spec.code] = len(contributions)
        values[spec.code] = _combine(spec, contributions, counted)
    for spec in later:
        result = evaluate(spec.aggregate_arg, values)
        values[spec.code] = _rounded(spec, result) if result is not None else None
        reporting[spec.code] = min(
            (reporting.get(c, 0) for c in expression_codes(spec.aggregate_arg)), default=0
        )
    return Aggregate(
        level=catalog.level,
        values=values,
        reporting=reporting,
        coverage=Coverage(len(counted), len(level_schools)),
        exclusions=exclusions,
    )


def aggregate_groups(
    catalog: Catalog, schools: Iterable[SchoolData], key: Callable[[SchoolData], str]
) -> dict[str, Aggregate]:
    """One aggregate per group (e.g. `key=lambda s: s.city`), groups in first-seen order."""
    groups: dict[str, list[SchoolData]] = {}
    for school in schools:
        groups.setdefault(key(school), []).append(school)
    return {name: aggregate(catalog, members) for name, members in groups.items()}


def _usable(school: SchoolData, code: str) -> Value:
    return None if code in school.excluded else school.values.get(code)


def _contributions(spec: IndicatorSpec, schools: list[SchoolData]) -> list[tuple[Value, Value]]:
    """(value, weight) of every school that gives a usable value (weight None if unweighted)."""
    weight_code = spec.aggregate_arg if spec.aggregate_kind == "weighted" else ""
    out = []
    for school in schools:
        value = _usable(school, spec.code)
        if value is None or (spec.is_numeric and not isinstance(value, Decimal)):
            continue
        weight = _usable(school, weight_code) if weight_code else None
        if weight_code and not (isinstance(weight, Decimal) and weight > 0):
            continue
        out.append((value, weight))
    return out


def _combine(spec: IndicatorSpec, contributions, schools) -> Value:
    if not contributions:
        return None
    kind = spec.aggregate_kind
    if spec.survey_of and spec.code.endswith("_method"):
        return _carried_method([v for v, _ in contributions])
    if not spec.is_numeric or kind == "none":
        return None
    numbers = [v for v, _ in contributions]
    if kind == "sum":
        return sum(numbers, Decimal(0))
    if kind == "max":
        return max(numbers)
    if kind == "mean":
        return _rounded(spec, sum(numbers, Decimal(0)) / len(numbers))
    if kind == "weighted":
        total = sum((w for _, w in contributions), Decimal(0))
        return _rounded(spec, sum((v * w for v, w in contributions), Decimal(0)) / total)
    raise ValueError(f"未知的汇总方式“{spec.aggregate}”（指标 {spec.code}）")


def _carried_method(methods: list[Value]) -> str:
    counts = Counter(str(m) for m in methods)
    return "、".join(m for m, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _rounded(spec: IndicatorSpec, value: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-spec.decimals), ROUND_HALF_UP)
