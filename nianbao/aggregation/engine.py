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

`aggregate_with_groups` gives the whole and each group (city) at once, checking every value once.
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
    "aggregate_with_groups",
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
    whole, _ = _aggregate_sets(catalog, schools, key=None)
    return whole


def aggregate_groups(
    catalog: Catalog, schools: Iterable[SchoolData], key: Callable[[SchoolData], str]
) -> dict[str, Aggregate]:
    """One aggregate per group (e.g. `key=lambda s: s.city`), groups in first-seen order."""
    _, groups = _aggregate_sets(catalog, schools, key)
    return groups


def aggregate_with_groups(
    catalog: Catalog, schools: Iterable[SchoolData], key: Callable[[SchoolData], str]
) -> tuple[Aggregate, dict[str, Aggregate]]:
    """`aggregate` and `aggregate_groups` together, reading each school's values once."""
    return _aggregate_sets(catalog, schools, key)


@dataclass
class _Members:
    """The schools of one set at the catalog's level: how many, and the table rows of the
    counted ones (in the order given)."""

    expected: int = 0
    rows: list[int] = field(default_factory=list)


def _aggregate_sets(
    catalog: Catalog, schools: Iterable[SchoolData], key: Callable[[SchoolData], str] | None
) -> tuple[Aggregate, dict[str, Aggregate]]:
    counted: list[SchoolData] = []
    whole = _Members()
    groups: dict[str, _Members] = {}
    for school in schools:
        sets = [whole]
        if key is not None:
            sets.append(groups.setdefault(key(school), _Members()))
        if school.level != catalog.level:
            continue
        for members in sets:
            members.expected += 1
            if school.counted:
                members.rows.append(len(counted))
        if school.counted:
            counted.append(school)
    table = _Table(catalog, counted)
    return table.aggregate(whole), {name: table.aggregate(m) for name, m in groups.items()}


class _Table:
    """The counted schools' contributions, one column per indicator (a school's value, or its
    (value, weight) pair for a weighted mean; None if it gives none): each value is checked once
    however many sets (the region, each city) are aggregated over the rows."""

    def __init__(self, catalog: Catalog, counted: list[SchoolData]) -> None:
        self.catalog = catalog
        self.counted = counted
        usable = [_usable_values(s) for s in counted]
        self.specs = [s for s in catalog.indicators.values() if s.aggregate_kind != "recompute"]
        self.later = [s for s in catalog.indicators.values() if s.aggregate_kind == "recompute"]
        self.columns = {spec.code: _column(spec, usable) for spec in self.specs}

    def aggregate(self, members: _Members) -> Aggregate:
        rows = members.rows
        schools = [self.counted[i] for i in rows]
        exclusions = tuple(
            Exclusion(s.code, s.name, code, message)
            for s in schools
            for code, message in sorted(s.excluded.items())
            if s.values.get(code) is not None
        )
        values: dict[str, Value] = {}
        reporting: dict[str, int] = {}
        for spec in self.specs:
            column = self.columns[spec.code]
            contributions = [c for i in rows if (c := column[i]) is not None]
            reporting[spec.code] = len(contributions)
            values[spec.code] = _combine(spec, contributions)
        for spec in self.later:
            result = evaluate(spec.aggregate_arg, values)
            values[spec.code] = _rounded(spec, result) if result is not None else None
            reporting[spec.code] = min(
                (reporting.get(c, 0) for c in expression_codes(spec.aggregate_arg)), default=0
            )
        return Aggregate(
            level=self.catalog.level,
            values=values,
            reporting=reporting,
            coverage=Coverage(len(rows), members.expected),
            exclusions=exclusions,
        )


def _usable_values(school: SchoolData) -> Mapping[str, Value]:
    """The school's values without those an unresolved error keeps out."""
    if not school.excluded:
        return school.values
    return {c: v for c, v in school.values.items() if c not in school.excluded}


def _column(spec: IndicatorSpec, usable: list[Mapping[str, Value]]) -> list:
    """Each school's contribution to `spec`: its usable value (a number if the indicator is
    numeric), with a weight above zero for a weighted mean; None if it gives none."""
    code, numeric = spec.code, spec.is_numeric
    if spec.aggregate_kind == "weighted":
        weight_code = spec.aggregate_arg
        return [
            (v, w)
            if v is not None
            and (isinstance(v, Decimal) or not numeric)
            and isinstance(w, Decimal)
            and w > 0
            else None
            for v, w in [(u.get(code), u.get(weight_code)) for u in usable]
        ]
    if numeric:
        return [v if isinstance(v := u.get(code), Decimal) else None for u in usable]
    return [u.get(code) for u in usable]


def _combine(spec: IndicatorSpec, contributions: list) -> Value:
    """The aggregate of the contributions: values, or (value, weight) pairs if weighted."""
    if not contributions:
        return None
    kind = spec.aggregate_kind
    if spec.survey_of and spec.code.endswith("_method"):
        methods = [c[0] for c in contributions] if kind == "weighted" else contributions
        return _carried_method(methods)
    if not spec.is_numeric or kind == "none":
        return None
    if kind == "weighted":
        total = sum([w for _, w in contributions], Decimal(0))
        return _rounded(spec, sum([v * w for v, w in contributions], Decimal(0)) / total)
    if kind == "sum":
        return sum(contributions, Decimal(0))
    if kind == "max":
        return max(contributions)
    if kind == "mean":
        return _rounded(spec, sum(contributions, Decimal(0)) / len(contributions))
    raise ValueError(f"未知的汇总方式“{spec.aggregate}”（指标 {spec.code}）")


def _carried_method(methods: list[Value]) -> str:
    counts = Counter(str(m) for m in methods)
    return "、".join(m for m, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _rounded(spec: IndicatorSpec, value: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-spec.decimals), ROUND_HALF_UP)
