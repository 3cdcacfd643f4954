"""The catalog's data classes and vocabularies: 数据表 (`TableSpec`), 指标 (`IndicatorSpec`) and
the whole 指标目录 (`Catalog`). Import them from `nianbao.indicators.catalog`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = [
    "AGGREGATE_KINDS",
    "CHILDREN_SUM",
    "LEVELS",
    "NUMERIC_TYPES",
    "SURVEY_METHODS",
    "TABLES",
    "UNITS_BY_TYPE",
    "VALUE_TYPES",
    "Catalog",
    "CatalogError",
    "IndicatorSpec",
    "TableSpec",
]

LEVELS = ("higher", "secondary")

# Table code -> appendix number (附表 N); the numbering is fixed across editions.
TABLES: dict[str, int] = {
    "scorecard": 1,
    "satisfaction": 2,
    "teaching_resources": 3,
    "international_influence": 4,
    "service_contribution": 5,
    "policy_implementation": 6,
}

# Units each value type may carry; a count with unit % is a catalog error.
UNITS_BY_TYPE: dict[str, frozenset[str]] = {
    "count": frozenset({"人", "人次", "个", "门", "学时", "课时", "本", "项", "所", "人日"}),
    "amount": frozenset({"元", "万元", "元/生"}),
    "percent": frozenset({"%"}),
    "ratio": frozenset({":"}),
    "decimal": frozenset({"Mbps", "个/生", "学时", "课时", "人日", "人"}),
    "text": frozenset({""}),
    "choice": frozenset({""}),
}
VALUE_TYPES = tuple(UNITS_BY_TYPE)
NUMERIC_TYPES = frozenset({"count", "amount", "percent", "ratio", "decimal"})
DEFAULT_DECIMALS = {"count": 0, "amount": 2, "percent": 2, "ratio": 2, "decimal": 2}
CHILDREN_SUM = ("exhaustive", "subset", "none")
AGGREGATE_KINDS = ("sum", "weighted", "recompute", "mean", "max", "none")
SURVEY_METHODS = ("网络问卷调查", "问卷调查", "现场问卷调查", "访谈", "其他")


class CatalogError(ValueError):
    """A catalog file is missing or malformed; the Chinese message names the file and line."""


@dataclass(frozen=True)
class IndicatorSpec:
    """指标: one row (or one value of a two-value row) of a data table.

    `parent` is the row this is a 其中 row of (`children_sum` of the parent says how they
    relate); `row_of` marks the 学时 value of a 门/学时 row; `survey_of` marks the 调查人次 and
    调查方式 values the loader adds after a satisfaction row. `label` is the text of the
    appendix's 指标 cell, with the "其中：" prefix on a parent's first child.
    """

    code: str
    table: str
    seq: int | None
    name: str
    unit: str
    value_type: str
    parent: str | None = None
    depth: int = 0
    children_sum: str = "none"
    definition: str = ""
    aggregate: str = "none"
    row_of: str | None = None
    choices: tuple[str, ...] = ()
    decimals: int = 0
    children: tuple[str, ...] = ()
    display_name: str = ""
    label: str = ""
    survey: bool = False
    survey_of: str | None = None
    line: int = 0

    @property
    def is_numeric(self) -> bool:
        return self.value_type in NUMERIC_TYPES

    @property
    def aggregate_kind(self) -> str:
        """`sum`, `weighted`, `recompute`, `mean`, `max` or `none`."""
        return self.aggregate.partition(":")[0]

    @property
    def aggregate_arg(self) -> str:
        """The weight code of `weighted:` or the expression of `recompute:` ("" otherwise)."""
        return self.aggregate.partition(":")[2].strip()

    @property
    def is_appendix_row(self) -> bool:
        """False for the 调查人次/调查方式 values, which the appendix shows as columns."""
        return self.survey_of is None


@dataclass(frozen=True)
class TableSpec:
    """数据表: one of the six appendix tables."""

    code: str
    number: int
    name: str
    indicators: tuple[IndicatorSpec, ...] = ()

    def codes(self) -> tuple[str, ...]:
        return tuple(spec.code for spec in self.indicators)


@dataclass(frozen=True)
class Catalog:
    """指标目录: the data tables of one level (`higher`, `secondary`) for one edition."""

    edition: str
    level: str
    name: str
    tables: tuple[TableSpec, ...]
    indicators: dict[str, IndicatorSpec] = field(default_factory=dict, compare=False)
    _table_of: dict[str, TableSpec] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        indicators = {spec.code: spec for table in self.tables for spec in table.indicators}
        object.__setattr__(self, "indicators", indicators)
        table_of = {table.code: table for table in self.tables}
        table_of.update({code: table_of[spec.table] for code, spec in indicators.items()})
        object.__setattr__(self, "_table_of", table_of)

    def __iter__(self) -> Iterator[IndicatorSpec]:
        return iter(self.indicators.values())

    def __contains__(self, code: object) -> bool:
        return code in self.indicators

    def __getitem__(self, code: str) -> IndicatorSpec:
        return self.indicators[code]

    def codes(self, table: str | None = None) -> tuple[str, ...]:
        """Indicator codes in display order, of one table or of all."""
        if table is None:
            return tuple(self.indicators)
        return self.table(table).codes()

    def table(self, code: str) -> TableSpec:
        """The table with this table code, or the table holding this indicator code."""
        try:
            return self._table_of[code]
        except KeyError:
            raise KeyError(f"指标目录 {self.edition}/{self.level} 中没有“{code}”") from None

    def children(self, code: str) -> tuple[IndicatorSpec, ...]:
        return tuple(self.indicators[c] for c in self.indicators[code].children)
