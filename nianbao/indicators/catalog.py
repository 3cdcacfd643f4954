"""指标目录 (indicator catalog): the six data tables (附表1–6) of one level for one edition,
loaded from `catalog/indicators/<edition>/<level>.yaml`. Pure Python, no Django import.

The file format is described in the head comment of `catalog/indicators/2023/higher.yaml` and
the contract in docs/architecture.md ("Indicator catalog"). Loading checks the file thoroughly
and raises `CatalogError` with a Chinese message that names the file and line.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from nianbao.indicators.catalog_build import build_catalog
from nianbao.indicators.catalog_spec import (
    AGGREGATE_KINDS,
    CHILDREN_SUM,
    LEVELS,
    NUMERIC_TYPES,
    SURVEY_METHODS,
    TABLES,
    UNITS_BY_TYPE,
    VALUE_TYPES,
    Catalog,
    CatalogError,
    IndicatorSpec,
    TableSpec,
)
from nianbao.indicators.catalog_values import parse_value
from nianbao.paths import CATALOG_DIR

__all__ = [
    "code_name",
    "AGGREGATE_KINDS",
    "CHILDREN_SUM",
    "INDICATOR_DIR",
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
    "available_catalogs",
    "load_catalog",
    "load_catalog_file",
    "parse_value",
]

INDICATOR_DIR = CATALOG_DIR / "indicators"
_EDITION = re.compile(r"\d{4}")


def available_catalogs() -> list[tuple[str, str]]:
    """(edition, level) pairs that have a catalog file, sorted."""
    found = [
        (path.parent.name, path.stem)
        for path in INDICATOR_DIR.glob("*/*.yaml")
        if _EDITION.fullmatch(path.parent.name) and path.stem in LEVELS
    ]
    return sorted(found)


@cache
def load_catalog(edition: str, level: str) -> Catalog:
    """The catalog of `level` (`higher` or `secondary`) for `edition` (e.g. "2023"); cached."""
    if level not in LEVELS:
        raise CatalogError(f"未知的学校层次“{level}”：应为 {'、'.join(LEVELS)}")
    path = INDICATOR_DIR / str(edition) / f"{level}.yaml"
    if not path.is_file():
        known = "、".join(f"{e}/{lv}" for e, lv in available_catalogs()) or "无"
        raise CatalogError(f"没有 {edition} 年度“{level}”层次的指标目录；现有：{known}")
    catalog = load_catalog_file(path)
    if (catalog.edition, catalog.level) != (str(edition), level):
        raise CatalogError(
            f"{path.name}：文件声明的版本/层次为 {catalog.edition}/{catalog.level}，"
            f"与所在位置 {edition}/{level} 不符"
        )
    return catalog


def load_catalog_file(path: str | Path) -> Catalog:
    """Load and check one catalog file (not cached)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(f"{path.name}：无法读取文件（{exc.strerror}）") from None
    return build_catalog(text, path.name)


def code_name(code: str) -> str | None:
    """The Chinese name of an indicator or data-table code in any catalog (for the audit log)."""
    for edition, level in reversed(available_catalogs()):
        catalog = load_catalog(edition, level)
        if code in catalog.indicators:
            return catalog.indicators[code].name
        for table in catalog.tables:
            if table.code == code:
                return f"附表{table.number} {table.name}"
    return None
